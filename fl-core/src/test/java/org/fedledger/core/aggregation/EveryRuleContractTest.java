package org.fedledger.core.aggregation;


import org.junit.jupiter.api.Nested;

/** Runs {@link AggregationRuleContractTest} against every rule, plain and wrapped in clipping. */
class EveryRuleContractTest {
    @Nested
    class FedAvg extends AggregationRuleContractTest {
        @Override
        RuleSpec spec() {
            return RuleSpec.of(RuleName.FEDAVG);
        }
    }

    @Nested
    class Mean extends AggregationRuleContractTest {
        @Override
        RuleSpec spec() {
            return RuleSpec.of(RuleName.MEAN);
        }
    }

    @Nested
    class Median extends AggregationRuleContractTest {
        @Override
        RuleSpec spec() {
            return RuleSpec.of(RuleName.MEDIAN);
        }
    }

    @Nested
    class TrimmedMean extends AggregationRuleContractTest {
        @Override
        RuleSpec spec() {
            return Fixtures.spec(RuleName.TRIMMED_MEAN, RuleSpec.BETA, "0.2");
        }
    }

    @Nested
    class Krum extends AggregationRuleContractTest {
        @Override
        RuleSpec spec() {
            return Fixtures.spec(RuleName.KRUM, RuleSpec.F, "1");
        }
    }

    @Nested
    class MultiKrum extends AggregationRuleContractTest {
        @Override
        RuleSpec spec() {
            return Fixtures.spec(RuleName.MULTI_KRUM, RuleSpec.F, "1", RuleSpec.M, "3");
        }
    }

    @Nested
    class ClippedFedAvg extends AggregationRuleContractTest {
        @Override
        RuleSpec spec() {
            return Fixtures.spec(RuleName.FEDAVG, RuleSpec.CLIP_NORM, "3.5");
        }
    }

    @Nested
    class ClippedMedian extends AggregationRuleContractTest {
        @Override
        RuleSpec spec() {
            return Fixtures.spec(RuleName.MEDIAN, RuleSpec.CLIP_NORM, "2");
        }
    }

    @Nested
    class ClippedMultiKrum extends AggregationRuleContractTest {
        @Override
        RuleSpec spec() {
            return Fixtures.spec(RuleName.MULTI_KRUM, RuleSpec.F, "1", RuleSpec.M, "2", RuleSpec.CLIP_NORM, "10");
        }
    }
}

package org.fedledger.core.aggregation;

import java.util.ArrayList;
import java.util.List;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.Tensor;
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
    class WeightedMedian extends AggregationRuleContractTest {
        @Override
        RuleSpec spec() {
            return RuleSpec.of(RuleName.WEIGHTED_MEDIAN);
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
    class WeightedTrimmedMean extends AggregationRuleContractTest {
        @Override
        RuleSpec spec() {
            return Fixtures.spec(RuleName.WEIGHTED_TRIMMED_MEAN, RuleSpec.BETA, "0.2");
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
    class ExactFedAvg extends AggregationRuleContractTest {
        @Override
        RuleSpec spec() {
            return Fixtures.spec(RuleName.EXACT_FEDAVG, RuleSpec.SCALE_BITS, "24");
        }

        @Override
        Model aggregateOfIdentical(Model same) {
            return atResolution(same, FixedPoint.of(spec()));
        }
    }

    @Nested
    class ClippedExactFedAvg extends AggregationRuleContractTest {
        @Override
        RuleSpec spec() {
            return Fixtures.spec(RuleName.EXACT_FEDAVG, RuleSpec.SCALE_BITS, "16", RuleSpec.CLIP_NORM, "3.5");
        }

        @Override
        Model aggregateOfIdentical(Model same) {
            return atResolution(same, FixedPoint.of(spec()));
        }
    }

    /** Every value of {@code model} through its code and back. */
    static Model atResolution(Model model, FixedPoint format) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : model.tensors()) {
            float[] values = t.values();
            for (int j = 0; j < values.length; j++) {
                values[j] = format.value(format.code(values[j]));
            }
            out.add(Tensor.of(t.spec(), values));
        }
        return Model.of(out);
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

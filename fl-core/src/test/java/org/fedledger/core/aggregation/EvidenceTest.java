package org.fedledger.core.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.fedledger.core.model.Model;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Issue 24, item 5: every rule that does something to an input says what, per input, exactly: what a
 * trimmed mean trimmed, which inputs set a median, each update's norm and clip factor.
 */
class EvidenceTest {
    private static AggregationResult run(RuleSpec spec, Model base, AggregationInput... inputs) {
        return AggregationRules.of(spec).aggregate(List.of(inputs), base).orElseThrow();
    }

    @Nested
    class TrimmedMean {
        @Test
        void counts_per_input_the_coordinates_trimmed_at_each_end() {
            // 5 inputs, trim 1 at each end; "e" is the outlier high at both coordinates, "a" low at both.
            AggregationResult r = run(Fixtures.spec(RuleName.TRIMMED_MEAN, "beta", "0.2"), Fixtures.vector(0f, 0f),
                    Fixtures.input("a", 1, -9f, -9f), Fixtures.input("b", 1, 1f, 5f), Fixtures.input("c", 1, 2f, 4f),
                    Fixtures.input("d", 1, 3f, 3f), Fixtures.input("e", 1, 90f, 90f));
            assertThat(r.evidence()).containsExactly(InputEvidence.trimmed("a", 2, 0), InputEvidence.trimmed("b", 0, 0),
                    InputEvidence.trimmed("c", 0, 0), InputEvidence.trimmed("d", 0, 0),
                    InputEvidence.trimmed("e", 0, 2));
            assertThat(Fixtures.values(r.model())).containsExactly(2f, 4f);
        }

        @Test
        void ranks_equal_values_by_ascending_id() {
            AggregationResult r = run(Fixtures.spec(RuleName.TRIMMED_MEAN, "beta", "0.34"), Fixtures.vector(0f),
                    Fixtures.input("x", 1, 7f), Fixtures.input("y", 1, 7f), Fixtures.input("z", 1, 7f));
            assertThat(r.evidence()).containsExactly(InputEvidence.trimmed("x", 1, 0), InputEvidence.trimmed("y", 0, 0),
                    InputEvidence.trimmed("z", 0, 1));
        }

        @Test
        void trims_as_many_values_as_there_are_coordinates_times_twice_the_trim() {
            List<AggregationInput> inputs = Fixtures.randomInputs(7, 9, new int[] {5, 300}, 2f);
            AggregationResult r = AggregationRules.of(Fixtures.spec(RuleName.TRIMMED_MEAN, "beta", "0.25"))
                    .aggregate(inputs, inputs.get(0).model()).orElseThrow();
            long low = r.evidence().stream().mapToLong(InputEvidence::trimmedLow).sum();
            long high = r.evidence().stream().mapToLong(InputEvidence::trimmedHigh).sum();
            assertThat(low).isEqualTo(2L * 305);
            assertThat(high).isEqualTo(2L * 305);
        }
    }

    @Nested
    class Median {
        @Test
        void counts_the_input_that_set_each_coordinate_for_an_odd_count() {
            AggregationResult r = run(Fixtures.spec(RuleName.MEDIAN), Fixtures.vector(0f, 0f, 0f),
                    Fixtures.input("a", 1, 1f, 9f, 5f), Fixtures.input("b", 1, 2f, 8f, 5f),
                    Fixtures.input("c", 1, 3f, 7f, 5f));
            // b sets coordinates 0 and 1; at coordinate 2 all equal, the middle rank goes to b by id
            assertThat(r.evidence()).containsExactly(InputEvidence.median("a", 0), InputEvidence.median("b", 3),
                    InputEvidence.median("c", 0));
        }

        @Test
        void counts_both_middle_inputs_for_an_even_count() {
            AggregationResult r = run(Fixtures.spec(RuleName.MEDIAN), Fixtures.vector(0f, 0f),
                    Fixtures.input("a", 1, 1f, 40f), Fixtures.input("b", 1, 2f, 30f), Fixtures.input("c", 1, 3f, 20f),
                    Fixtures.input("d", 1, 4f, 10f));
            assertThat(r.evidence()).containsExactly(InputEvidence.median("a", 0), InputEvidence.median("b", 2),
                    InputEvidence.median("c", 2), InputEvidence.median("d", 0));
            assertThat(Fixtures.values(r.model())).containsExactly(2.5f, 25f);
        }
    }

    @Nested
    class Clipping {
        @Test
        void records_each_update_norm_and_clip_factor_as_exact_decimals() {
            Model base = Fixtures.vector(0f, 0f);
            AggregationResult r = run(Fixtures.spec(RuleName.FEDAVG, "clip_norm", "1"), base,
                    Fixtures.input("a", 1, 3f, 4f), Fixtures.input("b", 1, 0.5f, 0f));
            double factor = 1.0 / 5.0;
            assertThat(r.evidence()).containsExactly(
                    new InputEvidence("a", null, null, null, "5", new BigDecimal(factor).toPlainString()),
                    new InputEvidence("b", null, null, null, "0.5", "1"));
            assertThat(new BigDecimal(r.evidence().get(0).clipFactor()).doubleValue()).isEqualTo(factor);
        }

        @Test
        void joins_the_wrapped_rule_evidence() {
            AggregationResult r = run(Fixtures.spec(RuleName.MEDIAN, "clip_norm", "100"), Fixtures.vector(0f),
                    Fixtures.input("a", 1, 1f), Fixtures.input("b", 1, 2f), Fixtures.input("c", 1, 3f));
            assertThat(r.evidence()).containsExactly(new InputEvidence("a", null, null, 0L, "1", "1"),
                    new InputEvidence("b", null, null, 1L, "2", "1"), new InputEvidence("c", null, null, 0L, "3", "1"));
        }

        @Test
        void gives_the_same_evidence_streamed_one_input_at_a_time_and_in_partial_exact_sums() {
            int[] sizes = {4, 200};
            Model base = Fixtures.randomModel(new SplittableRandom(3), sizes, 0.5f);
            List<AggregationInput> inputs = Fixtures.randomInputs(21, 6, sizes, 2f);
            for (RuleSpec spec : List.of(Fixtures.spec(RuleName.FEDAVG, "clip_norm", "3.5"),
                    Fixtures.spec(RuleName.EXACT_FEDAVG, "scale_bits", "16", "clip_norm", "3.5"))) {
                AggregationRule rule = AggregationRules.of(spec);
                AggregationResult batch = rule.aggregate(inputs, base).orElseThrow();
                SortedMap<String, Long> samples = new TreeMap<>();
                inputs.forEach(i -> samples.put(i.id(), i.sampleCount()));
                StreamingAggregation stream = rule.streaming(samples, base).orElseThrow();
                inputs.stream().sorted(Inputs.BY_ID).forEach(stream::add);
                assertThat(stream.finish().evidence()).as("%s", spec).isEqualTo(batch.evidence()).hasSize(6);
                assertThat(batch.evidence()).anyMatch(e -> !e.clipFactor().equals("1"));
                if (spec.rule().sumsExactly()) {
                    ExactSum halves = ExactSum.of(spec, inputs.subList(3, 6), base)
                            .merge(ExactSum.of(spec, inputs.subList(0, 3), base));
                    assertThat(halves.result().orElseThrow().evidence()).isEqualTo(batch.evidence());
                }
            }
        }
    }

    @Test
    void does_not_depend_on_the_order_of_the_inputs() {
        List<AggregationInput> inputs = new ArrayList<>(Fixtures.randomInputs(9, 8, new int[] {50}, 1f));
        Model base = inputs.get(0).model();
        for (RuleSpec spec : List.of(Fixtures.spec(RuleName.MEDIAN), Fixtures.spec(RuleName.TRIMMED_MEAN, "beta", "0.2"),
                Fixtures.spec(RuleName.MULTI_KRUM, "f", "1", "m", "4", "clip_norm", "0.25"))) {
            AggregationResult first = AggregationRules.of(spec).aggregate(inputs, base).orElseThrow();
            Collections.shuffle(inputs, new java.util.Random(5));
            AggregationResult again = AggregationRules.of(spec).aggregate(inputs, base).orElseThrow();
            assertThat(again.evidence()).as("%s", spec).isEqualTo(first.evidence()).hasSize(8);
            assertThat(first.evidence()).allSatisfy(e -> assertThat(e.measures()).isEqualTo(spec.evidence()));
        }
    }

    @Test
    void is_empty_for_rules_that_do_nothing_to_an_input() {
        List<AggregationInput> inputs = Fixtures.randomInputs(4, 5, new int[] {30}, 1f);
        for (RuleName rule : List.of(RuleName.FEDAVG, RuleName.MEAN)) {
            assertThat(run(RuleSpec.of(rule), inputs.get(0).model(), inputs.toArray(new AggregationInput[0]))
                    .evidence()).isEmpty();
            assertThat(RuleSpec.of(rule).evidence()).isEmpty();
        }
    }

    @Test
    void refuses_malformed_values() {
        assertThatThrownBy(() -> new InputEvidence("a", -1L, 0L, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trimmedLow");
        assertThatThrownBy(() -> new InputEvidence("a", null, null, null, "1.50", "1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("updateNorm");
        assertThatThrownBy(() -> new InputEvidence("a", null, null, null, "2", "1.5"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clipFactor");
        assertThatThrownBy(() -> new InputEvidence("a", null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no measure");
    }
}

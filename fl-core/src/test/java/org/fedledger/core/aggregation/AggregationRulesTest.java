package org.fedledger.core.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.fedledger.core.aggregation.Fixtures.input;
import static org.fedledger.core.aggregation.Fixtures.spec;
import static org.fedledger.core.aggregation.Fixtures.values;
import static org.fedledger.core.aggregation.Fixtures.vector;

import java.util.ArrayList;
import java.util.List;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.Tensor;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Hand-computed results of each rule on tiny inputs. */
class AggregationRulesTest {
    private static final Model BASE2 = vector(0f, 0f);

    private static AggregationResult aggregate(RuleSpec spec, Model base, AggregationInput... inputs) {
        return AggregationRules.of(spec).aggregate(List.of(inputs), base).orElseThrow();
    }

    @Nested
    class FedAvg {
        private final RuleSpec fedAvg = RuleSpec.of(RuleName.FEDAVG);

        @Test
        void fedavg_weights_by_declared_samples() {
            AggregationResult result = aggregate(fedAvg, BASE2,
                    input("b", 3, 4f, 8f),
                    input("a", 1, 1f, 2f));

            // (1 * 1 + 3 * 4) / 4 = 3.25 and (1 * 2 + 3 * 8) / 4 = 6.5
            assertThat(values(result.model())).containsExactly(3.25f, 6.5f);
        }

        @Test
        void fedavg_reports_samples_over_total_without_reducing_the_fraction() {
            AggregationResult result = aggregate(fedAvg, BASE2,
                    input("a", 2, 1f, 2f),
                    input("b", 4, 4f, 8f));

            assertThat(result.weights()).containsExactly(new InputWeight("a", 2, 6), new InputWeight("b", 4, 6));
            assertThat(result.exclusions()).isEmpty();
        }

        @Test
        void fedavg_sums_products_in_double_and_rounds_once_to_float() {
            AggregationResult result = aggregate(fedAvg, vector(0f),
                    input("a", 1, 0.1f),
                    input("b", 2, 0.2f));

            float expected = (float) ((1.0 * 0.1f + 2.0 * 0.2f) / 3.0);
            assertThat(Float.floatToRawIntBits(values(result.model())[0])).isEqualTo(Float.floatToRawIntBits(expected));
        }

        @Test
        void fedavg_of_one_input_is_that_input() {
            AggregationResult result = aggregate(fedAvg, BASE2, input("only", 17, 0.3f, -7.25f));

            assertThat(values(result.model())).containsExactly(0.3f, -7.25f);
            assertThat(result.weights()).containsExactly(new InputWeight("only", 17, 17));
        }
    }

    @Nested
    class Mean {
        @Test
        void mean_ignores_sample_counts() {
            AggregationResult result = aggregate(RuleSpec.of(RuleName.MEAN), BASE2,
                    input("a", 1, 1f, 2f),
                    input("b", 100, 3f, 4f),
                    input("c", 7, 8f, 0f));

            assertThat(values(result.model())).containsExactly(4f, 2f);
            assertThat(result.weights()).containsExactly(
                    new InputWeight("a", 1, 3), new InputWeight("b", 1, 3), new InputWeight("c", 1, 3));
        }
    }

    @Nested
    class Median {
        private final RuleSpec median = RuleSpec.of(RuleName.MEDIAN);

        @Test
        void median_takes_the_middle_value_of_each_coordinate() {
            AggregationResult result = aggregate(median, BASE2,
                    input("a", 1, 1f, 30f),
                    input("b", 1, 5f, 10f),
                    input("c", 1, 3f, 20f));

            assertThat(values(result.model())).containsExactly(3f, 20f);
            assertThat(result.weights()).containsOnly(
                    new InputWeight("a", 1, 3), new InputWeight("b", 1, 3), new InputWeight("c", 1, 3));
        }

        @Test
        void median_of_an_even_count_averages_the_two_middle_values() {
            AggregationResult result = aggregate(median, BASE2,
                    input("a", 1, 1f, -4f),
                    input("b", 1, 20f, 0f),
                    input("c", 1, 2f, -1f),
                    input("d", 1, 10f, 100f));

            // sorted (1, 2, 10, 20) -> (2 + 10) / 2; sorted (-4, -1, 0, 100) -> (-1 + 0) / 2
            assertThat(values(result.model())).containsExactly(6f, -0.5f);
        }

        @Test
        void median_of_two_middle_values_is_computed_in_double_then_rounded_to_float() {
            float next = Math.nextUp(1f);
            AggregationResult result = aggregate(median, vector(0f),
                    input("a", 1, 1f),
                    input("b", 1, next));

            // 1 + 2^-24 lies exactly between two floats; rounding to float goes to the even one, 1.0
            float expected = (float) ((1.0 + (double) next) / 2.0);
            assertThat(expected).isEqualTo(1f);
            assertThat(values(result.model())).containsExactly(expected);
        }

        @Test
        void median_ignores_a_single_extreme_outlier() {
            AggregationResult result = aggregate(median, BASE2,
                    input("a", 1, 1f, 1f),
                    input("b", 1, 1.5f, 2f),
                    input("evil", 1, 1e30f, -1e30f));

            assertThat(values(result.model())).containsExactly(1.5f, 1f);
        }
    }

    @Nested
    class TrimmedMean {
        @Test
        void trimmed_mean_ignores_extremes() {
            RuleSpec spec = spec(RuleName.TRIMMED_MEAN, RuleSpec.BETA, "0.2");

            AggregationResult result = aggregate(spec, BASE2,
                    input("a", 1, 1f, -1000f),
                    input("b", 1, 2f, 5f),
                    input("c", 1, 3f, 5f),
                    input("d", 1, 4f, 5f),
                    input("e", 1, 1000f, 5f));

            // floor(0.2 * 5) = 1 value dropped at each end: mean(2, 3, 4) and mean(5, 5, 5)
            assertThat(values(result.model())).containsExactly(3f, 5f);
            assertThat(result.weights()).hasSize(5).allSatisfy(w -> assertThat(w.denominator()).isEqualTo(5));
        }

        @Test
        void trimmed_mean_with_beta_zero_is_the_mean() {
            RuleSpec spec = spec(RuleName.TRIMMED_MEAN, RuleSpec.BETA, "0");

            AggregationResult result = aggregate(spec, BASE2,
                    input("a", 1, 1f, 2f),
                    input("b", 1, 3f, 4f),
                    input("c", 1, 8f, 0f));

            assertThat(values(result.model())).containsExactly(4f, 2f);
        }

        @Test
        void trimmed_mean_trims_exactly_floor_beta_times_n_for_a_decimal_beta() {
            // In double, 0.29 * 100 is 28.999999999999996; the rule must still trim 29 at each end.
            RuleSpec spec = spec(RuleName.TRIMMED_MEAN, RuleSpec.BETA, "0.29");
            List<AggregationInput> inputs = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                inputs.add(input(String.format("u%03d", i), 1, (float) (i * i)));
            }

            AggregationResult result = AggregationRules.of(spec).aggregate(inputs, vector(0f)).orElseThrow();

            double sum = 0;
            for (int i = 29; i <= 70; i++) {
                sum += i * i;
            }
            assertThat(values(result.model())).containsExactly((float) (sum / 42));
        }

        @Test
        void trimmed_mean_of_one_input_is_that_input() {
            RuleSpec spec = spec(RuleName.TRIMMED_MEAN, RuleSpec.BETA, "0.4");

            AggregationResult result = aggregate(spec, BASE2, input("a", 1, 1.25f, -3f));

            assertThat(values(result.model())).containsExactly(1.25f, -3f);
        }
    }

    @Nested
    class Krum {
        private final RuleSpec krum = spec(RuleName.KRUM, RuleSpec.F, "1");

        /** Four corners of a unit square, its centre (id sorts last) and one far outlier. */
        private AggregationInput[] squareWithCentreAndOutlier() {
            return new AggregationInput[] {
                input("a", 1, 0f, 0f),
                input("b", 1, 1f, 0f),
                input("c", 1, 0f, 1f),
                input("d", 1, 1f, 1f),
                input("x-outlier", 1, 10f, 10f),
                input("z-centre", 1, 0.5f, 0.5f),
            };
        }

        @Test
        void krum_picks_the_input_closest_to_its_honest_neighbours() {
            // n = 6, f = 1: each score sums the 3 smallest squared distances.
            // centre: 0.5 + 0.5 + 0.5 = 1.5; each corner: 0.5 + 1 + 1 = 2.5; outlier: far larger.
            AggregationResult result = aggregate(krum, BASE2, squareWithCentreAndOutlier());

            assertThat(values(result.model())).containsExactly(0.5f, 0.5f);
            assertThat(result.weights()).containsExactly(new InputWeight("z-centre", 1, 1));
            assertThat(result.exclusions()).extracting(Exclusion::id)
                    .containsExactly("a", "b", "c", "d", "x-outlier");
            assertThat(result.exclusions()).extracting(Exclusion::reason).containsOnly(ExclusionReason.KRUM_REJECTED);
        }

        @Test
        void krum_never_picks_an_outlier_even_with_the_most_samples() {
            AggregationResult result = aggregate(krum, BASE2,
                    input("a", 1, 1f, 1f),
                    input("b", 1, 1.1f, 0.9f),
                    input("c", 1, 0.9f, 1.2f),
                    input("d", 1, 1.05f, 1f),
                    input("attacker", 1_000_000, -50f, 80f));

            assertThat(result.includedIds()).doesNotContain("attacker");
            assertThat(result.exclusions()).extracting(Exclusion::id).contains("attacker");
        }

        @Test
        void krum_breaks_equal_scores_by_smallest_id() {
            // Corners of a unit square: with f = 0 and n = 4, each score is 1 + 1 = 2.
            RuleSpec f0 = spec(RuleName.KRUM, RuleSpec.F, "0");

            AggregationResult result = aggregate(f0, BASE2,
                    input("d", 1, 1f, 1f),
                    input("b", 1, 1f, 0f),
                    input("c", 1, 0f, 1f),
                    input("a2", 1, 0f, 0f));

            assertThat(result.includedIds()).containsExactly("a2");
            assertThat(values(result.model())).containsExactly(0f, 0f);
        }

        @Test
        void krum_refuses_fewer_than_2f_plus_3_inputs() {
            assertThatThrownBy(() -> aggregate(krum, BASE2,
                    input("a", 1, 0f, 0f), input("b", 1, 1f, 0f), input("c", 1, 0f, 1f), input("d", 1, 1f, 1f)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("krum with f=1 needs at least 5 inputs")
                    .hasMessageContaining("got 4");
        }

        @Test
        void multi_krum_averages_the_m_best_scored_inputs_unweighted() {
            RuleSpec multi = spec(RuleName.MULTI_KRUM, RuleSpec.F, "1", RuleSpec.M, "2");

            AggregationResult result = aggregate(multi, BASE2, squareWithCentreAndOutlier());

            // centre (1.5) first, then the corners tie at 2.5 and the smallest id, "a", wins
            assertThat(values(result.model())).containsExactly(0.25f, 0.25f);
            assertThat(result.weights()).containsExactly(new InputWeight("a", 1, 2), new InputWeight("z-centre", 1, 2));
            assertThat(result.exclusions()).extracting(Exclusion::id).containsExactly("b", "c", "d", "x-outlier");
        }

        @Test
        void multi_krum_refuses_m_above_n_minus_f() {
            RuleSpec multi = spec(RuleName.MULTI_KRUM, RuleSpec.F, "1", RuleSpec.M, "6");

            assertThat(AggregationRules.minimumInputs(multi)).isEqualTo(7);
            assertThatThrownBy(() -> aggregate(multi, BASE2, squareWithCentreAndOutlier()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("needs at least 7 inputs");
        }
    }

    @Nested
    class Clipping {
        @Test
        void clipping_scales_a_large_delta_down_to_the_clip_norm() {
            RuleSpec spec = spec(RuleName.FEDAVG, RuleSpec.CLIP_NORM, "1");

            AggregationResult result = aggregate(spec, vector(10f, 10f), input("a", 1, 13f, 14f));

            // delta (3, 4) has norm 5, scaled by 1/5 to (0.6, 0.8)
            float[] out = values(result.model());
            assertThat(out).containsExactly((float) (10.0 + 0.2 * 3.0), (float) (10.0 + 0.2 * 4.0));
            double norm = Math.sqrt(Math.pow(out[0] - 10.0, 2) + Math.pow(out[1] - 10.0, 2));
            assertThat(norm).isCloseTo(1.0, within(1e-5));
        }

        @Test
        void clipping_leaves_a_delta_within_the_norm_alone() {
            RuleSpec spec = spec(RuleName.FEDAVG, RuleSpec.CLIP_NORM, "1");
            float odd = 1.1f;

            AggregationResult result = aggregate(spec, vector(1f, 1f), input("a", 1, odd, 1f));

            assertThat(values(result.model())).containsExactly(odd, 1f);
        }

        @Test
        void clipping_bounds_each_input_before_the_wrapped_rule_combines_them() {
            RuleSpec spec = spec(RuleName.MEAN, RuleSpec.CLIP_NORM, "2");

            AggregationResult result = aggregate(spec, BASE2,
                    input("big", 1, 0f, 100f),
                    input("small", 1, 1f, 0f));

            // big is clipped to (0, 2); small stays (1, 0); mean (0.5, 1)
            assertThat(values(result.model())).containsExactly(0.5f, 1f);
            assertThat(result.weights()).containsExactly(new InputWeight("big", 1, 2), new InputWeight("small", 1, 2));
        }

        @Test
        void clipping_measures_the_norm_over_all_tensors_together() {
            RuleSpec spec = spec(RuleName.FEDAVG, RuleSpec.CLIP_NORM, "5");
            Model base = Model.of(List.of(
                    Tensor.of("a", new int[] {1}, new float[] {0f}),
                    Tensor.of("b", new int[] {1}, new float[] {0f})));
            Model update = Model.of(List.of(
                    Tensor.of("a", new int[] {1}, new float[] {6f}),
                    Tensor.of("b", new int[] {1}, new float[] {8f})));

            AggregationResult result = aggregate(spec, base, input("u", 1, update));

            // clipping each tensor alone would give (5, 5); over the whole model the norm is 10, so both halve
            assertThat(result.model().tensor("a").orElseThrow().value(0)).isEqualTo(3f);
            assertThat(result.model().tensor("b").orElseThrow().value(0)).isEqualTo(4f);
        }

        @Test
        void clipped_krum_reports_the_wrapped_rules_exclusions() {
            RuleSpec spec = spec(RuleName.KRUM, RuleSpec.F, "1", RuleSpec.CLIP_NORM, "100");

            AggregationResult result = aggregate(spec, BASE2,
                    input("a", 1, 0f, 0f), input("b", 1, 1f, 0f), input("c", 1, 0f, 1f),
                    input("d", 1, 1f, 1f), input("x-outlier", 1, 10f, 10f), input("z-centre", 1, 0.5f, 0.5f));

            assertThat(result.includedIds()).containsExactly("z-centre");
            assertThat(result.exclusions()).hasSize(5);
        }
    }

    @Nested
    class Inputs {
        @Test
        void refuses_an_input_without_samples() {
            assertThatThrownBy(() -> input("a", 0, 1f))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'a' declares 0 samples");
        }

        @Test
        void refuses_an_input_with_an_empty_id() {
            assertThatThrownBy(() -> input("", 1, 1f)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void minimum_inputs_follow_each_rules_condition() {
            assertThat(AggregationRules.minimumInputs(RuleSpec.of(RuleName.FEDAVG))).isEqualTo(1);
            assertThat(AggregationRules.minimumInputs(spec(RuleName.KRUM, RuleSpec.F, "2"))).isEqualTo(7);
            assertThat(AggregationRules.minimumInputs(spec(RuleName.MULTI_KRUM, RuleSpec.F, "1", RuleSpec.M, "9")))
                    .isEqualTo(10);
        }

        @Test
        void a_result_refuses_an_input_both_included_and_excluded() {
            assertThatThrownBy(() -> AggregationResult.of(vector(1f), List.of(new InputWeight("a", 1, 1)),
                    List.of(new Exclusion("a", ExclusionReason.KRUM_REJECTED))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("both included and excluded");
        }
    }
}

package org.fedledger.core.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.fedledger.core.aggregation.Fixtures.spec;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class WeightsTest {
    private static SortedMap<String, Long> samples(Object... idThenCount) {
        SortedMap<String, Long> map = new TreeMap<>();
        for (int i = 0; i < idThenCount.length; i += 2) {
            map.put((String) idThenCount[i], ((Number) idThenCount[i + 1]).longValue());
        }
        return map;
    }

    @Nested
    class Expected {
        @Test
        void fedavg_gives_declared_samples_over_their_total() {
            assertThat(Weights.expected(RuleSpec.of(RuleName.FEDAVG), samples("b", 70, "a", 30, "c", 900)))
                    .containsExactly(new InputWeight("a", 30, 1000), new InputWeight("b", 70, 1000),
                            new InputWeight("c", 900, 1000));
        }

        @Test
        void every_other_rule_gives_one_over_the_included_count() {
            for (RuleSpec spec : List.of(RuleSpec.of(RuleName.MEAN), RuleSpec.of(RuleName.MEDIAN),
                    spec(RuleName.TRIMMED_MEAN, RuleSpec.BETA, "0.1"))) {
                assertThat(Weights.expected(spec, samples("a", 5, "b", 7)))
                        .containsExactly(new InputWeight("a", 1, 2), new InputWeight("b", 1, 2));
            }
        }

        @Test
        void krum_gives_its_single_choice_the_whole_weight() {
            assertThat(Weights.expected(spec(RuleName.KRUM, RuleSpec.F, "1"), samples("c", 12)))
                    .containsExactly(new InputWeight("c", 1, 1));
        }

        @Test
        void krum_refuses_more_than_one_included_input() {
            assertThatThrownBy(() -> Weights.expected(spec(RuleName.KRUM, RuleSpec.F, "1"), samples("a", 1, "b", 1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("krum includes exactly 1 input, not 2");
        }

        @Test
        void multi_krum_refuses_any_count_but_m() {
            RuleSpec multi = spec(RuleName.MULTI_KRUM, RuleSpec.F, "1", RuleSpec.M, "3");

            assertThat(Weights.expected(multi, samples("a", 1, "b", 2, "c", 3))).hasSize(3)
                    .allSatisfy(w -> assertThat(w.denominator()).isEqualTo(3));
            assertThatThrownBy(() -> Weights.expected(multi, samples("a", 1, "b", 2)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("includes exactly 3 inputs, not 2");
        }

        @Test
        void nothing_included_gives_no_weights() {
            assertThat(Weights.expected(RuleSpec.of(RuleName.FEDAVG), samples())).isEmpty();
        }

        @Test
        void orders_by_id_whatever_the_callers_map_order() {
            SortedMap<String, Long> reversed = new TreeMap<>(Comparator.reverseOrder());
            reversed.putAll(Map.of("a", 1L, "b", 2L));

            assertThat(Weights.expected(RuleSpec.of(RuleName.FEDAVG), reversed)).extracting(InputWeight::id)
                    .containsExactly("a", "b");
        }

        @Test
        void refuses_a_sample_count_below_one() {
            assertThatThrownBy(() -> Weights.expected(RuleSpec.of(RuleName.FEDAVG), samples("a", 0)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'a' declares 0 samples");
        }

        @Test
        void refuses_sample_counts_whose_total_overflows() {
            assertThatThrownBy(() -> Weights.expected(RuleSpec.of(RuleName.FEDAVG),
                    samples("a", Long.MAX_VALUE, "b", 1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("overflows");
        }

        @Test
        void refuses_duplicate_ids_in_a_list_of_inputs() {
            AggregationInput a = Fixtures.input("a", 1, 1f);

            assertThatThrownBy(() -> Weights.expected(RuleSpec.of(RuleName.MEAN), List.of(a, a)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'a' appears more than once");
        }
    }

    @Nested
    class Weight {
        @Test
        void refuses_a_numerator_above_its_denominator() {
            assertThatThrownBy(() -> new InputWeight("a", 3, 2)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void refuses_a_zero_numerator() {
            assertThatThrownBy(() -> new InputWeight("a", 0, 2)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void shows_its_value_as_a_double() {
            assertThat(new InputWeight("a", 1, 4).value()).isEqualTo(0.25);
        }
    }
}

package org.fedledger.core.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Every rule states its parameters, weighting, exclusion reasons and minimum inputs. */
class RuleSelfDescriptionTest {
    private static final RuleSpec KRUM_F2 = RuleSpec.of(RuleName.KRUM, Map.of("f", "2"));
    private static final RuleSpec MULTI_F1_M4 = RuleSpec.of(RuleName.MULTI_KRUM, Map.of("f", "1", "m", "4"));

    @Test
    void each_rule_describes_itself() {
        Map<RuleName, String> described = new EnumMap<>(RuleName.class);
        for (RuleName rule : RuleName.values()) {
            described.put(rule, rule.weighting() + " " + rule.parameters().stream().map(RuleParameter::name).toList()
                    + " "
                    + new java.util.TreeSet<>(rule.exclusionReasons()));
        }
        Map<RuleName, String> expected = new EnumMap<>(RuleName.class);
        expected.put(RuleName.FEDAVG, "SAMPLE_PROPORTIONAL [] []");
        expected.put(RuleName.MEAN, "EQUAL [] []");
        expected.put(RuleName.MEDIAN, "EQUAL [] []");
        expected.put(RuleName.WEIGHTED_MEDIAN, "SAMPLE_PROPORTIONAL [] []");
        expected.put(RuleName.TRIMMED_MEAN, "EQUAL [beta] []");
        expected.put(RuleName.WEIGHTED_TRIMMED_MEAN, "SAMPLE_PROPORTIONAL [beta] []");
        expected.put(RuleName.KRUM, "EQUAL [f] [krum_rejected]");
        expected.put(RuleName.MULTI_KRUM, "EQUAL [f, m] [krum_rejected]");
        expected.put(RuleName.EXACT_FEDAVG, "SAMPLE_PROPORTIONAL [scale_bits] []");
        assertThat(described).isEqualTo(expected);
    }

    @Test
    void minimum_and_included_inputs_follow_the_parameters() {
        assertThat(RuleName.KRUM.minimumInputs(KRUM_F2)).isEqualTo(7);
        assertThat(RuleName.KRUM.includedInputs(KRUM_F2, 9)).isEqualTo(1);
        assertThat(RuleName.MULTI_KRUM.minimumInputs(MULTI_F1_M4)).isEqualTo(5);
        assertThat(RuleName.MULTI_KRUM.minimumInputs(RuleSpec.of(RuleName.MULTI_KRUM, Map.of("f", "1", "m", "6"))))
                .isEqualTo(7);
        assertThat(RuleName.MULTI_KRUM.includedInputs(MULTI_F1_M4, 9)).isEqualTo(4);
        assertThat(RuleName.MEDIAN.minimumInputs(RuleSpec.of(RuleName.MEDIAN))).isEqualTo(1);
        assertThat(RuleName.MEDIAN.includedInputs(RuleSpec.of(RuleName.MEDIAN), 9)).isEqualTo(9);
        assertThat(AggregationRules.minimumInputs(KRUM_F2)).isEqualTo(7);
    }

    @Test
    void multi_krum_gives_its_selected_updates_equal_weight_whatever_their_sample_counts() {
        TreeMap<String, Long> samples = new TreeMap<>(Map.of("a", 1L, "b", 10L, "c", 100L, "d", 1000L));
        assertThat(Weights.expected(MULTI_F1_M4, samples)).extracting(w -> w.numerator() + "/" + w.denominator())
                .containsExactly("1/4", "1/4", "1/4", "1/4");
        assertThat(Weights.expected(RuleSpec.of(RuleName.FEDAVG), samples))
                .extracting(w -> w.numerator() + "/" + w.denominator())
                .containsExactly("1/1111", "10/1111", "100/1111", "1000/1111");
    }

    @Test
    void parameters_are_checked_against_their_schema() {
        assertThat(RuleParameter.BETA.check("0.25")).isEqualByComparingTo("0.25");
        assertThat(RuleParameter.BETA.range()).isEqualTo("[0, 0.5)");
        assertThat(RuleParameter.CLIP_NORM.range()).isEqualTo("(0, inf)");
        for (List<String> bad : List.of(List.of("beta", "0.5"), List.of("beta", "-0.1"), List.of("beta", "1e-3"),
                List.of("f", "1.5"), List.of("f", "-1"), List.of("m", "0"), List.of("clip_norm", "0"))) {
            RuleParameter p = bad.get(0).equals("beta") ? RuleParameter.BETA : bad.get(0).equals("f") ? RuleParameter.F
                    : bad.get(0).equals("m") ? RuleParameter.M : RuleParameter.CLIP_NORM;
            assertThatThrownBy(() -> p.check(bad.get(1))).as(bad.toString())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + bad.get(0) + "'");
        }
    }

    @Test
    void a_spec_takes_exactly_its_rules_parameters_plus_clipping() {
        assertThat(RuleSpec.of(RuleName.MEAN, Map.of("clip_norm", "2.5")).clipped()).isTrue();
        assertThatThrownBy(() -> RuleSpec.of(RuleName.MEAN, Map.of("beta", "0.1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("takes no parameter 'beta'");
        assertThatThrownBy(() -> RuleSpec.of(RuleName.MULTI_KRUM, Map.of("f", "1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parameter 'm' is required");
    }
}

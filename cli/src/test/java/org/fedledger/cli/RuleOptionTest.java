package org.fedledger.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.junit.jupiter.api.Test;

/** {@code --rule} (demo, task create) reads a rule's wire name and parameters, and the rule checks them. */
class RuleOptionTest {
    @Test
    void reads_a_rule_without_parameters() {
        assertThat(new RuleOption().convert("fedavg")).isEqualTo(RuleSpec.of(RuleName.FEDAVG));
    }

    @Test
    void reads_a_rule_with_its_parameters() {
        assertThat(new RuleOption().convert("exact_fedavg:scale_bits=24"))
                .isEqualTo(RuleSpec.of(RuleName.EXACT_FEDAVG, Map.of(RuleSpec.SCALE_BITS, "24")));
        assertThat(new RuleOption().convert("multi_krum:f=1, m=2"))
                .isEqualTo(RuleSpec.of(RuleName.MULTI_KRUM, Map.of("f", "1", "m", "2")));
        assertThat(new RuleOption().convert("trimmed_mean:beta=0.2").text()).isEqualTo("trimmed_mean:beta=0.2");
        assertThat(RuleSpec.parse(RuleSpec.of(RuleName.MULTI_KRUM, Map.of("f", "1", "m", "2", "clip_norm", "5")).text()))
                .isEqualTo(RuleSpec.of(RuleName.MULTI_KRUM, Map.of("f", "1", "m", "2", "clip_norm", "5")));
    }

    @Test
    void refuses_an_unknown_rule_a_missing_parameter_and_a_malformed_one() {
        assertThatThrownBy(() -> new RuleOption().convert("fedsgd")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown aggregation rule 'fedsgd'");
        assertThatThrownBy(() -> new RuleOption().convert("exact_fedavg")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parameter 'scale_bits' is required");
        assertThatThrownBy(() -> new RuleOption().convert("exact_fedavg:scale_bits"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not PARAM=VALUE");
    }
}

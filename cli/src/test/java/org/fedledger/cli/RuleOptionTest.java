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
        assertThat(RuleOption.parse("fedavg")).isEqualTo(RuleSpec.of(RuleName.FEDAVG));
    }

    @Test
    void reads_a_rule_with_its_parameters() {
        assertThat(RuleOption.parse("exact_fedavg:scale_bits=24"))
                .isEqualTo(RuleSpec.of(RuleName.EXACT_FEDAVG, Map.of(RuleSpec.SCALE_BITS, "24")));
        assertThat(RuleOption.parse("multi_krum:f=1, m=2"))
                .isEqualTo(RuleSpec.of(RuleName.MULTI_KRUM, Map.of("f", "1", "m", "2")));
    }

    @Test
    void refuses_an_unknown_rule_a_missing_parameter_and_a_malformed_one() {
        assertThatThrownBy(() -> RuleOption.parse("fedsgd")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown aggregation rule 'fedsgd'");
        assertThatThrownBy(() -> RuleOption.parse("exact_fedavg")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parameter 'scale_bits' is required");
        assertThatThrownBy(() -> RuleOption.parse("exact_fedavg:scale_bits"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not PARAM=VALUE");
    }
}

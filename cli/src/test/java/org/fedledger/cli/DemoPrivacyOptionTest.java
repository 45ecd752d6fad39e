package org.fedledger.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.junit.jupiter.api.Test;

class DemoPrivacyOptionTest {
    private static final RuleSpec EXACT = RuleSpec.of(RuleName.EXACT_FEDAVG, Map.of(RuleSpec.SCALE_BITS, "24"));

    @Test
    void none_leaves_the_rule_as_it_is() {
        assertThat(DemoCommand.withPrivacy(RuleSpec.of(RuleName.MEDIAN), "none", 2))
                .isEqualTo(RuleSpec.of(RuleName.MEDIAN));
    }

    @Test
    void secure_runs_exact_fedavg_from_the_default_rule_and_keeps_an_exact_one() {
        assertThat(DemoCommand.withPrivacy(RuleSpec.of(RuleName.FEDAVG), "secure", 0)).isEqualTo(EXACT);
        RuleSpec sixteen = RuleSpec.of(RuleName.EXACT_FEDAVG, Map.of(RuleSpec.SCALE_BITS, "16"));
        assertThat(DemoCommand.withPrivacy(sixteen, "secure", 0)).isEqualTo(sixteen);
    }

    @Test
    void secure_refuses_rules_it_cannot_sum_attacks_and_unknown_modes() {
        assertThatThrownBy(() -> DemoCommand.withPrivacy(RuleSpec.of(RuleName.MEDIAN), "secure", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exact_fedavg");
        assertThatThrownBy(() -> DemoCommand.withPrivacy(DemoCommand.withCodec(RuleSpec.of(RuleName.FEDAVG), "int8"),
                "secure", 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--codec");
        assertThatThrownBy(() -> DemoCommand.withPrivacy(RuleSpec.of(RuleName.FEDAVG), "secure", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attack");
        assertThatThrownBy(() -> DemoCommand.withPrivacy(RuleSpec.of(RuleName.FEDAVG), "private", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("none or secure");
    }
}

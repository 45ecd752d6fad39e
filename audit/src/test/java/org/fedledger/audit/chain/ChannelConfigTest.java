package org.fedledger.audit.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChannelConfigTest {
    private static ChannelConfig of(String rule) {
        return new ChannelConfig(Map.of("A", List.of(), "B", List.of(), "C", List.of()), rule, 0);
    }

    @Test
    void majority_needs_more_than_half_of_the_members() {
        assertThat(of("MAJORITY").satisfied(Set.of("A"))).isFalse();
        assertThat(of("MAJORITY").satisfied(Set.of("A", "B"))).isTrue();
        assertThat(of("MAJORITY").satisfied(Set.of("A", "X", "Y"))).as("outsiders do not count").isFalse();
    }

    @Test
    void any_and_all() {
        assertThat(of("ANY").satisfied(Set.of())).isFalse();
        assertThat(of("ANY").satisfied(Set.of("C"))).isTrue();
        assertThat(of("ALL").satisfied(Set.of("A", "B"))).isFalse();
        assertThat(of("ALL").satisfied(Set.of("A", "B", "C"))).isTrue();
    }

    @Test
    void a_policy_the_audit_cannot_evaluate_is_never_satisfied() {
        assertThat(of("unsupported policy type 1").satisfied(Set.of("A", "B", "C"))).isFalse();
    }
}

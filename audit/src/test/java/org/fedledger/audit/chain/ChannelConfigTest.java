package org.fedledger.audit.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hyperledger.fabric.protos.common.ImplicitMetaPolicy.Rule.ALL;
import static org.hyperledger.fabric.protos.common.ImplicitMetaPolicy.Rule.ANY;
import static org.hyperledger.fabric.protos.common.ImplicitMetaPolicy.Rule.MAJORITY;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hyperledger.fabric.protos.common.ImplicitMetaPolicy;
import org.junit.jupiter.api.Test;

class ChannelConfigTest {
    private static final Map<String, List<X509Certificate>> MEMBERS = Map.of("A", List.of(), "B", List.of(), "C", List.of());

    private static ChannelConfig of(ImplicitMetaPolicy.Rule rule) {
        return new ChannelConfig(MEMBERS, rule, 0);
    }

    @Test
    void majority_needs_more_than_half_of_the_members() {
        assertThat(of(MAJORITY).satisfied(Set.of("A"))).isFalse();
        assertThat(of(MAJORITY).satisfied(Set.of("A", "B"))).isTrue();
        assertThat(of(MAJORITY).satisfied(Set.of("A", "X", "Y"))).as("outsiders do not count").isFalse();
    }

    @Test
    void any_and_all() {
        assertThat(of(ANY).satisfied(Set.of())).isFalse();
        assertThat(of(ANY).satisfied(Set.of("C"))).isTrue();
        assertThat(of(ALL).satisfied(Set.of("A", "B"))).isFalse();
        assertThat(of(ALL).satisfied(Set.of("A", "B", "C"))).isTrue();
    }

    @Test
    void a_policy_the_audit_cannot_evaluate_is_never_satisfied() {
        assertThat(new ChannelConfig(MEMBERS, Optional.empty(), "unsupported policy type 1", 0)
                .satisfied(Set.of("A", "B", "C"))).isFalse();
        assertThat(of(ImplicitMetaPolicy.Rule.UNRECOGNIZED).satisfied(Set.of("A", "B", "C"))).isFalse();
    }
}

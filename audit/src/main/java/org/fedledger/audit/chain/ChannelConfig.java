package org.fedledger.audit.chain;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.hyperledger.fabric.protos.common.ImplicitMetaPolicy;

/**
 * What the channel's configuration (its latest config block) says: each organisation's CA
 * certificates, and the channel's {@code Endorsement} policy, an implicit-meta rule over the
 * organisations' own {@code Endorsement} policies.
 *
 * @param authorities each organisation's root and intermediate CA certificates, by MSP id
 * @param endorsementRule the implicit-meta rule, Fabric's; empty for a policy the audit cannot evaluate
 * @param endorsementPolicy the policy for a person: the rule's name, or why the audit cannot evaluate it
 * @param configBlock the block the configuration was read from
 */
public record ChannelConfig(Map<String, List<X509Certificate>> authorities,
        Optional<ImplicitMetaPolicy.Rule> endorsementRule, String endorsementPolicy, long configBlock) {
    /** Copies the map. */
    public ChannelConfig {
        authorities = Map.copyOf(authorities);
        Objects.requireNonNull(endorsementRule, "endorsementRule");
        Objects.requireNonNull(endorsementPolicy, "endorsementPolicy");
    }

    /**
     * A configuration whose endorsement policy is an implicit-meta rule.
     *
     * @param authorities each organisation's root and intermediate CA certificates, by MSP id
     * @param endorsementRule the rule
     * @param configBlock the block the configuration was read from
     */
    public ChannelConfig(Map<String, List<X509Certificate>> authorities, ImplicitMetaPolicy.Rule endorsementRule,
            long configBlock) {
        this(authorities, Optional.of(endorsementRule), endorsementRule.name(), configBlock);
    }

    /** @return the organisations' MSP ids */
    public Set<String> organisations() {
        return authorities.keySet();
    }

    /**
     * @param endorsingOrganisations distinct organisations with a good endorsement
     * @return whether they satisfy the channel's endorsement policy
     */
    public boolean satisfied(Set<String> endorsingOrganisations) {
        long members = endorsingOrganisations.stream().filter(authorities::containsKey).count();
        int n = authorities.size();
        return endorsementRule.map(rule -> switch (rule) {
            case ANY -> members >= 1;
            case ALL -> members == n && n > 0;
            case MAJORITY -> members > n / 2;
            case UNRECOGNIZED -> false;
        }).orElse(false);
    }
}

package org.fedledger.audit.chain;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the channel's configuration (its latest config block) says: each organisation's CA
 * certificates, and the channel's {@code Endorsement} policy, an implicit-meta rule over the
 * organisations' own {@code Endorsement} policies.
 *
 * @param authorities each organisation's root and intermediate CA certificates, by MSP id
 * @param endorsementRule {@code ANY}, {@code ALL} or {@code MAJORITY}; or a description of a policy the audit cannot evaluate
 * @param configBlock the block the configuration was read from
 */
public record ChannelConfig(Map<String, List<X509Certificate>> authorities, String endorsementRule, long configBlock) {
    /** Copies the map. */
    public ChannelConfig {
        authorities = Map.copyOf(authorities);
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
        return switch (endorsementRule) {
            case "ANY" -> members >= 1;
            case "ALL" -> members == n && n > 0;
            case "MAJORITY" -> members > n / 2;
            default -> false;
        };
    }
}

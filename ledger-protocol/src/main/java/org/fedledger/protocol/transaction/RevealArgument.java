package org.fedledger.protocol.transaction;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The {@code revealJson} argument of {@code revealShares}: the revealer's shares, hex, of each
 * survivor's self-mask seed and of each other cohort member's mask private key.
 *
 * @param seedShares seed shares by survivor id: exactly the round's accepted updates' trainers
 * @param maskKeyShares mask-key shares by id: exactly the other cohort members
 */
public record RevealArgument(SortedMap<String, String> seedShares, SortedMap<String, String> maskKeyShares) {
    /**
     * Copies the maps.
     *
     * @param seedShares seed shares by survivor id
     * @param maskKeyShares mask-key shares by id
     */
    public RevealArgument {
        seedShares = Collections.unmodifiableSortedMap(new TreeMap<>(seedShares));
        maskKeyShares = Collections.unmodifiableSortedMap(new TreeMap<>(maskKeyShares));
    }
}

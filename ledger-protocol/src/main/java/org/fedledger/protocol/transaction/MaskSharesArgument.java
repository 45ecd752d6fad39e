package org.fedledger.protocol.transaction;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Sealed shares by recipient, hex: the transient {@link org.fedledger.protocol.key.TransientKeys#MASK_SHARES}
 * value of a secure task's {@code submitUpdate} (seed shares, recipients exactly the round's cohort), and
 * the {@code sharesJson} argument of {@code shareMaskKey} (mask-key shares, recipients the key directory).
 *
 * @param sealed hex sealed shares by recipient id
 */
public record MaskSharesArgument(SortedMap<String, String> sealed) {
    /**
     * Copies the map.
     *
     * @param sealed hex sealed shares by recipient id
     */
    public MaskSharesArgument {
        sealed = Collections.unmodifiableSortedMap(new TreeMap<>(sealed));
    }
}

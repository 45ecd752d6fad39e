package org.fedledger.protocol.record;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A secure round's seed shares of one sender, written with its update by {@code submitUpdate} under
 * {@link org.fedledger.protocol.key.Keys#maskShares(String, int, String)}: per cohort member (the sender
 * included), that member's Shamir share of the sender's self-mask seed, sealed to it with AES-GCM
 * (fl-core's {@code SecureRound.sealSeedShares}). Public: only the recipient opens a share.
 *
 * @param taskId the task
 * @param round the round
 * @param sender the sender's identity id
 * @param sealed hex sealed shares by recipient id, exactly the cohort
 */
@RecordJson.Schema(1)
public record MaskSharesRecord(String taskId, int round, String sender, SortedMap<String, String> sealed) {
    /**
     * Copies the map.
     *
     * @param taskId the task
     * @param round the round
     * @param sender the sender's identity id
     * @param sealed hex bundles by recipient id, exactly the cohort
     */
    public MaskSharesRecord {
        sealed = Collections.unmodifiableSortedMap(new TreeMap<>(sealed));
    }
}

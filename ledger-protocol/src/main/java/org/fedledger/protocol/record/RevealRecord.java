package org.fedledger.protocol.record;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One cohort member's unmasking material for a closed secure round, under
 * {@link org.fedledger.protocol.key.Keys#reveal(String, int, String)}: for each accepted update's
 * trainer the revealer's share of its self-mask seed, for each other cohort member its share of that
 * member's mask private key, never both for one trainer.
 *
 * @param taskId the task
 * @param round the round
 * @param revealer the revealer's identity id
 * @param seedShares hex seed shares by survivor id
 * @param maskKeyShares hex mask-key shares by dropped member's id
 * @param txId the revealShares transaction
 * @param timestamp its timestamp
 */
@RecordJson.Schema(1)
public record RevealRecord(String taskId, int round, String revealer, SortedMap<String, String> seedShares,
        SortedMap<String, String> maskKeyShares, String txId, long timestamp) {
    /**
     * Copies the maps.
     *
     * @param taskId the task
     * @param round the round
     * @param revealer the revealer's identity id
     * @param seedShares hex seed shares by survivor id
     * @param maskKeyShares hex mask-key shares by dropped member's id
     * @param txId the revealShares transaction
     * @param timestamp its timestamp
     */
    public RevealRecord {
        seedShares = Collections.unmodifiableSortedMap(new TreeMap<>(seedShares));
        maskKeyShares = Collections.unmodifiableSortedMap(new TreeMap<>(maskKeyShares));
    }
}

package org.fedledger.protocol.record;

import java.util.List;

/**
 * A penalty, written by the transaction that made a round FINAL, under
 * {@link org.fedledger.protocol.key.Keys#penalty(String, int, String)}; it names its evidence.
 *
 * @param taskId the task
 * @param round the round whose resolution imposed it
 * @param subject the penalised contributor's identity id, or verifier's organisation
 * @param kind what it punishes
 * @param evidence where the ledger proves it
 * @param suspendedUntilRound the last round the contributor's submissions are refused, 0 for none
 * @param txId the resolving transaction
 */
@RecordJson.Schema(1)
public record PenaltyRecord(String taskId, int round, String subject, PenaltyKind kind, List<Evidence> evidence,
        int suspendedUntilRound, String txId) {
    /**
     * Copies the list.
     *
     * @param taskId the task
     * @param round the round whose resolution imposed it
     * @param subject the penalised contributor or organisation
     * @param kind what it punishes
     * @param evidence where the ledger proves it
     * @param suspendedUntilRound the last suspended round, 0 for none
     * @param txId the resolving transaction
     */
    public PenaltyRecord {
        evidence = Records.copy(evidence);
    }
}

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
 * @param creditCost the credits it cost the contributor ({@link IncentiveRules#penaltyCredits()}); {@code null}
 *     (omitted from the JSON) for none
 * @param weightPermille the thousandths of its admitted weight it leaves the contributor, instead of suspending
 *     it ({@link IncentiveRules#penaltyWeightPermille()}); {@code null} (omitted from the JSON) when it lowers
 *     no weight
 * @param weightUntilRound the last round whose admission it lowers the weight of; {@code null} with
 *     {@code weightPermille}
 */
@RecordJson.Schema(1)
public record PenaltyRecord(String taskId, int round, String subject, PenaltyKind kind, List<Evidence> evidence,
        int suspendedUntilRound, String txId, @RecordJson.Nullable Long creditCost,
        @RecordJson.Nullable Integer weightPermille, @RecordJson.Nullable Integer weightUntilRound) {
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
     * @param creditCost the credits it cost, {@code null} or 0 for none (stored as {@code null})
     * @param weightPermille the weight it leaves, in thousandths, or {@code null}
     * @param weightUntilRound the last round it lowers the weight of; present exactly with {@code weightPermille}
     */
    public PenaltyRecord {
        evidence = Records.copy(evidence);
        creditCost = creditCost == null || creditCost == 0 ? null : creditCost;
        if ((weightPermille == null) != (weightUntilRound == null)) {
            throw new IllegalArgumentException("weightPermille and weightUntilRound come together, were "
                    + weightPermille + " and " + weightUntilRound);
        }
    }

    /**
     * A penalty that costs no credit and lowers no weight.
     *
     * @param taskId the task
     * @param round the round whose resolution imposed it
     * @param subject the penalised contributor or organisation
     * @param kind what it punishes
     * @param evidence where the ledger proves it
     * @param suspendedUntilRound the last suspended round, 0 for none
     * @param txId the resolving transaction
     */
    public PenaltyRecord(String taskId, int round, String subject, PenaltyKind kind, List<Evidence> evidence,
            int suspendedUntilRound, String txId) {
        this(taskId, round, subject, kind, evidence, suspendedUntilRound, txId, null, null, null);
    }
}

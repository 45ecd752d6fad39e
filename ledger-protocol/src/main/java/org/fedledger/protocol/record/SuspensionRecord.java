package org.fedledger.protocol.record;

/**
 * A contributor's suspension from a task, under {@link org.fedledger.protocol.key.Keys#suspension(String, String)}:
 * its submissions to rounds up to {@code untilRound} are refused with
 * {@link org.fedledger.protocol.error.ErrorCode#CONTRIBUTOR_SUSPENDED}.
 *
 * @param taskId the task
 * @param contributor the contributor's identity id
 * @param untilRound the last round it may not submit to
 * @param penaltyKey the penalty that imposed it, in printable form
 * @param txId the transaction that wrote it
 * @param weightPermille when present, the penalty lowers weight instead of suspending: the contributor's
 *     submissions are accepted, and each round's admission up to {@code untilRound} lowers its weight to this
 *     many thousandths ({@link org.fedledger.protocol.incentives.Settlement#penalisedWeight}); {@code null}
 *     (omitted from the JSON) for a suspension
 */
@RecordJson.Schema(1)
public record SuspensionRecord(String taskId, String contributor, int untilRound, String penaltyKey, String txId,
        @RecordJson.Nullable Integer weightPermille) {
    /**
     * A suspension: the contributor's submissions up to {@code untilRound} are refused.
     *
     * @param taskId the task
     * @param contributor the contributor's identity id
     * @param untilRound the last round it may not submit to
     * @param penaltyKey the penalty that imposed it, in printable form
     * @param txId the transaction that wrote it
     */
    public SuspensionRecord(String taskId, String contributor, int untilRound, String penaltyKey, String txId) {
        this(taskId, contributor, untilRound, penaltyKey, txId, null);
    }

    /**
     * @param round a round
     * @return whether this record refuses the contributor's submissions to {@code round}
     */
    public boolean refuses(int round) {
        return weightPermille == null && round <= untilRound;
    }

    /**
     * @param round a round
     * @return whether this record lowers the contributor's admitted weight in {@code round}
     */
    public boolean lowersWeightIn(int round) {
        return weightPermille != null && round <= untilRound;
    }
}

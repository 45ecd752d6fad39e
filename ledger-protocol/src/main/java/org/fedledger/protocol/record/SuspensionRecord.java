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
 */
@RecordJson.Schema(1)
public record SuspensionRecord(String taskId, String contributor, int untilRound, String penaltyKey, String txId) {
}

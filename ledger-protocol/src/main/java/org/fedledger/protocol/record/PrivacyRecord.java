package org.fedledger.protocol.record;

/**
 * A task's privacy settings, written by {@code createTask} in the same transaction as the task under
 * {@link org.fedledger.protocol.key.Keys#secureAggregation(String)}; absent for a task created without.
 *
 * @param taskId the task
 * @param mode the privacy mode
 * @param threshold cohort members whose shares recover a secret: also the fewest that must reveal after
 *     a close, at most the task's {@code minUpdates}
 * @param maxSamplesPerUpdate the largest sample count one update may declare: the task's {@code maxSamples}
 *     lowered so that {@code maxUpdates} of them weigh at most {@code 2^32 - 1} together, which keeps
 *     every masked sum below {@code 2^63}
 * @param txId the createTask transaction
 * @param timestamp its timestamp
 */
@RecordJson.Schema(1)
public record PrivacyRecord(String taskId, PrivacyMode mode, int threshold, long maxSamplesPerUpdate, String txId,
        long timestamp) {
    /** The largest total weight of a secure round: {@code 2^32 - 1}. */
    public static final long MAX_TOTAL_WEIGHT = (1L << 32) - 1;
}

package org.fedledger.protocol.record;

/**
 * A task's incentive rules as {@code createTask} stored them, under
 * {@link org.fedledger.protocol.key.Keys#taskIncentives(String)}. A task without this record has no
 * incentives: its attestations carry no contributions and its rounds write no credits.
 *
 * @param taskId the task
 * @param rules the rules
 * @param txId the creating transaction
 * @param timestamp its timestamp
 */
@RecordJson.Schema(1)
public record TaskIncentivesRecord(String taskId, IncentiveRules rules, String txId, long timestamp) {
}

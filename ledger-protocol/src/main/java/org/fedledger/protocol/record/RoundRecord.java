package org.fedledger.protocol.record;

import java.util.List;
import java.util.TreeSet;
import org.fedledger.core.model.ContentHash;

/**
 * A round and its state machine, under {@link org.fedledger.protocol.key.Keys#round(String, int)}.
 *
 * @param taskId the task
 * @param round round number, from 1
 * @param state current state
 * @param baseVersion global model version the round trains from
 * @param baseModelHash that model's hash
 * @param openedAt opening transaction's timestamp (seconds)
 * @param deadline {@code openedAt + roundDurationSeconds}
 * @param closedAt closing transaction's timestamp; absent until closed
 * @param accepted the accepted updates, in update-key order; empty until closed
 * @param overCapacity updates beyond {@code maxUpdates}, in update-key order: at most {@code maxUpdates} of
 *     them, those next in the admission order ({@link AdmissionOrder})
 * @param overCapacityUnlisted how many more updates were beyond {@code maxUpdates} than {@code overCapacity}
 *     lists; absent when it lists them all. The record's size is thus bounded by the task's terms, however
 *     many updates members submit
 * @param proposalSeq sequence number of the latest proposal (0: none)
 * @param deadlineVotes organisations (MSP ids, sorted) that declared the deadline passed while the round
 *     was OPEN; a quorum of them closes it without its coordinator
 * @param txId the transaction that last wrote the record
 */
@RecordJson.Schema(1)
public record RoundRecord(String taskId, int round, RoundState state, long baseVersion, ContentHash baseModelHash,
        long openedAt,
        long deadline, @RecordJson.Nullable Long closedAt, List<AcceptedUpdate> accepted,
        List<AcceptedUpdate> overCapacity, @RecordJson.Nullable Integer overCapacityUnlisted, int proposalSeq,
        List<String> deadlineVotes, String txId) {
    /**
     * Copies the lists.
     *
     * @param taskId the task
     * @param round round number, from 1
     * @param state current state
     * @param baseVersion global model version the round trains from
     * @param baseModelHash that model's hash
     * @param openedAt opening transaction's timestamp (seconds)
     * @param deadline {@code openedAt + roundDurationSeconds}
     * @param closedAt closing transaction's timestamp; absent until closed
     * @param accepted the accepted updates, in update-key order; empty until closed
     * @param overCapacity updates beyond {@code maxUpdates} the record lists, in update-key order
     * @param overCapacityUnlisted how many more were beyond {@code maxUpdates}; absent when none
     * @param proposalSeq sequence number of the latest proposal (0: none)
     * @param deadlineVotes organisations that declared the deadline passed while the round was OPEN
     * @param txId the transaction that last wrote the record
     * @throws IllegalArgumentException when {@code overCapacityUnlisted} is present but not positive
     */
    public RoundRecord {
        if (overCapacityUnlisted != null && overCapacityUnlisted < 1) {
            throw new IllegalArgumentException("overCapacityUnlisted " + overCapacityUnlisted
                    + " is not positive; absent when every update over capacity is listed");
        }
        accepted = Records.copy(accepted);
        overCapacity = Records.copy(overCapacity);
        deadlineVotes = Records.copy(deadlineVotes);
    }

    /**
     * @param newState the state to move to
     * @param closedAt the closing transaction's timestamp, seconds since the epoch
     * @param decision the admission's accepted updates and those over capacity
     * @param txId the transaction id
     * @return this round closed (or failed) at {@code closedAt} with the decision's sets
     */
    public RoundRecord closed(RoundState newState, long closedAt, AdmissionOrder.Decision decision, String txId) {
        return new RoundRecord(taskId, round, newState, baseVersion, baseModelHash, openedAt, deadline, closedAt,
                decision.accepted(), decision.overCapacity(),
                decision.overCapacityUnlisted() == 0 ? null : decision.overCapacityUnlisted(), proposalSeq,
                deadlineVotes, txId);
    }

    /** @return the accepted updates' contributors in update-key order: the order contribution vectors take */
    public List<String> contributorsInKeyOrder() {
        return accepted.stream().sorted(java.util.Comparator.comparing(AcceptedUpdate::key))
                .map(AcceptedUpdate::contributor).toList();
    }

    /**
     * @return how many updates were beyond {@code maxUpdates}, listed or not
     */
    public int overCapacityCount() {
        return overCapacity.size() + (overCapacityUnlisted == null ? 0 : overCapacityUnlisted);
    }

    /**
     * @param newState the state to move to
     * @param seq the proposal sequence number
     * @param txId the transaction id
     * @return this round in {@code newState} with proposal sequence {@code seq}
     */
    public RoundRecord moved(RoundState newState, int seq, String txId) {
        return new RoundRecord(taskId, round, newState, baseVersion, baseModelHash, openedAt, deadline, closedAt,
                accepted, overCapacity, overCapacityUnlisted, seq, deadlineVotes, txId);
    }

    /**
     * @param msp the organisation that declares the deadline passed
     * @param txId the transaction id
     * @return this round, still OPEN, with {@code msp} among its deadline votes (sorted, once)
     */
    public RoundRecord withDeadlineVote(String msp, String txId) {
        TreeSet<String> votes = new TreeSet<>(deadlineVotes);
        votes.add(msp);
        return new RoundRecord(taskId, round, state, baseVersion, baseModelHash, openedAt, deadline, closedAt,
                accepted, overCapacity, overCapacityUnlisted, proposalSeq, List.copyOf(votes), txId);
    }
}

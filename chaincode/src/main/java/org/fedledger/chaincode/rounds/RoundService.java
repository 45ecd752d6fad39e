package org.fedledger.chaincode.rounds;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.fedledger.chaincode.access.AccessControl;
import org.fedledger.chaincode.errors.Arguments;
import org.fedledger.chaincode.errors.FedLedgerException;
import org.fedledger.chaincode.events.EventSink;
import org.fedledger.chaincode.ledger.LedgerStore;
import org.fedledger.chaincode.ledger.TxInfo;
import org.fedledger.chaincode.tasks.TaskService;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.event.LedgerEvent;
import org.fedledger.protocol.incentives.Settlement;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.record.AcceptedUpdate;
import org.fedledger.protocol.record.AdmissionOrder;
import org.fedledger.protocol.record.ParticipantRecord;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.ReputationRecord;
import org.fedledger.protocol.record.Role;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.RoundState;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.record.UpdateRecord;

/**
 * Opening and closing rounds, and round look-ups. Deadlines are checked against the transaction
 * timestamp only.
 *
 * <pre>{@code
 * rounds.open("mnist");          // round lastRound+1, OPEN, deadline = ts + roundDurationSeconds
 * rounds.close("mnist", "1");    // CLOSED with its accepted set, or FAILED after the deadline
 * }</pre>
 */
public final class RoundService {
    private final LedgerStore store;
    private final TaskService tasks;
    private final AccessControl access;
    private final EventSink events;
    private final TxInfo tx;

    /**
     * Wires the service to one transaction's helpers.
     *
     * @param store the world-state store
     * @param tasks the task service
     * @param access access control for the creator
     * @param events the transaction's event sink
     * @param tx the transaction's id and timestamp
     */
    public RoundService(LedgerStore store, TaskService tasks, AccessControl access, EventSink events, TxInfo tx) {
        this.store = Objects.requireNonNull(store, "store");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.access = Objects.requireNonNull(access, "access");
        this.events = Objects.requireNonNull(events, "events");
        this.tx = Objects.requireNonNull(tx, "tx");
    }

    /**
     * Opens the task's next round, trained from the task's current model.
     *
     * @param taskId the task id
     * @return the round record as canonical JSON
     * @throws org.fedledger.chaincode.errors.FedLedgerException UNKNOWN_IDENTITY, FORBIDDEN,
     *     INVALID_ARGUMENT, NOT_FOUND, INVALID_STATE (the previous round is neither FINAL nor FAILED)
     */
    public String open(String taskId) {
        TaskRecord task = tasks.require(taskId);
        access.requireTaskOwner(task);
        if (task.lastRound() > 0) {
            RoundRecord previous = require(task.taskId(), task.lastRound());
            if (previous.state() != RoundState.FINAL && previous.state() != RoundState.FAILED) {
                throw new FedLedgerException(ErrorCode.INVALID_STATE, "round " + previous.round() + " of task '"
                        + task.taskId()
                        + "' is " + previous.state() + "; a new round opens only after it is FINAL or FAILED");
            }
        }
        if (task.lastRound() == Integer.MAX_VALUE) {
            throw new FedLedgerException(ErrorCode.INVALID_STATE, "task '" + task.taskId()
                    + "' has no round numbers left");
        }
        int number = task.lastRound() + 1;
        long openedAt = tx.epochSecond();
        RoundRecord round = new RoundRecord(task.taskId(), number, RoundState.OPEN, task.currentVersion(),
                task.currentModelHash(), openedAt, openedAt + task.roundDurationSeconds(), null, List.of(), List.of(),
                null, 0, List.of(), tx.txId());
        store.put(Keys.round(task.taskId(), number), round);
        tasks.save(task.withLastRound(number));
        events.emit(new LedgerEvent.RoundOpened(task.taskId(), number, round.baseVersion(), round.deadline()));
        return RecordJson.write(round);
    }

    /**
     * Closes an OPEN round: fixes the accepted set (when more than {@code maxUpdates} arrived, the
     * {@code maxUpdates} of lowest {@link AdmissionOrder} rank, which no client can choose; the rest
     * over capacity), or fails the round when the deadline passed with too few updates.
     *
     * @param taskId the task id
     * @param roundArg the round number as sent (decimal digits)
     * @return the round record as canonical JSON
     * @throws org.fedledger.chaincode.errors.FedLedgerException UNKNOWN_IDENTITY, FORBIDDEN,
     *     INVALID_ARGUMENT, NOT_FOUND, INVALID_STATE, QUORUM_NOT_MET, DEADLINE_NOT_REACHED
     */
    public String close(String taskId, String roundArg) {
        TaskRecord task = tasks.require(taskId);
        ParticipantRecord me = access.requireInTask(task, Role.COORDINATOR, Role.AGGREGATOR, Role.VERIFIER);
        int number = roundNumber(roundArg);
        RoundRecord round = require(task.taskId(), number);
        if (round.state() != RoundState.OPEN) {
            throw new FedLedgerException(ErrorCode.INVALID_STATE, "round " + number + " of task '" + task.taskId()
                    + "' is "
                    + round.state() + "; only an OPEN round can be closed");
        }
        boolean pastDeadline = tx.isAfter(round.deadline());
        if (!access.ownsTask(me, task)) {
            // Anyone else's clock is its own: one organisation's word that the deadline passed is a vote,
            // and a quorum of distinct organisations' votes closes the round.
            if (!pastDeadline) {
                throw new FedLedgerException(ErrorCode.DEADLINE_NOT_REACHED, "round " + number + " closes at "
                        + TxInfo.time(round.deadline())
                        + "; before that only a coordinator of " + task.ownerMsp() + " may close it");
            }
            String msp = access.caller().msp();
            if (round.deadlineVotes().contains(msp)) {
                return RecordJson.write(round);
            }
            round = round.withDeadlineVote(msp, tx.txId());
            if (round.deadlineVotes().size() < task.attestationQuorum()) {
                store.put(Keys.round(task.taskId(), number), round);
                return RecordJson.write(round);
            }
        }
        List<UpdateRecord> updates = store.list(Keys.UPDATE, UpdateRecord.class, Keys.updatesOf(task.taskId(), number));
        if (updates.size() < task.minUpdates()) {
            if (!pastDeadline) {
                throw new FedLedgerException(ErrorCode.QUORUM_NOT_MET, "round " + number + " has " + updates.size()
                        + " updates; closing before the deadline needs at least " + task.minUpdates());
            }
            RoundRecord failed = round.closed(RoundState.FAILED, tx.epochSecond(),
                    new AdmissionOrder.Decision(List.of(), List.of(), 0), tx.txId());
            store.put(Keys.round(task.taskId(), number), failed);
            events.emit(new LedgerEvent.RoundFailed(task.taskId(), number, updates.size()));
            return RecordJson.write(failed);
        }
        boolean byReputation = tasks.incentives(task).map(i -> i.rules().reputationWeights()).orElse(false);
        List<AdmissionOrder.Candidate> all = new ArrayList<>();
        for (UpdateRecord u : updates) {
            long weight = !byReputation ? u.samples() : Settlement.reputationWeight(u.samples(), store.get(
                    Keys.reputation(u.contributor()), ReputationRecord.class).map(ReputationRecord::reputation)
                    .orElse(ReputationRecord.INITIAL));
            all.add(new AdmissionOrder.Candidate(new AcceptedUpdate(Keys.update(u.taskId(), u.round(), u.contributor()),
                    u.contributor(), u.hash(), weight), u.msp()));
        }
        AdmissionOrder.Decision decision = AdmissionOrder.decide(round.baseModelHash(), all, task.maxUpdates(),
                task.maxOrgSharePercent());
        RoundRecord closed = round.closed(RoundState.CLOSED, tx.epochSecond(), decision, tx.txId());
        store.put(Keys.round(task.taskId(), number), closed);
        events.emit(new LedgerEvent.RoundClosed(task.taskId(), number, decision.accepted().size(),
                closed.overCapacityCount()));
        return RecordJson.write(closed);
    }

    /**
     * @param taskId the task id
     * @param roundArg the round number as sent (decimal digits)
     * @return the round record as canonical JSON
     * @throws org.fedledger.chaincode.errors.FedLedgerException UNKNOWN_IDENTITY, INVALID_ARGUMENT, NOT_FOUND
     */
    public String get(String taskId, String roundArg) {
        access.require();
        TaskRecord task = tasks.require(taskId);
        return RecordJson.write(require(task.taskId(), roundNumber(roundArg)));
    }

    /**
     * @param taskId the task id
     * @param round the round number
     * @return the round (reading its key, which puts it in the transaction's read set)
     * @throws org.fedledger.chaincode.errors.FedLedgerException NOT_FOUND
     */
    public RoundRecord require(String taskId, int round) {
        return store.get(Keys.round(taskId, round), RoundRecord.class)
                .orElseThrow(() -> new FedLedgerException(ErrorCode.NOT_FOUND, "round " + round + " of task '"
                        + taskId + "' does not exist"));
    }

    /**
     * Writes a changed round record.
     *
     * @param round the round number
     */
    public void save(RoundRecord round) {
        store.put(Keys.round(round.taskId(), round.round()), round);
    }

    /**
     * @param roundArg the round number as sent (decimal digits)
     * @return the round number argument parsed strictly
     * @throws org.fedledger.chaincode.errors.FedLedgerException INVALID_ARGUMENT unless 1..2^31-1
     */
    public static int roundNumber(String roundArg) {
        return Arguments.integer("round", roundArg, 1, Integer.MAX_VALUE);
    }
}

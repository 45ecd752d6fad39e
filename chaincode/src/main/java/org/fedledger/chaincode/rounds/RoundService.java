package org.fedledger.chaincode.rounds;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.fedledger.chaincode.access.AccessControl;
import org.fedledger.chaincode.access.Role;
import org.fedledger.chaincode.errors.Arguments;
import org.fedledger.chaincode.errors.ErrorCode;
import org.fedledger.chaincode.events.EventNames;
import org.fedledger.chaincode.events.EventSink;
import org.fedledger.chaincode.ledger.AcceptedUpdate;
import org.fedledger.chaincode.ledger.Keys;
import org.fedledger.chaincode.ledger.LedgerStore;
import org.fedledger.chaincode.ledger.ParticipantRecord;
import org.fedledger.chaincode.ledger.RoundRecord;
import org.fedledger.chaincode.ledger.RoundState;
import org.fedledger.chaincode.ledger.TaskRecord;
import org.fedledger.chaincode.ledger.TxInfo;
import org.fedledger.chaincode.ledger.UpdateRecord;
import org.fedledger.chaincode.tasks.TaskService;
import org.fedledger.core.json.CanonicalJson;

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

    /** Wires the service to one transaction's helpers. */
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
     * @return the round record as canonical JSON
     * @throws org.fedledger.chaincode.errors.FedLedgerException UNKNOWN_IDENTITY, FORBIDDEN,
     *     INVALID_ARGUMENT, NOT_FOUND, INVALID_STATE (the previous round is neither FINAL nor FAILED)
     */
    public String open(String taskId) {
        access.require(Role.COORDINATOR);
        TaskRecord task = tasks.require(taskId);
        if (task.lastRound() > 0) {
            RoundRecord previous = require(task.taskId(), task.lastRound());
            if (previous.state() != RoundState.FINAL && previous.state() != RoundState.FAILED) {
                throw ErrorCode.INVALID_STATE.exception("round " + previous.round() + " of task '" + task.taskId()
                        + "' is " + previous.state() + "; a new round opens only after it is FINAL or FAILED");
            }
        }
        if (task.lastRound() == Integer.MAX_VALUE) {
            throw ErrorCode.INVALID_STATE.exception("task '" + task.taskId() + "' has no round numbers left");
        }
        int number = task.lastRound() + 1;
        long openedAt = tx.epochSecond();
        RoundRecord round = new RoundRecord(task.taskId(), number, RoundState.OPEN, task.currentVersion(),
                task.currentModelHash(), openedAt, openedAt + task.roundDurationSeconds(), null, List.of(), List.of(), 0,
                tx.txId());
        store.put(Keys.round(task.taskId(), number), round);
        tasks.save(task.withLastRound(number));
        events.emit(EventNames.ROUND_OPENED, Map.of("taskId", task.taskId(), "round", number,
                "baseVersion", round.baseVersion(), "deadline", round.deadline()));
        return CanonicalJson.toJson(round);
    }

    /**
     * Closes an OPEN round: fixes the accepted set (the first {@code maxUpdates} by timestamp then key;
     * the rest over capacity), or fails the round when the deadline passed with too few updates.
     *
     * @return the round record as canonical JSON
     * @throws org.fedledger.chaincode.errors.FedLedgerException UNKNOWN_IDENTITY, FORBIDDEN,
     *     INVALID_ARGUMENT, NOT_FOUND, INVALID_STATE, QUORUM_NOT_MET, DEADLINE_NOT_REACHED
     */
    public String close(String taskId, String roundArg) {
        ParticipantRecord me = access.require(Role.COORDINATOR, Role.AGGREGATOR, Role.VERIFIER);
        TaskRecord task = tasks.require(taskId);
        int number = roundNumber(roundArg);
        RoundRecord round = require(task.taskId(), number);
        if (round.state() != RoundState.OPEN) {
            throw ErrorCode.INVALID_STATE.exception("round " + number + " of task '" + task.taskId() + "' is "
                    + round.state() + "; only an OPEN round can be closed");
        }
        boolean pastDeadline = tx.isAfter(round.deadline());
        boolean coordinator = AccessControl.holds(me, Role.COORDINATOR);
        if (!pastDeadline && !coordinator) {
            throw ErrorCode.DEADLINE_NOT_REACHED.exception("round " + number + " closes at " + round.deadline()
                    + " (epoch seconds); before that only a coordinator may close it");
        }
        List<UpdateRecord> updates = store.list(Keys.UPDATE, UpdateRecord.class, Keys.updatesOf(task.taskId(), number));
        if (updates.size() < task.minUpdates()) {
            if (!pastDeadline) {
                throw ErrorCode.QUORUM_NOT_MET.exception("round " + number + " has " + updates.size()
                        + " updates; closing before the deadline needs at least " + task.minUpdates());
            }
            RoundRecord failed = round.closed(RoundState.FAILED, tx.epochSecond(), List.of(), List.of(), tx.txId());
            store.put(Keys.round(task.taskId(), number), failed);
            events.emit(EventNames.ROUND_FAILED, Map.of("taskId", task.taskId(), "round", number,
                    "updates", updates.size()));
            return CanonicalJson.toJson(failed);
        }
        List<AcceptedUpdate> byArrival = new ArrayList<>();
        for (UpdateRecord u : updates) {
            byArrival.add(new AcceptedUpdate(Keys.update(u.taskId(), u.round(), u.contributor()), u.contributor(), u.hash(),
                    u.samples()));
        }
        List<Long> timestamps = new ArrayList<>();
        for (UpdateRecord u : updates) {
            timestamps.add(u.timestamp());
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < updates.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingLong(timestamps::get).thenComparing(i -> byArrival.get(i).key()));
        List<AcceptedUpdate> accepted = new ArrayList<>();
        List<AcceptedUpdate> over = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            (i < task.maxUpdates() ? accepted : over).add(byArrival.get(order.get(i)));
        }
        accepted.sort(Comparator.comparing(AcceptedUpdate::key));
        over.sort(Comparator.comparing(AcceptedUpdate::key));
        RoundRecord closed = round.closed(RoundState.CLOSED, tx.epochSecond(), accepted, over, tx.txId());
        store.put(Keys.round(task.taskId(), number), closed);
        events.emit(EventNames.ROUND_CLOSED, Map.of("taskId", task.taskId(), "round", number,
                "accepted", accepted.size(), "overCapacity", over.size()));
        return CanonicalJson.toJson(closed);
    }

    /**
     * @return the round record as canonical JSON
     * @throws org.fedledger.chaincode.errors.FedLedgerException UNKNOWN_IDENTITY, INVALID_ARGUMENT, NOT_FOUND
     */
    public String get(String taskId, String roundArg) {
        access.require();
        TaskRecord task = tasks.require(taskId);
        return CanonicalJson.toJson(require(task.taskId(), roundNumber(roundArg)));
    }

    /**
     * @return the round (reading its key, which puts it in the transaction's read set)
     * @throws org.fedledger.chaincode.errors.FedLedgerException NOT_FOUND
     */
    public RoundRecord require(String taskId, int round) {
        return store.get(Keys.round(taskId, round), RoundRecord.class)
                .orElseThrow(() -> ErrorCode.NOT_FOUND.exception("round " + round + " of task '" + taskId + "' does not exist"));
    }

    /** Writes a changed round record. */
    public void save(RoundRecord round) {
        store.put(Keys.round(round.taskId(), round.round()), round);
    }

    /**
     * @return the round number argument parsed strictly
     * @throws org.fedledger.chaincode.errors.FedLedgerException INVALID_ARGUMENT unless 1..2^31-1
     */
    public static int roundNumber(String roundArg) {
        return Arguments.integer("round", roundArg, 1, Integer.MAX_VALUE);
    }
}

package org.fedledger.chaincode.rounds;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.fedledger.chaincode.access.AccessControl;
import org.fedledger.chaincode.errors.Arguments;
import org.fedledger.chaincode.errors.FedLedgerException;
import org.fedledger.chaincode.events.EventSink;
import org.fedledger.chaincode.incentives.IncentiveService;
import org.fedledger.chaincode.ledger.LedgerStore;
import org.fedledger.chaincode.ledger.TxInfo;
import org.fedledger.chaincode.privacy.PrivacyService;
import org.fedledger.chaincode.secure.SecureTasks;
import org.fedledger.chaincode.tasks.TaskService;
import org.fedledger.core.model.ContentHash;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.event.LedgerEvent;
import org.fedledger.protocol.incentives.Settlement;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.mapping.HierarchicalRoundInputs;
import org.fedledger.protocol.mapping.RoundInputs;
import org.fedledger.protocol.record.AdmissionOrder;
import org.fedledger.protocol.record.AttestationRecord;
import org.fedledger.protocol.record.ContributionAttestationRecord;
import org.fedledger.protocol.record.IncentiveRules;
import org.fedledger.protocol.record.ModelRecord;
import org.fedledger.protocol.record.ParticipantRecord;
import org.fedledger.protocol.record.PartialSumRecord;
import org.fedledger.protocol.record.ProposalRecord;
import org.fedledger.protocol.record.Quorum;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.ReputationRecord;
import org.fedledger.protocol.record.Role;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.RoundState;
import org.fedledger.protocol.record.TaskIncentivesRecord;
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
    private final PrivacyService privacy;
    private final SecureTasks secureTasks;
    private final IncentiveService incentives;

    /**
     * Wires the service to one transaction's helpers.
     *
     * @param store the world-state store
     * @param tasks the task service
     * @param access access control for the creator
     * @param events the transaction's event sink
     * @param tx the transaction's id and timestamp
     * @param privacy privacy budgets: a round opens only when every bound dataset can take one more update
     */
    public RoundService(LedgerStore store, TaskService tasks, AccessControl access, EventSink events, TxInfo tx,
            PrivacyService privacy) {
        this.store = Objects.requireNonNull(store, "store");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.access = Objects.requireNonNull(access, "access");
        this.events = Objects.requireNonNull(events, "events");
        this.tx = Objects.requireNonNull(tx, "tx");
        this.privacy = Objects.requireNonNull(privacy, "privacy");
        this.secureTasks = new SecureTasks(store, tx);
        this.incentives = new IncentiveService(store, tasks, access, tx);
    }

    /**
     * Opens the task's next round, trained from the task's current model. When the previous round is
     * PROPOSED and its latest proposal has the quorum of AGREE attestations that {@code resolveRound}
     * looks for, the same transaction first makes it FINAL exactly as {@code resolveRound} would (the
     * model record, the task's current model) and the new round trains from that model; the one event
     * is then {@link LedgerEvent.RoundAdvanced}.
     *
     * @param taskId the task id
     * @return the round record as canonical JSON
     * @throws org.fedledger.chaincode.errors.FedLedgerException UNKNOWN_IDENTITY, FORBIDDEN,
     *     INVALID_ARGUMENT, NOT_FOUND, INVALID_STATE (the previous round is neither FINAL nor FAILED, nor
     *     PROPOSED with the quorum reached), PRIVACY_BUDGET_EXCEEDED (a dataset the task binds cannot take one
     *     more update)
     */
    public String open(String taskId) {
        TaskRecord task = tasks.require(taskId);
        access.requireTaskOwner(task);
        LedgerEvent.ModelFinal finalised = null;
        if (task.lastRound() > 0) {
            RoundRecord previous = require(task.taskId(), task.lastRound());
            if (previous.state() == RoundState.PROPOSED) {
                finalised = finaliseAgreed(task, previous);
                task = task.withCurrentModel(finalised.version(), finalised.hash());
            } else if (previous.state() != RoundState.FINAL && previous.state() != RoundState.FAILED) {
                throw new FedLedgerException(ErrorCode.INVALID_STATE, "round " + previous.round() + " of task '"
                        + task.taskId()
                        + "' is " + previous.state() + "; a new round opens only after it is FINAL or FAILED");
            }
        }
        RoundRecord round = openFrom(task, task.currentVersion(), task.currentModelHash());
        tasks.save(task.withLastRound(round.round()));
        LedgerEvent.RoundOpened opened = openedEvent(round);
        events.emit(finalised == null ? opened : new LedgerEvent.RoundAdvanced(finalised, opened));
        return RecordJson.write(round);
    }

    /**
     * Writes the task's next round, OPEN and training from {@code baseVersion}: the task's current model
     * ({@link #open}), or the output of the proposal just recorded in this transaction, a version that is
     * not FINAL yet ({@code proposeAndOpen}). The task record is left to the caller, which writes it once
     * with the new last round.
     *
     * @param task the task as this transaction has it (its owner's coordinator is the caller: checked by
     *     the caller)
     * @param baseVersion the version the round trains from
     * @param baseHash that model's hash
     * @return the round written
     * @throws org.fedledger.chaincode.errors.FedLedgerException INVALID_STATE when the task has no round
     *     numbers left, PRIVACY_BUDGET_EXCEEDED
     */
    public RoundRecord openFrom(TaskRecord task, long baseVersion, ContentHash baseHash) {
        if (task.lastRound() == Integer.MAX_VALUE) {
            throw new FedLedgerException(ErrorCode.INVALID_STATE, "task '" + task.taskId()
                    + "' has no round numbers left");
        }
        privacy.requireRoomForRound(task);
        int number = task.lastRound() + 1;
        long openedAt = tx.epochSecond();
        RoundRecord round = new RoundRecord(task.taskId(), number, RoundState.OPEN, baseVersion, baseHash, openedAt,
                openedAt + task.roundDurationSeconds(), null, List.of(), List.of(), null, 0, List.of(), tx.txId());
        store.put(Keys.round(task.taskId(), number), round);
        secureTasks.openCohort(task, number);
        return round;
    }

    /**
     * @param round a round just opened
     * @return the event announcing it
     */
    public static LedgerEvent.RoundOpened openedEvent(RoundRecord round) {
        return new LedgerEvent.RoundOpened(round.taskId(), round.round(), round.baseVersion(), round.deadline());
    }

    /**
     * What a proposal for {@code round} needs first: the model the round trained from must be FINAL. When
     * it is the task's current model, nothing changes. When the round was opened on the previous round's
     * proposal ({@code proposeAndOpen}) and that proposal now has its quorum, this transaction makes the
     * previous round FINAL exactly as {@code resolveRound} would.
     *
     * @param task the task as read by this transaction
     * @param round the round to be proposed
     * @return the task (with the new current model when this transaction finalised the previous round)
     *     and the finalisation's event, null when there was none
     * @throws org.fedledger.chaincode.errors.FedLedgerException INVALID_STATE when the base is not FINAL
     *     and cannot be made so now, or will never be
     */
    public SettledBase settleBase(TaskRecord task, RoundRecord round) {
        if (round.baseVersion() == task.currentVersion() && round.baseModelHash().equals(task.currentModelHash())) {
            return new SettledBase(task, null);
        }
        if (round.baseVersion() == task.currentVersion() + 1 && round.round() > 1) {
            RoundRecord previous = require(task.taskId(), round.round() - 1);
            if (previous.state() == RoundState.PROPOSED) {
                ProposalRecord proposal = latestProposal(task, previous);
                if (proposal.outputHash().equals(round.baseModelHash())) {
                    Quorum.Tally tally = tally(task, proposal);
                    if (tally.outcome() == Quorum.Outcome.REACHED) {
                        LedgerEvent.ModelFinal finalised = finalise(task, previous, proposal, tally);
                        return new SettledBase(task.withCurrentModel(finalised.version(), finalised.hash()),
                                finalised);
                    }
                }
            }
            if (!baseSuperseded(task, round)) {
                throw new FedLedgerException(ErrorCode.INVALID_STATE, "round " + round.round() + " of task '"
                        + task.taskId() + "' trains from round " + previous.round() + "'s proposal, which is not"
                        + " FINAL yet (round " + previous.round() + " is " + previous.state() + "); propose once its"
                        + " verifiers have agreed");
            }
        }
        throw new FedLedgerException(ErrorCode.INVALID_STATE, "round " + round.round() + " of task '"
                + task.taskId() + "' trains from a proposal that will never be FINAL (the task's model "
                + task.currentVersion() + " is " + task.currentModelHash() + "); resolve it, which fails it, and"
                + " open the next round");
    }

    /**
     * The task and the previous round's finalisation after {@link #settleBase}.
     *
     * @param task the task as the transaction now has it
     * @param finalised the previous round's finalisation in this transaction; null when none
     */
    public record SettledBase(TaskRecord task, LedgerEvent.ModelFinal finalised) {
    }

    /**
     * Whether {@code round} trains from a model that is not and will never be FINAL: it was opened on the
     * previous round's proposal, and that round became FINAL with another model or FAILED.
     *
     * @param task the task as read by this transaction
     * @param round an OPEN or CLOSED round
     * @return true when no proposal for the round can ever be accepted
     */
    public boolean baseSuperseded(TaskRecord task, RoundRecord round) {
        if (round.baseVersion() <= task.currentVersion()) {
            return round.baseVersion() < task.currentVersion()
                    || !round.baseModelHash().equals(task.currentModelHash());
        }
        return round.round() == 1 || round.baseVersion() > task.currentVersion() + 1
                || require(task.taskId(), round.round() - 1).state() == RoundState.FAILED;
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
        List<UpdateRecord> updates = updatesOf(task, number);
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
        RoundRecord closed = closedWith(task, round, updates);
        store.put(Keys.round(task.taskId(), number), closed);
        secureTasks.afterClose(closed);
        events.emit(new LedgerEvent.RoundClosed(task.taskId(), number, closed.accepted().size(),
                closed.overCapacityCount()));
        return RecordJson.write(closed);
    }

    /**
     * Closes a full OPEN round for the proposal recorded in the same transaction (the merged
     * close-and-propose): the accepted set is the one {@link #close} fixes, and nothing waits on a clock
     * because a round with {@code maxUpdates} updates takes every one of them. The closed record is
     * returned, not written: the caller writes the round once, in its next state. The update listing is
     * in the read set, so a submit committed first invalidates this transaction, and this transaction
     * committed first invalidates the submit (which reads the round key).
     *
     * @param task the task (its owner organisation's aggregator is the caller: checked by the caller)
     * @param round the OPEN round
     * @return the round CLOSED at this transaction's time, with its accepted set
     * @throws org.fedledger.chaincode.errors.FedLedgerException INVALID_STATE when the round holds fewer
     *     than {@code maxUpdates} updates, or the task is secure or centrally noised
     */
    public RoundRecord closeFull(TaskRecord task, RoundRecord round) {
        List<UpdateRecord> updates = updatesOf(task, round.round());
        if (updates.size() < task.maxUpdates()) {
            throw new FedLedgerException(ErrorCode.INVALID_STATE, "round " + round.round() + " of task '"
                    + task.taskId() + "' is OPEN with " + updates.size() + " of its " + task.maxUpdates()
                    + " updates; a proposal closes a round only when it is full: close it first");
        }
        if (!closesWithProposal(task)) {
            throw new FedLedgerException(ErrorCode.INVALID_STATE, "round " + round.round() + " of task '"
                    + task.taskId() + "' must be closed before its proposal: its aggregate depends on the close"
                    + " (secure aggregation's reveals follow it, central noise is seeded by it)");
        }
        return closedWith(task, round, updates);
    }

    /**
     * The update records a close of the round takes: its public update records, or for a hierarchical task
     * the updates of its attested partial sums ({@link HierarchicalRoundInputs#admitted}).
     *
     * @param task the task
     * @param round the round number
     * @return the records, in key order
     */
    public List<UpdateRecord> updatesOf(TaskRecord task, int round) {
        if (task.rule().spec().hierarchical()) {
            return HierarchicalRoundInputs.admitted(task, require(task.taskId(), round), partialSums(task.taskId(),
                    round));
        }
        return store.list(Keys.UPDATE, UpdateRecord.class, Keys.updatesOf(task.taskId(), round));
    }

    /**
     * @param taskId the task id
     * @param round the round number
     * @return the round's partial sum records (a hierarchical task's), in MSP order
     */
    public List<PartialSumRecord> partialSums(String taskId, int round) {
        return store.list(Keys.PARTIAL_SUM, PartialSumRecord.class, Keys.partialSumsOf(taskId, round));
    }

    /** {@link RoundInputs#closesWithProposal}, with the task's records as this transaction reads them. */
    private boolean closesWithProposal(TaskRecord task) {
        return RoundInputs.closesWithProposal(task, secureTasks.of(task.taskId()), tasks.incentives(task));
    }

    /**
     * Makes a PROPOSED round FINAL from its latest proposal, as {@code resolveRound} does when the
     * quorum is reached: writes the model record with the task's next version, for a task with
     * incentives the round's contributions, credits, reputations and penalties, and the FINAL round. The
     * task record is left to the caller, which writes it once with the new current model.
     *
     * @param task the task as read by this transaction
     * @param round the PROPOSED round
     * @param proposal its latest proposal
     * @param tally its tally ({@link #tally}), the quorum reached
     * @return the event announcing the new model (not emitted)
     */
    public LedgerEvent.ModelFinal finalise(TaskRecord task, RoundRecord round, ProposalRecord proposal,
            Quorum.Tally tally) {
        long version = task.currentVersion() + 1;
        ModelRecord model = new ModelRecord(task.taskId(), version, proposal.outputHash(), proposal.outputSize(),
                proposal.outputChunks(), round.round(), proposal.seq(), proposal.manifestHash(), tally.agreeing(),
                tx.txId(), tx.epochSecond());
        store.put(Keys.model(task.taskId(), version), model);
        Optional<TaskIncentivesRecord> rules = tasks.incentives(task);
        if (rules.isPresent()) {
            incentives.settle(task, rules.get(), round, proposal, tally, store.list(Keys.ATTEST, AttestationRecord.class,
                    Keys.attestationsOf(task.taskId(), proposal.round(), proposal.seq())), contributionsOf(task, proposal));
        }
        save(round.moved(RoundState.FINAL, proposal.seq(), tx.txId()));
        return new LedgerEvent.ModelFinal(task.taskId(), round.round(), proposal.seq(), version,
                proposal.outputHash(), tally.agreeing());
    }

    /**
     * The tally of a proposal's attestations that {@code resolveRound} and the owner's merged open both
     * decide by: for a task with incentives, the quorum must agree on the contributions too.
     *
     * @param task the task
     * @param proposal the round's latest proposal
     * @return its tally
     */
    public Quorum.Tally tally(TaskRecord task, ProposalRecord proposal) {
        List<AttestationRecord> attestations = store.list(Keys.ATTEST, AttestationRecord.class,
                Keys.attestationsOf(task.taskId(), proposal.round(), proposal.seq()));
        Optional<TaskIncentivesRecord> rules = tasks.incentives(task);
        return rules.isEmpty() ? Quorum.tally(task, proposal, attestations)
                : Quorum.tally(task, rules.get().rules(), proposal, attestations, contributionsOf(task, proposal));
    }

    private List<ContributionAttestationRecord> contributionsOf(TaskRecord task, ProposalRecord proposal) {
        return store.list(Keys.CONTRIB_ATTEST, ContributionAttestationRecord.class,
                Keys.attestationsOf(task.taskId(), proposal.round(), proposal.seq()));
    }

    /** The owner's open of the next round finalises a PROPOSED round only with the quorum reached. */
    private LedgerEvent.ModelFinal finaliseAgreed(TaskRecord task, RoundRecord previous) {
        int seq = previous.proposalSeq();
        ProposalRecord proposal = latestProposal(task, previous);
        Quorum.Tally tally = tally(task, proposal);
        if (tally.outcome() != Quorum.Outcome.REACHED) {
            throw new FedLedgerException(ErrorCode.INVALID_STATE, "round " + previous.round() + " of task '"
                    + task.taskId() + "' is PROPOSED and proposal " + seq + " has " + tally.agreeing().size()
                    + " of the " + tally.quorum() + " agreeing organisations it needs; a new round opens only after"
                    + " it is FINAL or FAILED, or with that quorum reached");
        }
        return finalise(task, previous, proposal, tally);
    }

    private ProposalRecord latestProposal(TaskRecord task, RoundRecord round) {
        int seq = round.proposalSeq();
        return store.get(Keys.proposal(task.taskId(), round.round(), seq), ProposalRecord.class)
                .orElseThrow(() -> new FedLedgerException(ErrorCode.NOT_FOUND, "no proposal " + seq + " for round "
                        + round.round() + " of task '" + task.taskId() + "'"));
    }

    /** The round closed at this transaction with the admission's accepted set of {@code updates}. */
    private RoundRecord closedWith(TaskRecord task, RoundRecord round, List<UpdateRecord> updates) {
        Optional<IncentiveRules> rules = tasks.incentives(task).map(TaskIncentivesRecord::rules);
        boolean byReputation = rules.map(r -> r.reputationWeights()).orElse(false);
        boolean penalties = rules.map(r -> r.lowersWeight()).orElse(false);
        if (!byReputation && !penalties) {
            return RoundInputs.closedOver(task, round, updates, tx.epochSecond(), tx.txId());
        }
        return RoundInputs.closedOver(task, round, updates, tx.epochSecond(), tx.txId(), u -> Settlement.closeWeight(
                RoundInputs.admittedWeight(task, round, u),
                byReputation ? store.get(Keys.reputation(u.contributor()), ReputationRecord.class)
                        .map(ReputationRecord::reputation).orElse(ReputationRecord.INITIAL) : null,
                penalties ? incentives.penaltyPermilleIn(task, round.round(), u.contributor()) : null));
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

package org.fedledger.chaincode.aggregation;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.fedledger.chaincode.access.AccessControl;
import org.fedledger.chaincode.access.Caller;
import org.fedledger.chaincode.errors.Arguments;
import org.fedledger.chaincode.errors.FedLedgerException;
import org.fedledger.chaincode.events.EventSink;
import org.fedledger.chaincode.incentives.IncentiveService;
import org.fedledger.chaincode.ledger.LedgerStore;
import org.fedledger.chaincode.ledger.TxInfo;
import org.fedledger.chaincode.rounds.RoundService;
import org.fedledger.chaincode.secure.SecureTasks;
import org.fedledger.chaincode.tasks.TaskService;
import org.fedledger.core.model.ContentHash;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.event.LedgerEvent;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.record.AttestationRecord;
import org.fedledger.protocol.record.ContributionAttestationRecord;
import org.fedledger.protocol.record.ContributionVector;
import org.fedledger.protocol.record.ModelRecord;
import org.fedledger.protocol.record.ProposalRecord;
import org.fedledger.protocol.record.Quorum;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.Role;
import org.fedledger.protocol.record.RoundFailure;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.RoundState;
import org.fedledger.protocol.record.TaskIncentivesRecord;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.record.Verdict;

/**
 * Verifiers' attestations and the decision of a round (invariant 4 of {@code docs/architecture.md}).
 *
 * <p>An attestation writes its own key only and reads only keys that no other attestation writes
 * (the participant, the task, the round, the proposal and its own key), so the verifiers of
 * different organisations attesting at once never invalidate each other. The decision is a
 * transaction of its own, {@link #resolve}: it counts the proposal's attestations with
 * {@link Quorum} (the proposer's organisation is not eligible) and moves the round to FINAL when
 * {@code attestationQuorum} eligible organisations agreed, to DISPUTED when they can no longer agree
 * (FAILED when that was the round's last allowed proposal), and to FAILED once the round's window
 * has passed undecided. Anyone with a role in the task may resolve, so no single member's
 * cooperation is needed; resolving a decided round changes nothing.
 *
 * <pre>{@code
 * attestations.attest("mnist", "1", "1", "AGREE", recomputedHashHex);
 * attestations.resolve("mnist", "1");   // FINAL once two other organisations agreed
 * }</pre>
 */
public final class AttestationService {
    private final LedgerStore store;
    private final TaskService tasks;
    private final RoundService rounds;
    private final ProposalService proposals;
    private final AccessControl access;
    private final EventSink events;
    private final TxInfo tx;
    private final SecureTasks secureTasks;
    private final IncentiveService incentives;

    /**
     * Wires the service to one transaction's helpers.
     *
     * @param store the world-state store
     * @param tasks the task service
     * @param rounds the round service
     * @param proposals the proposal service
     * @param access access control for the creator
     * @param events the transaction's event sink
     * @param tx the transaction's id and timestamp
     */
    public AttestationService(LedgerStore store, TaskService tasks, RoundService rounds, ProposalService proposals,
            AccessControl access, EventSink events, TxInfo tx) {
        this.store = Objects.requireNonNull(store, "store");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.rounds = Objects.requireNonNull(rounds, "rounds");
        this.proposals = Objects.requireNonNull(proposals, "proposals");
        this.access = Objects.requireNonNull(access, "access");
        this.events = Objects.requireNonNull(events, "events");
        this.tx = Objects.requireNonNull(tx, "tx");
        this.secureTasks = new SecureTasks(store, tx);
        this.incentives = new IncentiveService(store, tasks, access, tx);
    }

    /** @return the incentives side: contributions, credits and reputation queries */
    public IncentiveService incentives() {
        return incentives;
    }

    /**
     * Records the creator organisation's verdict on the round's current proposal. It decides nothing:
     * {@link #resolve} does.
     *
     * @param taskId the task id
     * @param roundArg the round number as sent (decimal digits)
     * @param seqArg the proposal sequence number as sent (decimal digits)
     * @param verdictArg AGREE or DISAGREE, as sent
     * @param computedHashArg the verifier's computed hash as sent (64 lowercase hex characters)
     * @return the attestation record as canonical JSON
     * @throws org.fedledger.chaincode.errors.FedLedgerException UNKNOWN_IDENTITY, FORBIDDEN,
     *     INVALID_ARGUMENT, MALFORMED_HASH, NOT_FOUND, INVALID_STATE, OWN_PROPOSAL, HASH_MISMATCH,
     *     ALREADY_ATTESTED
     */
    public String attest(String taskId, String roundArg, String seqArg, String verdictArg, String computedHashArg) {
        return attest(taskId, roundArg, seqArg, verdictArg, computedHashArg, null);
    }

    /**
     * As {@link #attest(String, String, String, String, String)}, for a proposal of an incentives task:
     * the contributions the verifier computed are written beside its attestation
     * ({@link ContributionAttestationRecord}). A task with incentives takes an AGREE only with
     * contributions, except from an organisation whose private validation set does not cover the round
     * (it verifies the output all the same and values nothing); a task without takes none.
     *
     * @param taskId the task id
     * @param roundArg the round number as sent (decimal digits)
     * @param seqArg the proposal sequence number as sent (decimal digits)
     * @param verdictArg AGREE or DISAGREE, as sent
     * @param computedHashArg the verifier's computed hash as sent (64 lowercase hex characters)
     * @param contributionsJson the {@link ContributionVector} as JSON, or {@code null} for none
     * @return the attestation record as canonical JSON
     * @throws org.fedledger.chaincode.errors.FedLedgerException as the plain attestation, and
     *     INVALID_ARGUMENT for contributions missing, unexpected or not the round's shape,
     *     VALIDATION_SET_NOT_COMMITTED for contributions of a task valued on private sets from an organisation
     *     whose committed set does not cover the round
     */
    public String attest(String taskId, String roundArg, String seqArg, String verdictArg, String computedHashArg,
            String contributionsJson) {
        access.require(Role.VERIFIER);
        Caller me = access.caller();
        TaskRecord task = tasks.require(taskId);
        access.requireAllowedOrg(task);
        int number = RoundService.roundNumber(roundArg);
        int seq = ProposalService.seqNumber(seqArg);
        Verdict verdict = verdict(verdictArg);
        ContentHash computed = Arguments.hash("computedHash", computedHashArg);
        RoundRecord round = rounds.require(task.taskId(), number);
        ProposalRecord proposal = proposals.require(task.taskId(), number, seq);
        if (proposal.proposer().equals(me.id())) {
            throw new FedLedgerException(ErrorCode.OWN_PROPOSAL, "this identity proposed proposal " + seq
                    + " of round " + number + " of task '" + task.taskId()
                    + "'; the verifiers of the other organisations attest it");
        }
        if (round.state() != RoundState.PROPOSED || round.proposalSeq() != seq) {
            throw new FedLedgerException(ErrorCode.INVALID_STATE, "round " + number + " of task '" + task.taskId()
                    + "' is "
                    + round.state() + " with current proposal " + round.proposalSeq()
                    + "; only the current proposal of a PROPOSED round can be attested");
        }
        String key = Keys.attestation(task.taskId(), number, seq, me.msp());
        if (store.exists(key)) {
            throw new FedLedgerException(ErrorCode.ALREADY_ATTESTED, "organisation " + me.msp()
                    + " already attested proposal " + seq
                    + " of round " + number);
        }
        if (verdict == Verdict.AGREE && !computed.equals(proposal.outputHash())) {
            throw new FedLedgerException(ErrorCode.HASH_MISMATCH,
                    "AGREE needs computedHash equal to the proposal's output hash "
                    + proposal.outputHash() + ", not " + computed
                    + "; attest DISAGREE if you computed something else");
        }
        Optional<TaskIncentivesRecord> rules = tasks.incentives(task);
        ContributionVector contributions = null;
        if (contributionsJson != null) {
            contributions = incentives.checkedVector(rules.orElseThrow(() -> new FedLedgerException(
                    ErrorCode.INVALID_ARGUMENT, "contributionsJson", "task '" + task.taskId()
                    + "' has no incentives; attest without contributions")), round, contributionsJson);
            incentives.requireValidationSet(task, rules.get(), number, me.msp());
        } else if (rules.isPresent() && verdict == Verdict.AGREE
                && incentives.canValue(task, rules.get(), number, me.msp())) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "contributionsJson", "task '" + task.taskId()
                    + "' has incentives: an AGREE carries the contributions its verifier computed");
        }
        AttestationRecord record = new AttestationRecord(task.taskId(), number, seq, me.msp(), me.id(), verdict,
                computed, tx.txId(), tx.epochSecond());
        store.put(key, record);
        if (contributions != null) {
            store.put(Keys.contributionAttestation(task.taskId(), number, seq, me.msp()),
                    new ContributionAttestationRecord(task.taskId(), number, seq, me.msp(), me.id(), contributions,
                            contributions.hash(), tx.txId(), tx.epochSecond()));
        }
        events.emit(new LedgerEvent.ModelAttested(task.taskId(), number, seq, me.msp(), verdict));
        return RecordJson.write(record);
    }

    /**
     * Decides a round that waits. A PROPOSED round becomes FINAL when its current proposal has the
     * quorum (a model record with the next version is written and the task's current model advances),
     * DISPUTED when the quorum is out of reach, or FAILED when that proposal was the round's last
     * allowed one ({@link Quorum#MAX_PROPOSALS_PER_ROUND}) or when its attestation window (the
     * proposal's timestamp plus the task's round duration) has passed undecided. A CLOSED or DISPUTED
     * round that got no proposal within its window (from the close, or from the disputed proposal)
     * becomes FAILED. An OPEN or CLOSED round opened on the previous round's proposal
     * ({@code proposeAndOpen}) fails at once when that proposal will never be FINAL
     * ({@link RoundFailure#BASE_SUPERSEDED}). A FINAL or FAILED round is returned unchanged and nothing
     * is written.
     *
     * @param taskId the task id
     * @param roundArg the round number as sent (decimal digits)
     * @return the round record as canonical JSON
     * @throws org.fedledger.chaincode.errors.FedLedgerException UNKNOWN_IDENTITY, FORBIDDEN,
     *     INVALID_ARGUMENT, NOT_FOUND, INVALID_STATE (an OPEN round on a base that may still become FINAL: close it),
     *     RESOLUTION_PENDING
     */
    public String resolve(String taskId, String roundArg) {
        access.require(Role.COORDINATOR, Role.AGGREGATOR, Role.VERIFIER);
        TaskRecord task = tasks.require(taskId);
        access.requireAllowedOrg(task);
        int number = RoundService.roundNumber(roundArg);
        RoundRecord round = rounds.require(task.taskId(), number);
        if ((round.state() == RoundState.OPEN || round.state() == RoundState.CLOSED)
                && rounds.baseSuperseded(task, round)) {
            // Opened on a proposal that will never be FINAL: no proposal for it can ever be accepted.
            return RecordJson.write(fail(task, round, RoundFailure.BASE_SUPERSEDED));
        }
        return RecordJson.write(switch (round.state()) {
            case FINAL, FAILED -> round;
            case OPEN -> throw new FedLedgerException(ErrorCode.INVALID_STATE, "round " + number + " of task '"
                    + task.taskId() + "' is OPEN; close it first");
            case PROPOSED -> resolveProposed(task, round);
            case CLOSED -> failAfter(task, round, Quorum.windowEnd(task, round.closedAt()), "its close");
            case DISPUTED -> failAfter(task, round,
                    Quorum.windowEnd(task, proposals.require(task.taskId(), number, round.proposalSeq()).timestamp()),
                    "its disputed proposal " + round.proposalSeq());
        });
    }

    private RoundRecord resolveProposed(TaskRecord task, RoundRecord round) {
        int number = round.round();
        int seq = round.proposalSeq();
        ProposalRecord proposal = proposals.require(task.taskId(), number, seq);
        Quorum.Tally tally = rounds.tally(task, proposal);
        switch (tally.outcome()) {
            case REACHED -> {
                LedgerEvent.ModelFinal finalised = rounds.finalise(task, round, proposal, tally);
                tasks.save(task.withCurrentModel(finalised.version(), finalised.hash()));
                events.emit(finalised);
                return round.moved(RoundState.FINAL, seq, tx.txId());
            }
            case OUT_OF_REACH -> {
                if (tasks.incentives(task).filter(i -> i.rules().penalisesDisputedProposals()).isPresent()) {
                    incentives.penaliseDisputed(task, proposal);
                }
                if (seq >= Quorum.MAX_PROPOSALS_PER_ROUND) {
                    return fail(task, round, RoundFailure.PROPOSALS_EXHAUSTED);
                }
                RoundRecord decided = round.moved(RoundState.DISPUTED, seq, tx.txId());
                rounds.save(decided);
                events.emit(new LedgerEvent.RoundDisputed(task.taskId(), number, seq));
                return decided;
            }
            default -> {
                long end = Quorum.windowEnd(task, proposal.timestamp());
                if (!tx.isAfter(end)) {
                    throw new FedLedgerException(ErrorCode.RESOLUTION_PENDING, "proposal " + seq + " of round "
                            + number + " of task '" + task.taskId() + "' has " + tally.agreeing().size()
                            + " of the " + tally.quorum() + " agreeing organisations it needs; waiting for "
                            + tally.waitingFor() + " until " + TxInfo.time(end));
                }
                return fail(task, round, RoundFailure.WINDOW_PASSED);
            }
        }
    }

    private RoundRecord failAfter(TaskRecord task, RoundRecord round, long end, String since) {
        if (!tx.isAfter(end)) {
            throw new FedLedgerException(ErrorCode.RESOLUTION_PENDING, "round " + round.round() + " of task '"
                    + task.taskId() + "' is " + round.state() + " and waits for a proposal until " + TxInfo.time(end)
                    + " (a round duration after " + since + ")");
        }
        return fail(task, round, secureTasks.belowThreshold(task.taskId(), round.round())
                ? RoundFailure.UNMASKING_BELOW_THRESHOLD : RoundFailure.WINDOW_PASSED);
    }

    private RoundRecord fail(TaskRecord task, RoundRecord round, RoundFailure reason) {
        RoundRecord failed = round.moved(RoundState.FAILED, round.proposalSeq(), tx.txId());
        rounds.save(failed);
        events.emit(new LedgerEvent.RoundFailed(task.taskId(), round.round(), round.accepted().size(), reason));
        return failed;
    }

    /**
     * @param taskId the task id
     * @param roundArg the round number as sent (decimal digits)
     * @param seqArg the proposal sequence number as sent (decimal digits)
     * @return the proposal's attestations in MSP order, as a canonical JSON array
     * @throws org.fedledger.chaincode.errors.FedLedgerException UNKNOWN_IDENTITY, INVALID_ARGUMENT, NOT_FOUND
     */
    public String list(String taskId, String roundArg, String seqArg) {
        access.require();
        String id = Arguments.taskId(taskId);
        int number = RoundService.roundNumber(roundArg);
        int seq = ProposalService.seqNumber(seqArg);
        proposals.require(id, number, seq);
        return RecordJson.write(store.list(Keys.ATTEST, AttestationRecord.class, Keys.attestationsOf(id, number, seq)));
    }

    private static Verdict verdict(String value) {
        for (Verdict v : Verdict.values()) {
            if (v.name().equals(value)) {
                return v;
            }
        }
        throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "verdict must be one of "
                + java.util.Arrays.toString(Verdict.values()) + ", was " + Arguments.shown(value));
    }
}

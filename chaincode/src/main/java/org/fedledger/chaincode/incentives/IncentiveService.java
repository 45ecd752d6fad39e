package org.fedledger.chaincode.incentives;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.fedledger.chaincode.access.AccessControl;
import org.fedledger.chaincode.access.Caller;
import org.fedledger.chaincode.errors.Arguments;
import org.fedledger.chaincode.errors.FedLedgerException;
import org.fedledger.chaincode.ledger.LedgerStore;
import org.fedledger.chaincode.ledger.TxInfo;
import org.fedledger.chaincode.rounds.RoundService;
import org.fedledger.chaincode.tasks.TaskService;
import org.fedledger.core.model.ContentHash;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.incentives.AgreedContributions;
import org.fedledger.protocol.incentives.OutOfLine;
import org.fedledger.protocol.incentives.SetAside;
import org.fedledger.protocol.incentives.Settlement;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.record.AcceptedUpdate;
import org.fedledger.protocol.record.AttestationRecord;
import org.fedledger.protocol.record.ContributionAttestationRecord;
import org.fedledger.protocol.record.ContributionVector;
import org.fedledger.protocol.record.CreditRecord;
import org.fedledger.protocol.record.Evidence;
import org.fedledger.protocol.record.IncentiveRules;
import org.fedledger.protocol.record.PenaltyKind;
import org.fedledger.protocol.record.PenaltyRecord;
import org.fedledger.protocol.record.ProposalRecord;
import org.fedledger.protocol.record.Quorum;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.ReputationRecord;
import org.fedledger.protocol.record.ReputationScore;
import org.fedledger.protocol.record.RoundContributionsRecord;
import org.fedledger.protocol.record.Role;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.SuspensionRecord;
import org.fedledger.protocol.record.TaskIncentivesRecord;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.record.UpdateRecord;
import org.fedledger.protocol.record.ValidationMode;
import org.fedledger.protocol.record.ValidationSetRecord;

/**
 * The ledger side of incentives: checks the contributions a verifier attests, and, in the
 * transaction that makes a round FINAL, writes the agreed contributions, each contributor's credits
 * and reputation ({@link Settlement}). Nothing is recomputed here: the chaincode has no validation
 * set; the quorum of verifiers computed the contributions and agreed on their hash.
 *
 * <pre>{@code
 * ContributionVector v = incentives.checkedVector(rules, round, contributionsJson);
 * incentives.settle(task, rules, round, proposal, tally, attestations, attestedContributions);
 * }</pre>
 */
public final class IncentiveService {
    private final LedgerStore store;
    private final TaskService tasks;
    private final AccessControl access;
    private final TxInfo tx;

    /**
     * @param store the world-state store
     * @param tasks the task service
     * @param access access control for the creator
     * @param tx the transaction's id and timestamp
     */
    public IncentiveService(LedgerStore store, TaskService tasks, AccessControl access, TxInfo tx) {
        this.store = Objects.requireNonNull(store, "store");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.access = Objects.requireNonNull(access, "access");
        this.tx = Objects.requireNonNull(tx, "tx");
    }

    /**
     * Reads and checks a vector attested for {@code round}: the task's method, the scale of the round's
     * number of accepted updates, and exactly the round's contributors in update-key order.
     *
     * @param rules the task's incentive rules
     * @param round the round
     * @param json the {@code contributionsJson} argument
     * @return the vector
     * @throws FedLedgerException INVALID_ARGUMENT naming what differs
     */
    public ContributionVector checkedVector(TaskIncentivesRecord rules, RoundRecord round, String json) {
        ContributionVector v;
        try {
            v = RecordJson.read(Objects.requireNonNullElse(json, ""), ContributionVector.class);
        } catch (IllegalArgumentException e) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "contributionsJson", "contributionsJson is not a"
                    + " contribution vector: " + e.getMessage());
        }
        List<String> expected = round.contributorsInKeyOrder();
        int n = expected.size();
        if (v.method() != rules.rules().method() || v.scale() != rules.rules().scale(n)
                || !v.contributors().equals(expected)) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "contributionsJson", "contributions must be "
                    + rules.rules().method() + " with scale " + rules.rules().scale(n) + " for the round's "
                    + n + " contributors " + expected + " in update-key order; got " + v.method() + " with scale "
                    + v.scale() + " for " + v.contributors());
        }
        return v;
    }

    /**
     * Writes what a round that just became FINAL is worth: the agreed contributions with the
     * organisations that agreed and dissented, each contributor's credits in the task and reputation.
     * Contributors are settled in update-key order, so the writes are the same on every peer.
     *
     * @param task the task
     * @param rules its incentive rules
     * @param round the round (its accepted updates)
     * @param proposal the final proposal
     * @param tally the proposal's tally by the rules
     *     ({@link Quorum#tally(TaskRecord, org.fedledger.protocol.record.IncentiveRules, ProposalRecord, List, List)})
     * @param attestations the proposal's attestations
     * @param attested the contributions attested with the proposal
     * @return the round's contributions record
     */
    public RoundContributionsRecord settle(TaskRecord task, TaskIncentivesRecord rules, RoundRecord round,
            ProposalRecord proposal, Quorum.Tally tally, List<AttestationRecord> attestations,
            List<ContributionAttestationRecord> attested) {
        Map<String, ContributionAttestationRecord> byMsp = new TreeMap<>();
        attested.forEach(c -> byMsp.put(c.msp(), c));
        AgreedContributions agreement = AgreedContributions.of(task, rules.rules(), round, proposal, tally, attestations,
                attested);
        ContributionVector agreed = agreement.contributions();
        ContentHash hash = agreement.hash();
        List<String> dissenting = agreement.dissenting();

        for (String msp : dissenting) {
            ContributionAttestationRecord theirs = byMsp.get(msp);
            store.put(Keys.penalty(task.taskId(), round.round(), msp), new PenaltyRecord(task.taskId(), round.round(),
                    msp, PenaltyKind.CONTRIBUTIONS_DISSENT, List.of(new Evidence(theirs.txId(), Keys.printable(
                            Keys.contributionAttestation(task.taskId(), round.round(), proposal.seq(), msp)),
                            "contributionsHash")), 0, tx.txId()));
        }

        Map<String, String> mspOf = new TreeMap<>();
        Map<String, Long> declared = new TreeMap<>();
        for (AcceptedUpdate a : round.accepted()) {
            UpdateRecord update = store.get(Keys.update(task.taskId(), round.round(), a.contributor()),
                    UpdateRecord.class).orElseThrow();
            mspOf.put(a.contributor(), update.msp());
            declared.put(a.contributor(), update.samples());
        }
        Integer factor = rules.rules().outOfLineFactor();
        List<String> outOfLine = factor == null ? null : OutOfLine.contributors(proposal.manifest(), declared, factor,
                    rules.rules().samplesPerStep());
        Integer permille = rules.rules().setAsidePermille();
        List<String> setAside = permille == null ? null : SetAside.contributors(proposal.manifest(),
                SetAside.dimension(task.schema()), permille);
        RoundContributionsRecord record = new RoundContributionsRecord(task.taskId(), round.round(), proposal.seq(),
                agreed, hash, agreement.agreeing(), dissenting, tx.txId(), tx.epochSecond(), outOfLine, setAside);
        store.put(Keys.roundContributions(task.taskId(), round.round()), record);
        Map<String, Long> data = new TreeMap<>();
        round.accepted().forEach(a -> data.merge(a.contributor(), a.samples(), Long::sum));
        Settlement.RoundCredits settled = Settlement.roundCredits(agreed, outOfLine == null ? List.of() : outOfLine,
                setAside == null ? List.of() : setAside, rules.rules(), task.minUpdates(),
                who -> store.get(Keys.credit(task.taskId(), who), CreditRecord.class).orElse(null), mspOf::get,
                data::get, task.taskId(), round.round(), tx.txId());
        List<String> sittingOut = sittingOut(task, rules, round.round(), agreed);
        List<Long> scores = Settlement.roundScores(agreed, sittingOut,
                outOfLine == null ? List.of() : outOfLine, rules.rules());
        for (int i = 0; i < agreed.contributors().size(); i++) {
            String who = agreed.contributors().get(i);
            if (settled.candidates().contains(i)) {
                penalise(task, rules, record, who, settled.credits().get(i).negativeStreak(),
                        settled.suspended().contains(i));
            }
            store.put(Keys.credit(task.taskId(), who), settled.stored(i));
            score(task, rules.rules(), round.round(), who, scores.get(i));
        }
        for (int k = 0; k < sittingOut.size(); k++) {
            score(task, rules.rules(), round.round(), sittingOut.get(k), scores.get(agreed.contributors().size() + k));
        }
        return record;
    }

    private void score(TaskRecord task, IncentiveRules rules, int round, String who, long score) {
        String reputationKey = Keys.reputation(who);
        store.put(reputationKey, Settlement.reputation(store.get(reputationKey, ReputationRecord.class).orElse(null),
                who, score, rules, task.taskId(), round, tx.txId()));
    }

    /**
     * The task's contributors suspended from {@code round}, in id order, when its reputation scores them
     * ({@link ReputationScore#scoresSittingOut()}); none otherwise. Read before this round's own suspensions
     * are written, which start with the next round.
     */
    private List<String> sittingOut(TaskRecord task, TaskIncentivesRecord rules, int round, ContributionVector agreed) {
        if (!rules.rules().reputationScoring().scoresSittingOut()) {
            return List.of();
        }
        return store.list(Keys.SUSPENSION, SuspensionRecord.class, task.taskId()).stream()
                .filter(s -> s.refuses(round) && !agreed.contributors().contains(s.contributor()))
                .map(SuspensionRecord::contributor).sorted().toList();
    }

    /**
     * Penalises {@code who} for its streak (the rounds in {@code streak}, the one of {@code record} last:
     * each negative, out of line or set aside, {@link Settlement#streakPenalty}) with the task's effect: its
     * credit cost, and either a lowered weight in the task's next {@code suspensionRounds} rounds or, when
     * {@code suspend}, a suspension from them; otherwise the penalty suspends nothing (the cap of
     * {@link Settlement#suspended} keeps the task trainable).
     */
    private void penalise(TaskRecord task, TaskIncentivesRecord rules, RoundContributionsRecord record, String who,
            List<Integer> streak, boolean suspend) {
        int round = record.round();
        PenaltyRecord penalty = Settlement.streakPenalty(who, streak, r -> r == round ? record
                : store.get(Keys.roundContributions(task.taskId(), r), RoundContributionsRecord.class).orElseThrow(),
                rules.rules(), suspend);
        String penaltyKey = Keys.penalty(task.taskId(), round, who);
        store.put(penaltyKey, penalty);
        if (penalty.weightPermille() != null) {
            store.put(Keys.suspension(task.taskId(), who), new SuspensionRecord(task.taskId(), who,
                    penalty.weightUntilRound(), Keys.printable(penaltyKey), tx.txId(), penalty.weightPermille()));
        } else if (penalty.suspendedUntilRound() > 0) {
            store.put(Keys.suspension(task.taskId(), who), new SuspensionRecord(task.taskId(), who,
                    penalty.suspendedUntilRound(), Keys.printable(penaltyKey), tx.txId()));
        }
    }

    /**
     * @param task the task
     * @param round the round being closed
     * @param contributor the update's contributor
     * @return the weight permille of the penalty lowering {@code contributor}'s weight in {@code round}'s
     *     admission ({@link Settlement#closeWeight}); null when none is in force
     */
    public Integer penaltyPermilleIn(TaskRecord task, int round, String contributor) {
        return store.get(Keys.suspension(task.taskId(), contributor), SuspensionRecord.class)
                .filter(s -> s.lowersWeightIn(round)).map(SuspensionRecord::weightPermille).orElse(null);
    }

    /**
     * Records the penalty of a proposal whose quorum is out of reach, when the DISAGREE attestations on its
     * output put it there ({@link Settlement#disputedProposal}); a split on contributions alone writes
     * nothing. Under {@link Keys#proposalPenalty}, so that it overwrites no other penalty.
     *
     * @param task the task
     * @param proposal the disputed proposal
     */
    public void penaliseDisputed(TaskRecord task, ProposalRecord proposal) {
        List<AttestationRecord> attestations = store.list(Keys.ATTEST, AttestationRecord.class,
                Keys.attestationsOf(task.taskId(), proposal.round(), proposal.seq()));
        Settlement.disputedProposal(task, proposal, attestations, tx.txId()).ifPresent(p -> store.put(
                Keys.proposalPenalty(task.taskId(), proposal.round(), proposal.proposer(), proposal.seq()), p));
    }

    /**
     * Refuses a submission of a contributor suspended from the task for {@code round}.
     *
     * @param task the task
     * @param round the round it submits to
     * @param contributor its identity id
     * @throws FedLedgerException CONTRIBUTOR_SUSPENDED
     */
    public void requireNotSuspended(TaskRecord task, int round, String contributor) {
        store.get(Keys.suspension(task.taskId(), contributor), SuspensionRecord.class)
                .filter(s -> s.refuses(round)).ifPresent(s -> {
                    throw new FedLedgerException(ErrorCode.CONTRIBUTOR_SUSPENDED, "contributor " + contributor
                            + " is suspended from task '" + task.taskId() + "' until round " + s.untilRound()
                            + " by penalty " + s.penaltyKey() + "; submit again from round " + (s.untilRound() + 1));
                });
    }

    /**
     * @param taskId the task id
     * @param round the round number as sent
     * @return the penalties the round's resolution imposed, in subject order, as a canonical JSON array
     * @throws FedLedgerException UNKNOWN_IDENTITY, INVALID_ARGUMENT
     */
    public String penalties(String taskId, String round) {
        access.require();
        return RecordJson.write(store.list(Keys.PENALTY, PenaltyRecord.class, Arguments.taskId(taskId),
                Keys.pad10(RoundService.roundNumber(round))));
    }

    /**
     * @param taskId the task id
     * @return the task's incentive rules as canonical JSON
     * @throws FedLedgerException UNKNOWN_IDENTITY, INVALID_ARGUMENT, NOT_FOUND (no such task, or no incentives)
     */
    public String rules(String taskId) {
        access.require();
        TaskRecord task = tasks.require(taskId);
        return RecordJson.write(tasks.incentives(task).orElseThrow(() -> new FedLedgerException(ErrorCode.NOT_FOUND,
                "task '" + task.taskId() + "' has no incentives")));
    }

    /**
     * @param taskId the task id
     * @param round the round number as sent
     * @param seq the proposal number as sent
     * @return the contributions attested with the proposal, in MSP order, as a canonical JSON array
     * @throws FedLedgerException UNKNOWN_IDENTITY, INVALID_ARGUMENT
     */
    public String attested(String taskId, String round, String seq) {
        access.require();
        String id = Arguments.taskId(taskId);
        int number = RoundService.roundNumber(round);
        int s = Arguments.integer("seq", seq, 1, Keys.MAX_SEQ);
        return RecordJson.write(store.list(Keys.CONTRIB_ATTEST, ContributionAttestationRecord.class,
                Keys.attestationsOf(id, number, s)));
    }

    /**
     * @param taskId the task id
     * @param round the round number as sent
     * @return the round's agreed contributions as canonical JSON
     * @throws FedLedgerException UNKNOWN_IDENTITY, INVALID_ARGUMENT, NOT_FOUND (not FINAL, or no incentives)
     */
    public String agreed(String taskId, String round) {
        access.require();
        String id = Arguments.taskId(taskId);
        int number = RoundService.roundNumber(round);
        return RecordJson.write(store.get(Keys.roundContributions(id, number), RoundContributionsRecord.class)
                .orElseThrow(() -> new FedLedgerException(ErrorCode.NOT_FOUND, "round " + number + " of task '" + id
                        + "' has no agreed contributions (not FINAL, or the task has no incentives)")));
    }

    /**
     * @param taskId the task id
     * @return every contributor's credits in the task, in contributor order, as a canonical JSON array
     * @throws FedLedgerException UNKNOWN_IDENTITY, INVALID_ARGUMENT
     */
    public String credits(String taskId) {
        access.require();
        return RecordJson.write(store.list(Keys.CREDIT, CreditRecord.class, Arguments.taskId(taskId)));
    }

    /**
     * @param contributorId the contributor's identity id
     * @return its reputation as canonical JSON; a contributor no round scored has {@link ReputationRecord#INITIAL}
     *     and 0 rounds
     * @throws FedLedgerException UNKNOWN_IDENTITY, INVALID_ARGUMENT
     */
    public String reputation(String contributorId) {
        access.require();
        String who = Arguments.text("contributorId", contributorId);
        return RecordJson.write(store.get(Keys.reputation(who), ReputationRecord.class)
                .orElse(new ReputationRecord(who, ReputationRecord.INITIAL, 0, "", 0, "")));
    }

    /**
     * A verifier commits its organisation's private validation set for a task valued on private sets
     * ({@link ValidationMode#PRIVATE}): its SHA-256 only, once and for good, valuing the rounds opened after
     * it ({@link ValidationSetRecord#fromRound()}), so that no organisation picks its set after seeing the
     * updates it values.
     *
     * @param taskId the task id
     * @param hashArg SHA-256 of the set's canonical bytes, as sent
     * @return the validation set record as canonical JSON
     * @throws FedLedgerException UNKNOWN_IDENTITY, FORBIDDEN (not a verifier of an allowed organisation),
     *     NOT_FOUND, MALFORMED_HASH, INVALID_ARGUMENT (a task without incentives or on a shared set),
     *     ALREADY_EXISTS (the organisation committed one already)
     */
    public String commitValidationSet(String taskId, String hashArg) {
        access.require(Role.VERIFIER);
        Caller me = access.caller();
        TaskRecord task = tasks.require(taskId);
        access.requireAllowedOrg(task);
        ContentHash hash = Arguments.hash("validationSetHash", hashArg);
        TaskIncentivesRecord rules = tasks.incentives(task).orElseThrow(() -> new FedLedgerException(
                ErrorCode.INVALID_ARGUMENT, "taskId", "task '" + task.taskId() + "' has no incentives, so no"
                + " validation set values its rounds"));
        if (!rules.rules().privateValidation()) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskId", "task '" + task.taskId()
                    + "' values contributions on the shared validation set its rules committed at creation; only a"
                    + " task with validationMode PRIVATE takes each organisation's own");
        }
        String key = Keys.validationSet(task.taskId(), me.msp());
        Optional<ValidationSetRecord> existing = committedSet(task, me.msp());
        if (existing.isPresent()) {
            throw new FedLedgerException(ErrorCode.ALREADY_EXISTS, "organisation " + me.msp() + " committed its"
                    + " validation set " + existing.get().validationSetHash() + " for task '" + task.taskId()
                    + "' in transaction " + existing.get().txId() + ", valuing from round "
                    + existing.get().fromRound() + "; a committed set is never replaced");
        }
        ValidationSetRecord record = new ValidationSetRecord(task.taskId(), me.msp(), hash,
                Math.addExact(task.lastRound(), 1), me.id(), tx.txId(), tx.epochSecond());
        store.put(key, record);
        return RecordJson.write(record);
    }

    /**
     * @param taskId the task id
     * @return the private validation sets committed for the task, in MSP order, as a canonical JSON array
     * @throws FedLedgerException UNKNOWN_IDENTITY, INVALID_ARGUMENT
     */
    public String validationSets(String taskId) {
        access.require();
        return RecordJson.write(store.list(Keys.VALIDATION_SET, ValidationSetRecord.class, Arguments.taskId(taskId)));
    }

    /**
     * Whether an organisation can value a round: always on a shared set; on private sets, when its committed
     * set covers the round. One that cannot still attests the output, without contributions.
     *
     * @param task the task
     * @param rules its incentive rules
     * @param round the round
     * @param msp the organisation
     * @return whether its AGREE must carry contributions
     */
    public boolean canValue(TaskRecord task, TaskIncentivesRecord rules, int round, String msp) {
        return !rules.rules().privateValidation() || committedSet(task, msp).map(v -> v.coversRound(round))
                .orElse(false);
    }

    /**
     * Refuses contributions of a task valued on private sets from an organisation whose committed set does
     * not cover the round; a task on a shared set passes.
     *
     * @param task the task
     * @param rules its incentive rules
     * @param round the round the contributions value
     * @param msp the attesting organisation
     * @throws FedLedgerException VALIDATION_SET_NOT_COMMITTED
     */
    public void requireValidationSet(TaskRecord task, TaskIncentivesRecord rules, int round, String msp) {
        if (!rules.rules().privateValidation()) {
            return;
        }
        Optional<ValidationSetRecord> committed = committedSet(task, msp);
        if (committed.isEmpty()) {
            throw new FedLedgerException(ErrorCode.VALIDATION_SET_NOT_COMMITTED, "organisation " + msp
                    + " committed no validation set for task '" + task.taskId() + "', which values contributions on"
                    + " each organisation's own; commit it with commitValidationSet");
        }
        if (!committed.get().coversRound(round)) {
            throw new FedLedgerException(ErrorCode.VALIDATION_SET_NOT_COMMITTED, "organisation " + msp
                    + " committed its validation set for task '" + task.taskId() + "' after round " + round
                    + " opened: it values from round " + committed.get().fromRound());
        }
    }

    private Optional<ValidationSetRecord> committedSet(TaskRecord task, String msp) {
        return store.get(Keys.validationSet(task.taskId(), msp), ValidationSetRecord.class);
    }
}

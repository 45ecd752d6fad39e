package org.fedledger.audit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.fedledger.audit.chain.ChainEvidence;
import org.fedledger.audit.chain.KeyWrites;
import org.fedledger.audit.chain.TransactionEvidence;
import org.fedledger.audit.report.CreditEntry;
import org.fedledger.audit.report.Finding;
import org.fedledger.audit.report.FindingCode;
import org.fedledger.audit.report.IncentiveEntry;
import org.fedledger.protocol.incentives.AgreedContributions;
import org.fedledger.protocol.incentives.OutOfLine;
import org.fedledger.protocol.incentives.SetAside;
import org.fedledger.protocol.incentives.Settlement;
import org.fedledger.protocol.mapping.RoundInputs;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.record.AcceptedUpdate;
import org.fedledger.protocol.record.AdmissionOrder;
import org.fedledger.protocol.record.AttestationRecord;
import org.fedledger.protocol.record.ContributionAttestationRecord;
import org.fedledger.protocol.record.ContributionVector;
import org.fedledger.protocol.record.CreditRecord;
import org.fedledger.protocol.record.Evidence;
import org.fedledger.protocol.record.ModelRecord;
import org.fedledger.protocol.record.PenaltyKind;
import org.fedledger.protocol.record.PenaltyRecord;
import org.fedledger.protocol.record.ProposalRecord;
import org.fedledger.protocol.record.Quorum;
import org.fedledger.protocol.record.RecordFormatException;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.ReputationRecord;
import org.fedledger.protocol.record.RoundContributionsRecord;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.TaskIncentivesRecord;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.record.UpdateRecord;
import org.fedledger.protocol.record.ValidationSetRecord;
import org.fedledger.sdk.incentives.Incentives;

/**
 * Replays a task's incentives bit for bit (issue 24): for every FINAL round, the agreed contributions
 * from the contribution attestations ({@link AgreedContributions}: the quorum's vector on a shared validation
 * set, the valuers' median on private sets, each valuer's set committed before the round), then, round after round with
 * {@link Settlement}'s integer rules, each contributor's credits, its penalties and the reputation
 * the round's resolving transaction wrote. A record that differs from the replay is an
 * {@link FindingCode#INCENTIVES_MISMATCH}. A reputation is replayed from the value the transaction read,
 * which the chain shows as the last VALID write of its key before it ({@link KeyWrites}), whichever task
 * wrote it.
 */
final class IncentivesReplay {
    private final TaskRecord task;
    private final TaskIncentivesRecord rules;
    private final Incentives incentives;
    private final ChainEvidence chain;
    private final List<Finding> findings = new ArrayList<>();
    private final List<IncentiveEntry> entries = new ArrayList<>();
    private final List<CreditEntry> creditEntries = new ArrayList<>();
    /** Who wrote each reputation and this task's round records, in chain order; indexed when first needed. */
    private KeyWrites keyWrites;
    /** The private validation sets committed for the task, by MSP, read once when first needed. */
    private Map<String, ValidationSetRecord> validationSets;

    IncentivesReplay(TaskRecord task, TaskIncentivesRecord rules, Incentives incentives, ChainEvidence chain) {
        this.task = task;
        this.rules = rules;
        this.incentives = incentives;
        this.chain = chain;
    }

    /**
     * @param rounds the task's rounds in order
     * @param updates each round's update records
     * @param proposals each round's proposals
     * @param attestations each proposal's attestations, by proposal key
     * @param models the task's model records
     * @return the findings, in round order
     */
    List<Finding> run(List<RoundRecord> rounds, Map<Integer, List<UpdateRecord>> updates,
            Map<Integer, List<ProposalRecord>> proposals, Map<String, List<AttestationRecord>> attestations,
            List<ModelRecord> models) {
        Map<String, CreditRecord> credits = new TreeMap<>();
        Map<String, Integer> suspendedUntil = new TreeMap<>();
        Map<String, PenaltyRecord> lowered = new TreeMap<>();
        for (ModelRecord m : models) {
            if (m.version() == 0) {
                continue;
            }
            RoundRecord round = rounds.get(m.round() - 1);
            ProposalRecord proposal = proposals.get(m.round()).stream().filter(p -> p.seq() == m.proposalSeq())
                    .findFirst().orElseThrow();
            Optional<RoundContributionsRecord> stored = incentives.agreed(task.taskId(), m.round());
            List<ContributionAttestationRecord> attested = incentives.attested(task.taskId(), m.round(), m.proposalSeq());
            List<AttestationRecord> proposalAttestations = attestations.getOrDefault(
                    Keys.proposal(task.taskId(), m.round(), m.proposalSeq()), List.of());
            Quorum.Tally tally = Quorum.tally(task, rules.rules(), proposal, proposalAttestations, attested);
            if (stored.isEmpty() || tally.agreeing().isEmpty()) {
                mismatch(m.round(), "round contributions", "a quorum's contributions", stored.map(RecordJson::write)
                        .orElse("(none)"), "round " + m.round() + " is FINAL without a quorum's agreed contributions");
                continue;
            }
            RoundContributionsRecord agreed = stored.get();
            AgreedContributions agreement = AgreedContributions.of(task, rules.rules(), round, proposal, tally,
                    proposalAttestations, attested);
            List<String> dissenting = agreement.dissenting();
            if (rules.rules().privateValidation()) {
                checkValidationSets(m.round(), agreement.agreeing());
            }
            Map<String, Long> declared = new HashMap<>();
            updates.get(m.round()).forEach(u -> declared.put(u.contributor(), u.samples()));
            Integer factor = rules.rules().outOfLineFactor();
            List<String> outOfLine = factor == null ? null
                    : OutOfLine.contributors(proposal.manifest(), declared, factor,
                    rules.rules().samplesPerStep());
            Integer permille = rules.rules().setAsidePermille();
            List<String> setAside = permille == null ? null
                    : SetAside.contributors(proposal.manifest(), SetAside.dimension(task.schema()), permille);
            RoundContributionsRecord expected = new RoundContributionsRecord(task.taskId(), m.round(), m.proposalSeq(),
                    agreement.contributions(), agreement.hash(), agreement.agreeing(), dissenting, m.txId(),
                    m.timestamp(), outOfLine, setAside);
            compare(m.round(), "round contributions", expected, agreed);
            String txId = m.txId();
            Map<String, byte[]> writes = chain.transaction(txId).map(TransactionEvidence::writes).orElse(Map.of());
            if (!admission(round, updates.get(m.round()), lowered)) {
                checkLoweredWeights(round, updates.get(m.round()), lowered);
            }
            replayRound(round, updates.get(m.round()), expected, dissenting, attested, txId, writes, credits,
                    suspendedUntil, lowered);
        }
        for (RoundRecord round : rounds) {
            if (rules.rules().penalisesDisputedProposals()) {
                disputedProposals(round, proposals.getOrDefault(round.round(), List.of()), attestations);
            }
        }
        Map<String, CreditRecord> onLedger = new TreeMap<>();
        incentives.credits(task.taskId()).forEach(c -> onLedger.put(c.contributor(), c));
        if (!onLedger.keySet().equals(credits.keySet())) {
            mismatch(0, "credits", credits.keySet().toString(), onLedger.keySet().toString(),
                    "the task's credit records are for other contributors than the replay's");
        }
        credits.forEach((who, c) -> compare(c.lastRound(), "credits of " + who, c, onLedger.get(who)));
        credits.values().forEach(c -> creditEntries.add(new CreditEntry(c.contributor(), c.msp(), c.dataCredit(),
                c.contributionCredit(), c.rounds(), c.penaltyCost())));
        return findings;
    }

    /**
     * Checks the round's penalties of disputed proposals: one for each proposal whose output's quorum its
     * DISAGREE attestations put out of reach ({@link Settlement#disputedProposal}), none for any other, each
     * written by the transaction it names (its write set holds the record, byte for byte).
     */
    private void disputedProposals(RoundRecord round, List<ProposalRecord> proposals,
            Map<String, List<AttestationRecord>> attestations) {
        int number = round.round();
        Map<String, PenaltyRecord> onLedger = new TreeMap<>();
        incentives.penalties(task.taskId(), number).stream().filter(p -> p.kind() == PenaltyKind.PROPOSAL_DISPUTED)
                .forEach(p -> onLedger.put(p.subject() + " " + p.evidence().get(0).key(), p));
        Map<String, PenaltyRecord> expected = new TreeMap<>();
        Map<String, String> keyOf = new HashMap<>();
        for (ProposalRecord p : proposals) {
            Settlement.disputedProposal(task, p, attestations.getOrDefault(Keys.proposal(task.taskId(), number,
                    p.seq()), List.of()), "").ifPresent(penalty -> {
                        String id = penalty.subject() + " " + penalty.evidence().get(0).key();
                        expected.put(id, penalty);
                        keyOf.put(id, Keys.proposalPenalty(task.taskId(), number, p.proposer(), p.seq()));
                    });
        }
        if (!onLedger.keySet().equals(expected.keySet())) {
            mismatch(number, "penalties of disputed proposals in round " + number, expected.keySet().toString(),
                    onLedger.keySet().toString(), "the round's disputed-proposal penalties are not one for each"
                            + " proposal its DISAGREE attestations put out of reach");
            return;
        }
        expected.forEach((id, penalty) -> {
            PenaltyRecord actual = onLedger.get(id);
            PenaltyRecord replayed = new PenaltyRecord(penalty.taskId(), penalty.round(), penalty.subject(),
                    penalty.kind(), penalty.evidence(), penalty.suspendedUntilRound(), actual.txId());
            compare(number, "penalty of disputed " + penalty.evidence().get(0).key(), replayed, actual);
            byte[] written = chain.transaction(actual.txId()).map(TransactionEvidence::writes).orElse(Map.of())
                    .get(keyOf.get(id));
            if (written == null || !RecordJson.write(actual).equals(new String(written, StandardCharsets.UTF_8))) {
                mismatch(number, "penalty of disputed " + penalty.evidence().get(0).key(), "written by " + actual.txId(),
                        "(not in its write set)", "the transaction the penalty names did not write it");
            }
        });
    }

    /** @return per FINAL round and contributor, what the replay found, in round order (after {@link #run}) */
    List<IncentiveEntry> entries() {
        return List.copyOf(entries);
    }

    /** @return each contributor's replayed credits, by contributor (after {@link #run}) */
    List<CreditEntry> credits() {
        return List.copyOf(creditEntries);
    }

    private void replayRound(RoundRecord round, List<UpdateRecord> updates, RoundContributionsRecord expected,
            List<String> dissenting, List<ContributionAttestationRecord> attested, String txId,
            Map<String, byte[]> writes, Map<String, CreditRecord> credits, Map<String, Integer> suspendedUntil,
            Map<String, PenaltyRecord> lowered) {
        int number = round.round();
        ContributionVector agreed = expected.contributions();
        List<String> outOfLine = expected.outOfLine() == null ? List.of() : expected.outOfLine();
        List<String> setAside = expected.setAside() == null ? List.of() : expected.setAside();
        Map<String, String> mspOf = new HashMap<>();
        updates.forEach(u -> mspOf.put(u.contributor(), u.msp()));
        Map<String, Long> data = new HashMap<>();
        round.accepted().forEach(a -> data.merge(a.contributor(), a.samples(), Long::sum));
        List<PenaltyRecord> penalties = new ArrayList<>();
        for (String msp : dissenting) {
            ContributionAttestationRecord theirs = attested.stream().filter(c -> c.msp().equals(msp)).findFirst()
                    .orElseThrow();
            penalties.add(new PenaltyRecord(task.taskId(), number, msp, PenaltyKind.CONTRIBUTIONS_DISSENT,
                    List.of(new Evidence(theirs.txId(), Keys.printable(Keys.contributionAttestation(task.taskId(),
                            number, theirs.seq(), msp)), "contributionsHash")), 0, txId));
        }
        Settlement.RoundCredits settled = Settlement.roundCredits(agreed, outOfLine, setAside, rules.rules(),
                task.minUpdates(),
                credits::get, mspOf::get, data::get, task.taskId(), number, txId);
        // Who sat this round out, suspended by an earlier round's replayed penalty (scored under RANK only).
        List<String> sittingOut = !rules.rules().reputationScoring().scoresSittingOut() ? List.of()
                : suspendedUntil.entrySet().stream().filter(e -> e.getValue() >= number
                        && !agreed.contributors().contains(e.getKey())).map(Map.Entry::getKey).sorted().toList();
        List<Long> scores = Settlement.roundScores(agreed, sittingOut, outOfLine, rules.rules());
        long[] after = new long[agreed.contributors().size() + sittingOut.size()];
        for (int k = 0; k < sittingOut.size(); k++) {
            after[agreed.contributors().size() + k] = reputation(number, sittingOut.get(k),
                    scores.get(agreed.contributors().size() + k), txId, writes);
        }
        for (int i = 0; i < agreed.contributors().size(); i++) {
            String who = agreed.contributors().get(i);
            CreditRecord credit = settled.credits().get(i);
            if (settled.candidates().contains(i)) {
                PenaltyRecord penalty = Settlement.streakPenalty(who, credit.negativeStreak(), r -> r == number
                        ? expected : incentives.agreed(task.taskId(), r).orElseThrow(), rules.rules(),
                        settled.suspended().contains(i));
                penalties.add(penalty);
                if (penalty.suspendedUntilRound() > 0) {
                    suspendedUntil.put(who, penalty.suspendedUntilRound());
                }
                if (penalty.weightPermille() != null) {
                    lowered.put(who, penalty);
                }
            }
            credit = settled.stored(i);
            credits.put(who, credit);
            after[i] = reputation(number, who, scores.get(i), txId, writes);
        }
        penalties.sort(java.util.Comparator.comparing(PenaltyRecord::subject));
        Map<String, PenaltyRecord> penaltyOf = new HashMap<>();
        penalties.forEach(p -> penaltyOf.put(p.subject(), p));
        for (int i = 0; i < after.length; i++) {
            boolean in = i < agreed.contributors().size();
            String who = in ? agreed.contributors().get(i) : sittingOut.get(i - agreed.contributors().size());
            PenaltyRecord p = penaltyOf.get(who);
            entries.add(new IncentiveEntry(number, who, in ? agreed.values().get(i) : null, agreed.scale(),
                    outOfLine.contains(who), after[i], p == null ? null : p.kind().name(),
                    p == null ? 0 : p.suspendedUntilRound(), setAside.contains(who),
                    p == null || p.weightUntilRound() == null ? 0 : p.weightUntilRound(),
                    p == null || p.weightPermille() == null ? 0 : p.weightPermille(),
                    p == null || p.creditCost() == null ? 0 : p.creditCost()));
        }
        List<PenaltyRecord> onLedger = incentives.penalties(task.taskId(), number).stream()
                .filter(p -> p.kind() != PenaltyKind.PROPOSAL_DISPUTED).toList();
        if (!RecordJson.write(penalties).equals(RecordJson.write(onLedger))) {
            mismatch(number, "penalties of round " + number, RecordJson.write(penalties), RecordJson.write(onLedger),
                    "the round's penalties are not what its agreed contributions and the task's rules impose");
        }
    }

    /**
     * Replays the close of {@code round} in a task whose close weighs updates by reputation or lowers a
     * penalised contributor's weight: its accepted set and what it left over capacity must be exactly
     * {@link RoundInputs#admission}'s over the round's update records, each weight scaled by the reputation its
     * contributor had at the close ({@link Settlement#reputationWeight}) and lowered by the task's weight penalty
     * in force ({@link Settlement#penalisedWeight}). The reputation the close read is the last VALID write of it
     * before the close on the chain, whichever task wrote it; the close is the first VALID transaction that
     * wrote the round's record closed.
     *
     * @param lowered the weight penalties the replay has found so far
     * @return whether the close was replayed; false when the task's close uses neither, or the chain does not
     *     show the close or a reputation it read
     */
    private boolean admission(RoundRecord round, List<UpdateRecord> updates, Map<String, PenaltyRecord> lowered) {
        boolean byReputation = rules.rules().reputationWeights();
        if (!byReputation && !rules.rules().lowersWeight()) {
            return false;
        }
        Map<String, Long> atClose = new HashMap<>();
        if (byReputation) {
            Optional<TransactionEvidence> close = closeOf(round.round());
            if (close.isEmpty()) {
                return false;
            }
            for (UpdateRecord u : updates) {
                Prior read = prior(u.contributor(), close.get());
                if (!read.readable()) {
                    return false;
                }
                atClose.put(u.contributor(), read.reputation());
            }
        }
        int number = round.round();
        AdmissionOrder.Decision replayed = RoundInputs.admission(task, round, updates, u -> {
            PenaltyRecord p = lowered.get(u.contributor());
            return Settlement.closeWeight(RoundInputs.admittedWeight(task, round, u), atClose.get(u.contributor()),
                    p == null || p.weightPermille() == null || p.weightUntilRound() < number ? null
                            : p.weightPermille());
        });
        Map<String, AcceptedUpdate> expected = new TreeMap<>();
        replayed.accepted().forEach(a -> expected.put(a.key(), a));
        Map<String, AcceptedUpdate> actual = new TreeMap<>();
        round.accepted().forEach(a -> actual.put(a.key(), a));
        if (!expected.keySet().equals(actual.keySet())) {
            mismatch(number, "accepted updates of round " + number, expected.keySet().toString(),
                    actual.keySet().toString(), "the close of round " + number + " accepted other updates than the"
                            + " task's admission gives with the weights of its contributors' reputations and penalties");
        }
        expected.forEach((key, a) -> {
            AcceptedUpdate found = actual.get(key);
            if (found != null && !found.equals(a)) {
                mismatch(number, "admitted weight of " + a.contributor(), Long.toString(a.samples()),
                        Long.toString(found.samples()), "the close of round " + number + " admitted " + a.contributor()
                                + " at another weight than its samples, its reputation at the close and its penalties"
                                + " give");
            }
        });
        if (!replayed.overCapacity().equals(round.overCapacity())) {
            mismatch(number, "updates over capacity in round " + number, replayed.overCapacity().toString(),
                    round.overCapacity().toString(), "the close of round " + number + " left other updates over"
                            + " capacity than the task's admission gives");
        }
        return true;
    }

    /** @return the reputation of {@code who} in {@code writes}; null when none is there or it is unreadable */
    private static ReputationRecord writtenReputation(String who, Map<String, byte[]> writes) {
        byte[] written = writes.get(Keys.reputation(who));
        try {
            return written == null ? null : RecordJson.read(new String(written, StandardCharsets.UTF_8),
                    ReputationRecord.class);
        } catch (RecordFormatException e) {
            return null;
        }
    }

    /** What a transaction read from a contributor's reputation key: nothing yet, a record, or unreadable bytes. */
    private record Prior(boolean readable, ReputationRecord record) {
        static final Prior UNKNOWN = new Prior(false, null);

        /** @return the reputation read, {@link ReputationRecord#INITIAL} for a contributor never scored */
        long reputation() {
            return record == null ? ReputationRecord.INITIAL : record.reputation();
        }
    }

    /** @return the reputation of {@code who} that {@code tx} read: the last VALID write of it before {@code tx} */
    private Prior prior(String who, TransactionEvidence tx) {
        Optional<byte[]> before = keyWrites().valueBefore(Keys.reputation(who), tx);
        if (before.isEmpty()) {
            return new Prior(true, null);
        }
        try {
            return new Prior(true, RecordJson.read(new String(before.get(), StandardCharsets.UTF_8),
                    ReputationRecord.class));
        } catch (RecordFormatException e) {
            return Prior.UNKNOWN;
        }
    }

    /** @return the first VALID transaction that wrote round {@code number}'s record closed, if the chain shows it */
    private Optional<TransactionEvidence> closeOf(int number) {
        for (TransactionEvidence tx : keyWrites().writers(Keys.round(task.taskId(), number))) {
            try {
                RoundRecord written = RecordJson.read(new String(tx.writes().get(Keys.round(task.taskId(), number)),
                        StandardCharsets.UTF_8), RoundRecord.class);
                if (written.closedAt() != null) {
                    return Optional.of(tx);
                }
            } catch (RecordFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private KeyWrites keyWrites() {
        if (keyWrites == null) {
            String reputations = Keys.key(Keys.REPUTATION);
            String rounds = Keys.key(Keys.ROUND, task.taskId());
            keyWrites = KeyWrites.of(chain, key -> key.startsWith(reputations) || key.startsWith(rounds));
        }
        return keyWrites;
    }

    /**
     * Checks that the close of {@code round} applied every weight penalty in force: an update of a contributor
     * whose earlier penalty lowers its weight in this round is admitted at most at
     * {@link Settlement#penalisedWeight} of its weight before any penalty (its declared samples capped by the
     * task; reputation weights and the organisation share cap only lower it further).
     */
    private void checkLoweredWeights(RoundRecord round, List<UpdateRecord> updates, Map<String, PenaltyRecord> lowered) {
        Map<String, UpdateRecord> byContributor = new HashMap<>();
        updates.forEach(u -> byContributor.put(u.contributor(), u));
        for (org.fedledger.protocol.record.AcceptedUpdate a : round.accepted()) {
            PenaltyRecord p = lowered.get(a.contributor());
            UpdateRecord u = byContributor.get(a.contributor());
            if (p == null || u == null || p.weightUntilRound() < round.round()) {
                continue;
            }
            long bound = Settlement.penalisedWeight(RoundInputs.admittedWeight(task, round, u), p.weightPermille());
            if (a.samples() > bound) {
                mismatch(round.round(), "admitted weight of " + a.contributor(), "at most " + bound,
                        Long.toString(a.samples()), "round " + round.round() + " admitted " + a.contributor()
                        + " above the weight its penalty of round " + p.round() + " leaves it");
            }
        }
    }

    /**
     * Checks the reputation the resolving transaction wrote for {@code who} against the one replayed from the
     * value it read (the last VALID write before it, whichever task wrote it).
     *
     * @return the reputation written, or the replayed one when none was
     */
    private long reputation(int round, String who, long score, String txId, Map<String, byte[]> writes) {
        ReputationRecord now = writtenReputation(who, writes);
        Prior before = chain.transaction(txId).map(tx -> prior(who, tx)).orElse(Prior.UNKNOWN);
        ReputationRecord replayed = Settlement.reputation(before.record(), who, score, rules.rules(), task.taskId(),
                round, txId);
        if (now == null) {
            mismatch(round, "reputation of " + who, "a reputation write", "(none)", "the transaction " + txId
                    + " that made round " + round + " FINAL wrote no readable reputation of " + who);
            return replayed.reputation();
        }
        if (before.readable()) {
            compare(round, "reputation of " + who, replayed, now);
        }
        return now.reputation();
    }

    /**
     * On private validation sets, every organisation whose vector entered the round's median must have
     * committed its set before the round opened ({@link ValidationSetRecord#coversRound}).
     */
    private void checkValidationSets(int round, List<String> valuers) {
        if (validationSets == null) {
            validationSets = new TreeMap<>();
            incentives.validationSets(task.taskId()).forEach(v -> validationSets.put(v.msp(), v));
        }
        for (String msp : valuers) {
            ValidationSetRecord committed = validationSets.get(msp);
            if (committed == null || !committed.coversRound(round)) {
                mismatch(round, "validation set of " + msp, "committed before round " + round + " opened",
                        committed == null ? "(none)" : "valuing from round " + committed.fromRound(),
                        "organisation " + msp + " valued round " + round + " without a validation set committed"
                                + " before the round opened");
            }
        }
    }

    private <T> void compare(int round, String subject, T expected, T actual) {
        if (!expected.equals(actual)) {
            mismatch(round, subject, RecordJson.write(expected), actual == null ? "(none)" : RecordJson.write(actual),
                    "the " + subject + " on the ledger is not what the replay of round " + round + " gives");
        }
    }

    private void mismatch(int round, String subject, String expected, String actual, String message) {
        findings.add(new Finding(FindingCode.INCENTIVES_MISMATCH, org.fedledger.audit.report.Severity.ERROR, round,
                subject, expected, actual, message));
    }
}

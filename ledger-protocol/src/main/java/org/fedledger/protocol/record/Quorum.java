package org.fedledger.protocol.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.fedledger.core.model.ContentHash;

/**
 * The attestation quorum of a proposal (invariant 4 of {@code docs/architecture.md}), one rule for
 * the chaincode that decides a round and for every client that waits for it. Only the task's allowed
 * organisations other than the proposer's are <em>eligible</em>: the proposer's organisation never
 * counts towards accepting its own proposal. The proposal is accepted when {@code attestationQuorum}
 * eligible organisations agreed with its output hash, and lost when those that have not attested can
 * no longer make up the quorum.
 *
 * <pre>{@code
 * Quorum.Tally tally = Quorum.tally(task, proposal, attestations);
 * if (tally.outcome() == Quorum.Outcome.REACHED) { ... tally.agreeing() ... }
 * }</pre>
 */
public final class Quorum {
    /**
     * Proposals a round takes at most (issue 21, liveness): when the last one loses its quorum the
     * round FAILS ({@link RoundFailure#PROPOSALS_EXHAUSTED}) instead of waiting for more.
     */
    public static final int MAX_PROPOSALS_PER_ROUND = 3;

    /** Where a proposal's attestations stand. */
    public enum Outcome {
        /** A quorum of eligible organisations agreed: the proposal can be made final. */
        REACHED,
        /** The eligible organisations that have not attested can no longer make up the quorum. */
        OUT_OF_REACH,
        /** Neither yet. */
        OPEN
    }

    /**
     * A proposal's attestations counted.
     *
     * @param quorum the task's {@code attestationQuorum}
     * @param eligible the allowed organisations other than the proposer's, sorted
     * @param agreeing eligible organisations that attested AGREE with the output hash, sorted
     * @param disagreeing eligible organisations that attested anything else, sorted
     * @param waitingFor eligible organisations that have not attested, sorted
     * @param attested every organisation that attested, eligible or not (the proposer's included), sorted
     */
    public record Tally(int quorum, List<String> eligible, List<String> agreeing, List<String> disagreeing,
            List<String> waitingFor, List<String> attested) {
        /**
         * Copies the lists.
         *
         * @param quorum the task's {@code attestationQuorum}
         * @param eligible the allowed organisations other than the proposer's, sorted
         * @param agreeing eligible organisations that attested AGREE with the output hash, sorted
         * @param disagreeing eligible organisations that attested anything else, sorted
         * @param waitingFor eligible organisations that have not attested, sorted
         * @param attested every organisation that attested, sorted
         */
        public Tally {
            eligible = List.copyOf(eligible);
            agreeing = List.copyOf(agreeing);
            disagreeing = List.copyOf(disagreeing);
            waitingFor = List.copyOf(waitingFor);
            attested = List.copyOf(attested);
        }

        /** @return whether the quorum is reached, out of reach, or still open */
        public Outcome outcome() {
            if (agreeing.size() >= quorum) {
                return Outcome.REACHED;
            }
            return agreeing.size() + waitingFor.size() < quorum ? Outcome.OUT_OF_REACH : Outcome.OPEN;
        }
    }

    private Quorum() {
    }

    /**
     * Counts {@code attestations} of {@code proposal} under {@code task}'s quorum rule. Attestations of
     * another proposal, or of an organisation the task does not allow, count for nothing.
     *
     * @param task the task
     * @param proposal the proposal
     * @param attestations the proposal's attestations, in any order
     * @return the tally
     */
    public static Tally tally(TaskRecord task, ProposalRecord proposal, List<AttestationRecord> attestations) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(proposal, "proposal");
        TreeMap<String, AttestationRecord> byMsp = new TreeMap<>();
        for (AttestationRecord a : attestations) {
            if (a.taskId().equals(proposal.taskId()) && a.round() == proposal.round() && a.seq() == proposal.seq()
                    && task.allowedOrgs().contains(a.msp())) {
                byMsp.put(a.msp(), a);
            }
        }
        List<String> eligible = new ArrayList<>();
        List<String> agreeing = new ArrayList<>();
        List<String> disagreeing = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        for (String msp : task.allowedOrgs().stream().sorted().toList()) {
            if (msp.equals(proposal.msp())) {
                continue;
            }
            eligible.add(msp);
            AttestationRecord a = byMsp.get(msp);
            if (a == null) {
                waiting.add(msp);
            } else if (a.verdict() == Verdict.AGREE && a.computedHash().equals(proposal.outputHash())) {
                agreeing.add(msp);
            } else {
                disagreeing.add(msp);
            }
        }
        return new Tally(task.attestationQuorum(), eligible, agreeing, disagreeing, waiting,
                new ArrayList<>(byMsp.keySet()));
    }

    /**
     * Counts the attestations of a proposal of an incentives task (issue 24): an eligible
     * organisation agrees only when it attested AGREE with the output hash <em>and</em> the leading
     * contributions hash ({@link #leadingContributions}); one that agreed with the output but attested
     * other contributions, or none, counts as disagreeing.
     *
     * @param task the task
     * @param proposal the proposal
     * @param attestations the proposal's attestations, in any order
     * @param contributions the contributions attested with them, in any order
     * @return the tally
     */
    public static Tally tally(TaskRecord task, ProposalRecord proposal, List<AttestationRecord> attestations,
            List<ContributionAttestationRecord> contributions) {
        Tally plain = tally(task, proposal, attestations);
        Optional<ContentHash> leading = leadingContributions(proposal, plain, contributions);
        TreeMap<String, ContentHash> byMsp = contributionsByMsp(proposal, contributions);
        List<String> agreeing = new ArrayList<>();
        List<String> disagreeing = new ArrayList<>(plain.disagreeing());
        for (String msp : plain.agreeing()) {
            if (leading.isPresent() && leading.get().equals(byMsp.get(msp))) {
                agreeing.add(msp);
            } else {
                disagreeing.add(msp);
            }
        }
        disagreeing.sort(null);
        return new Tally(plain.quorum(), plain.eligible(), agreeing, disagreeing, plain.waitingFor(), plain.attested());
    }

    /**
     * Counts the attestations of a proposal of an incentives task by its rules: on a shared validation set
     * the quorum agrees on the output and the contributions ({@link #tally(TaskRecord, ProposalRecord, List,
     * List)}); on private sets ({@link ValidationMode#PRIVATE}) the vectors legitimately differ, so it agrees
     * on the output alone and the contributions are the valuers' median
     * ({@link org.fedledger.protocol.incentives.PrivateValuation}).
     *
     * @param task the task
     * @param rules its incentive rules
     * @param proposal the proposal
     * @param attestations the proposal's attestations, in any order
     * @param contributions the contributions attested with them, in any order
     * @return the tally
     */
    public static Tally tally(TaskRecord task, IncentiveRules rules, ProposalRecord proposal,
            List<AttestationRecord> attestations, List<ContributionAttestationRecord> contributions) {
        return rules.privateValidation() ? tally(task, proposal, attestations)
                : tally(task, proposal, attestations, contributions);
    }

    /**
     * The contributions hash most of the organisations that agreed with the output attested (ties: the
     * smallest in hex order), so that every machine picks the same one.
     *
     * @param proposal the proposal
     * @param outputTally its tally on the output alone ({@link #tally(TaskRecord, ProposalRecord, List)})
     * @param contributions the contributions attested with it, in any order
     * @return the leading hash, empty when no organisation that agreed with the output attested contributions
     */
    public static Optional<ContentHash> leadingContributions(ProposalRecord proposal, Tally outputTally,
            List<ContributionAttestationRecord> contributions) {
        TreeMap<String, ContentHash> byMsp = contributionsByMsp(proposal, contributions);
        TreeMap<String, Integer> counts = new TreeMap<>();
        for (String msp : outputTally.agreeing()) {
            ContentHash h = byMsp.get(msp);
            if (h != null) {
                counts.merge(h.hex(), 1, Integer::sum);
            }
        }
        String best = null;
        for (var e : counts.entrySet()) {
            if (best == null || e.getValue() > counts.get(best)) {
                best = e.getKey();
            }
        }
        return Optional.ofNullable(best).map(ContentHash::parse);
    }

    private static TreeMap<String, ContentHash> contributionsByMsp(ProposalRecord proposal,
            List<ContributionAttestationRecord> contributions) {
        TreeMap<String, ContentHash> byMsp = new TreeMap<>();
        for (ContributionAttestationRecord c : contributions) {
            if (c.taskId().equals(proposal.taskId()) && c.round() == proposal.round() && c.seq() == proposal.seq()) {
                byMsp.put(c.msp(), c.contributionsHash());
            }
        }
        return byMsp;
    }

    /**
     * The end of a window of the task's round duration that starts at {@code from}: the attestation
     * window of a proposal (from its timestamp), the proposal window of a CLOSED round (from its close).
     *
     * @param task the task
     * @param from the window's start, seconds since the epoch
     * @return {@code from + roundDurationSeconds}
     */
    public static long windowEnd(TaskRecord task, long from) {
        return from + task.roundDurationSeconds();
    }
}

package org.fedledger.protocol.incentives;

import java.math.BigInteger;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.record.AttestationRecord;
import org.fedledger.protocol.record.ContributionVector;
import org.fedledger.protocol.record.CreditRecord;
import org.fedledger.protocol.record.Evidence;
import org.fedledger.protocol.record.IncentiveRules;
import org.fedledger.protocol.record.PenaltyKind;
import org.fedledger.protocol.record.PenaltyRecord;
import org.fedledger.protocol.record.ProposalRecord;
import org.fedledger.protocol.record.Quorum;
import org.fedledger.protocol.record.ReputationRecord;
import org.fedledger.protocol.record.ReputationScore;
import org.fedledger.protocol.record.RoundContributionsRecord;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.record.Verdict;

/**
 * What a FINAL round of an incentives task is worth to each contributor, in integers only, so that
 * the chaincode writes and the audit replays the same bits: contribution credit, the round's score
 * and the reputation it moves. A round's data credit is the update's admitted weight
 * ({@link org.fedledger.protocol.record.AcceptedUpdate#samples()}: the declared samples, at most the
 * task's {@code maxSamples}, already scaled down to the organisation share cap by the admission) ({@code docs/incentives.md} section 3).
 *
 * <pre>{@code
 * long s = Settlement.score(agreed, i);
 * long r = Settlement.nextReputation(previous, s);   // floor((7 r + s) / 8)
 * }</pre>
 */
public final class Settlement {
    private Settlement() {
    }

    /**
     * A round's reputation scores under the task's {@link IncentiveRules#reputationScoring()}: one per
     * contributor of {@code agreed}, in its order, then, under a score that
     * {@link ReputationScore#scoresSittingOut()}, one per contributor of {@code sittingOut} (the task's
     * contributors suspended from the round).
     * <ul>
     *   <li>{@link ReputationScore#NON_NEGATIVE_RANK}: each contributor's {@link #score}, except that a
     *       contributor in {@code outOfLine} scores 0, as a negative contribution does; nobody sitting out
     *       is scored.</li>
     *   <li>{@link ReputationScore#RANK}: the rank alone, in three tiers: contributors in line by their
     *       agreed value; below them those sitting out, tied among themselves; below everyone the
     *       out-of-line contributors by their agreed value (an update that breaks the task's training plan
     *       ranks below none at all).</li>
     *   <li>{@link ReputationScore#SHARE}: {@code MAX / 2 + floor(MAX / 2 * v / sum |v|)} over the round's
     *       agreed values (half when they are all 0), 0 for a contributor in {@code outOfLine}; nobody sitting
     *       out is scored.</li>
     * </ul>
     *
     * @param agreed the agreed contributions
     * @param sittingOut the contributors suspended from the round (none of them in {@code agreed})
     * @param outOfLine the contributors of {@code agreed} whose update was out of line ({@link OutOfLine})
     * @param rules the task's rules
     * @return the scores, contributors first
     */
    public static java.util.List<Long> roundScores(ContributionVector agreed, java.util.List<String> sittingOut,
            java.util.Collection<String> outOfLine, IncentiveRules rules) {
        java.util.List<Long> scores = new java.util.ArrayList<>();
        int contributors = agreed.values().size();
        if (rules.reputationScoring() == ReputationScore.SHARE) {
            BigInteger total = BigInteger.ZERO;
            for (long v : agreed.values()) {
                total = total.add(BigInteger.valueOf(v).abs());
            }
            for (int i = 0; i < contributors; i++) {
                scores.add(outOfLine.contains(agreed.contributors().get(i)) ? 0
                        : shareScore(agreed.values().get(i), total));
            }
            return scores;
        }
        if (rules.reputationScoring() == ReputationScore.NON_NEGATIVE_RANK) {
            for (int i = 0; i < contributors; i++) {
                scores.add(outOfLine.contains(agreed.contributors().get(i)) ? 0 : score(agreed, i));
            }
            return scores;
        }
        int n = contributors + sittingOut.size();
        if (n == 1) {
            scores.add(ReputationRecord.MAX / 2); // a lone contributor has no rank
            return scores;
        }
        long marked = agreed.contributors().stream().filter(outOfLine::contains).count();
        for (int i = 0; i < contributors; i++) {
            boolean inLine = !outOfLine.contains(agreed.contributors().get(i));
            long mine = agreed.values().get(i);
            long below = inLine ? sittingOut.size() + marked : 0;
            long equal = 0;
            for (int j = 0; j < contributors; j++) {
                if (j != i && inLine == !outOfLine.contains(agreed.contributors().get(j))) {
                    long theirs = agreed.values().get(j);
                    below += theirs < mine ? 1 : 0;
                    equal += theirs == mine ? 1 : 0;
                }
            }
            scores.add(rankScore(below, equal, n));
        }
        for (int k = 0; k < sittingOut.size(); k++) {
            scores.add(rankScore(marked, sittingOut.size() - 1L, n));
        }
        return scores;
    }

    /** @return {@code MAX / 2 + floor(MAX / 2 * value / total)}, half of {@code MAX} when {@code total} is 0 */
    private static long shareScore(long value, BigInteger total) {
        long half = ReputationRecord.MAX / 2;
        if (total.signum() == 0) {
            return half;
        }
        BigInteger[] qr = BigInteger.valueOf(half).multiply(BigInteger.valueOf(value)).divideAndRemainder(total);
        long floor = qr[0].longValueExact() - (qr[1].signum() < 0 ? 1 : 0);
        return half + floor;
    }

    private static long rankScore(long below, long equal, int n) {
        return ReputationRecord.MAX * (2 * below + equal) / (2L * (n - 1));
    }

    /**
     * The round's score of contributor {@code index}: 0 for a negative contribution, else its rank
     * among the round's contributors scaled to {@code [0, ReputationRecord.MAX]}, ties counting half:
     * {@code floor(MAX * (2 below + equal) / (2 (n - 1)))}. A round's only contributor scores
     * {@code MAX} when its contribution is positive, half of it when zero.
     *
     * @param agreed the agreed contributions
     * @param index the contributor's position in it
     * @return the score
     */
    public static long score(ContributionVector agreed, int index) {
        java.util.List<Long> values = agreed.values();
        long mine = values.get(index);
        if (mine < 0) {
            return 0;
        }
        int n = values.size();
        if (n == 1) {
            return mine > 0 ? ReputationRecord.MAX : ReputationRecord.MAX / 2;
        }
        long below = 0;
        long equal = 0;
        for (int j = 0; j < n; j++) {
            if (j != index) {
                long other = values.get(j);
                below += other < mine ? 1 : 0;
                equal += other == mine ? 1 : 0;
            }
        }
        return rankScore(below, equal, n);
    }

    /**
     * @param reputation the reputation before the round ({@link ReputationRecord#INITIAL} for a new contributor)
     * @param score the round's score
     * @return {@code floor((7 reputation + score) / 8)}
     */
    public static long nextReputation(long reputation, long score) {
        return (7 * reputation + score) / 8;
    }

    /**
     * A reputation after one more scored round under the task's {@link IncentiveRules#reputationMemory()}
     * {@code m}: {@code floor(((k - 1) r + score) / k)} with {@code k = min(m, scoredRounds + 1)}, so the mean of
     * every score while the contributor has fewer than {@code m} of them (the first replaces
     * {@link ReputationRecord#INITIAL}), then an exponential average with weight {@code 1 / m}. Without a memory,
     * {@link #nextReputation(long, long)}.
     *
     * @param reputation the reputation before
     * @param score the round's score
     * @param scoredRounds the rounds that scored the contributor before, in any task
     * @param memory the task's memory, or {@code null}
     * @return the reputation after
     */
    public static long nextReputation(long reputation, long score, int scoredRounds, Integer memory) {
        if (memory == null) {
            return nextReputation(reputation, score);
        }
        long k = Math.min(memory, scoredRounds + 1L);
        return ((k - 1) * reputation + score) / k;
    }

    /**
     * @param value a scaled contribution
     * @param scale its scale
     * @param rules the task's rules
     * @return {@code floor(max(0, value) * creditPerSample / scale)}
     */
    public static long contributionCredit(long value, long scale, IncentiveRules rules) {
        if (value <= 0) {
            return 0;
        }
        return BigInteger.valueOf(value).multiply(BigInteger.valueOf(rules.creditPerSample()))
                .divide(BigInteger.valueOf(scale)).longValueExact();
    }

    /**
     * A contributor's credit record after one more FINAL round.
     *
     * @param previous its record before, or {@code null} for its first round in the task
     * @param taskId the task
     * @param contributor the contributor
     * @param msp its organisation
     * @param dataCredit the round's data credit
     * @param contributionCredit the round's contribution credit
     * @param belowThreshold whether the round's agreed contribution is below the task's threshold
     *     ({@link #belowThreshold}): extends the negative streak, otherwise restarts it
     * @param round the round
     * @param txId the settling transaction
     * @return the new record
     */
    public static CreditRecord credit(CreditRecord previous, String taskId, String contributor, String msp,
            long dataCredit, long contributionCredit, boolean belowThreshold, int round, String txId) {
        long data = previous == null ? 0 : previous.dataCredit();
        long contribution = previous == null ? 0 : previous.contributionCredit();
        Long cost = previous == null ? null : previous.penaltyCredit();
        int rounds = previous == null ? 0 : previous.rounds();
        java.util.List<Integer> streak = new java.util.ArrayList<>();
        if (belowThreshold) {
            if (previous != null) {
                streak.addAll(previous.negativeStreak());
            }
            streak.add(round);
        }
        return new CreditRecord(taskId, contributor, msp, Math.addExact(data, dataCredit),
                Math.addExact(contribution, contributionCredit), rounds + 1, round, streak, txId, cost);
    }

    /**
     * @param credit a contributor's credits after a round
     * @param rules the task's rules
     * @return whether its negative streak reached the task's threshold, so that it is penalised and suspended
     */
    public static boolean suspends(CreditRecord credit, IncentiveRules rules) {
        return rules.negativeRoundsToSuspend() > 0 && credit.negativeStreak().size() >= rules.negativeRoundsToSuspend();
    }

    /**
     * Whether contributor {@code index}'s agreed contribution counts toward its negative streak: it is
     * negative and its magnitude is at least {@code suspendBelowPermille} thousandths of the round's total
     * absolute contribution, {@code 1000 |v_i| >= permille * sum_j |v_j|} (every negative one when the
     * threshold is absent or 0). Exact: the products are computed as big integers.
     *
     * @param agreed the agreed contributions
     * @param index the contributor's position in it
     * @param rules the task's rules
     * @return whether the contribution is below the threshold
     */
    public static boolean belowThreshold(ContributionVector agreed, int index, IncentiveRules rules) {
        long mine = agreed.values().get(index);
        if (mine >= 0) {
            return false;
        }
        int permille = rules.suspendBelowPermille() == null ? 0 : rules.suspendBelowPermille();
        BigInteger total = BigInteger.ZERO;
        for (long v : agreed.values()) {
            total = total.add(BigInteger.valueOf(v).abs());
        }
        return BigInteger.valueOf(mine).abs().multiply(BigInteger.valueOf(1000))
                .compareTo(total.multiply(BigInteger.valueOf(permille))) >= 0;
    }

    /**
     * Which of a round's suspension candidates (contributors whose streak reached the task's threshold,
     * {@link #suspends}) are suspended: so that at least {@code max(minUpdates, ceil(n / 2))} of the
     * round's {@code n} contributors stay eligible, at most {@code n - max(minUpdates, ceil(n / 2))} of
     * them, most negative agreed contribution first, ties by contributor id. The others keep a penalty
     * without suspension.
     *
     * @param agreed the round's agreed contributions
     * @param candidates the candidates' positions in it
     * @param minUpdates the task's fewest updates per round
     * @return the positions of the suspended candidates, ascending
     */
    public static java.util.SortedSet<Integer> suspended(ContributionVector agreed, java.util.Collection<Integer> candidates,
            int minUpdates) {
        int n = agreed.contributors().size();
        int cap = Math.max(0, n - Math.max(minUpdates, (n + 1) / 2));
        java.util.SortedSet<Integer> chosen = new java.util.TreeSet<>();
        candidates.stream().sorted(java.util.Comparator.<Integer>comparingLong(i -> agreed.values().get(i))
                .thenComparing(i -> agreed.contributors().get(i))).limit(cap).forEach(chosen::add);
        return chosen;
    }

    /**
     * A FINAL round's credits and suspensions, before anything is written.
     *
     * @param credits each contributor's credit record after the round, in the vector's order, with the
     *     negative streak that made a candidate ({@link #stored} restarts it)
     * @param candidates the positions whose streak reached the task's threshold: each is penalised
     * @param suspended the candidates that are also suspended ({@link #suspended})
     */
    public record RoundCredits(java.util.List<CreditRecord> credits, java.util.List<Integer> candidates,
            java.util.SortedSet<Integer> suspended, long creditCost) {
        /**
         * @param index a contributor's position
         * @return its credit record as written: a penalised contributor's streak restarts and the penalty's
         *     credit cost ({@link IncentiveRules#penaltyCredits()}) adds to its {@code penaltyCredit}
         */
        public CreditRecord stored(int index) {
            CreditRecord c = credits.get(index);
            return candidates.contains(index) ? new CreditRecord(c.taskId(), c.contributor(), c.msp(), c.dataCredit(),
                    c.contributionCredit(), c.rounds(), c.lastRound(), java.util.List.of(), c.txId(),
                    Math.addExact(c.penaltyCost(), creditCost)) : c;
        }
    }

    /**
     * Settles a FINAL round's credits for every contributor of {@code agreed}, in its order, and picks the
     * penalised and suspended ones, exactly as the chaincode writes and the audit replays them.
     *
     * @param agreed the round's agreed contributions
     * @param outOfLine the round's contributors out of line ({@link OutOfLine}): a round out of line extends
     *     the streak as a contribution below the threshold does
     * @param setAside the round's contributors the rule set aside ({@link SetAside}): extends the streak too
     * @param rules the task's rules
     * @param minUpdates the task's fewest updates per round
     * @param previous a contributor's credit record before the round, or {@code null}
     * @param mspOf a contributor's organisation
     * @param data a contributor's data credit in the round
     * @param taskId the task
     * @param round the round
     * @param txId the settling transaction
     * @return the credits, candidates and suspended ones (none when the task's penalties lower weight instead)
     */
    public static RoundCredits roundCredits(ContributionVector agreed, java.util.Collection<String> outOfLine,
            java.util.Collection<String> setAside, IncentiveRules rules, int minUpdates,
            java.util.function.Function<String, CreditRecord> previous, java.util.function.Function<String, String> mspOf,
            java.util.function.ToLongFunction<String> data, String taskId, int round, String txId) {
        java.util.List<CreditRecord> credits = new java.util.ArrayList<>();
        java.util.List<Integer> candidates = new java.util.ArrayList<>();
        for (int i = 0; i < agreed.contributors().size(); i++) {
            String who = agreed.contributors().get(i);
            CreditRecord c = credit(previous.apply(who), taskId, who, mspOf.apply(who), data.applyAsLong(who),
                    contributionCredit(agreed.values().get(i), agreed.scale(), rules),
                    belowThreshold(agreed, i, rules) || outOfLine.contains(who) || setAside.contains(who), round, txId);
            if (suspends(c, rules)) {
                candidates.add(i);
            }
            credits.add(c);
        }
        // A penalty that lowers weight removes nobody, so no cap is needed: every candidate is penalised alike.
        java.util.SortedSet<Integer> suspended = rules.lowersWeight() ? new java.util.TreeSet<>()
                : suspended(agreed, candidates, minUpdates);
        return new RoundCredits(credits, candidates, suspended, rules.creditCost());
    }

    /**
     * The penalty of a contributor whose streak reached the task's threshold: each streak round named by
     * the field of its {@code roundcontrib} record that proves it, the agreed value when it was below the
     * threshold, else the round's {@code outOfLine} entry, else its {@code setAside} entry. Its kind is
     * {@link PenaltyKind#NEGATIVE_CONTRIBUTION} when every round's value was below the threshold,
     * {@link PenaltyKind#OUT_OF_LINE_ROUNDS} when an out-of-line update made up any round, else
     * {@link PenaltyKind#SET_ASIDE_ROUNDS}. Its effect is the task's: the credit cost
     * ({@link IncentiveRules#penaltyCredits()}), and either a lowered weight for {@code suspensionRounds}
     * rounds ({@link IncentiveRules#penaltyWeightPermille()}) or, when {@code suspend}, a suspension as long.
     *
     * @param who the contributor
     * @param streak the streak's rounds, the penalising one last
     * @param recordOf each streak round's agreed contributions record (the penalising round's as written now)
     * @param rules the task's rules
     * @param suspend whether the penalty suspends ({@link RoundCredits#suspended()}); ignored when it lowers weight
     * @return the penalty, imposed by the penalising round's transaction
     */
    public static PenaltyRecord streakPenalty(String who, java.util.List<Integer> streak,
            java.util.function.IntFunction<RoundContributionsRecord> recordOf, IncentiveRules rules, boolean suspend) {
        java.util.List<Evidence> evidence = new java.util.ArrayList<>();
        boolean allNegative = true;
        boolean anyOutOfLine = false;
        RoundContributionsRecord last = null;
        for (int r : streak) {
            RoundContributionsRecord rc = recordOf.apply(r);
            int position = rc.contributions().contributors().indexOf(who);
            boolean negative = belowThreshold(rc.contributions(), position, rules);
            boolean outOfLine = !negative && rc.outOfLine() != null && rc.outOfLine().contains(who);
            allNegative &= negative;
            anyOutOfLine |= outOfLine;
            String field = negative ? "contributions.values[" + position + "]"
                    : outOfLine ? "outOfLine[" + rc.outOfLine().indexOf(who) + "]"
                    : "setAside[" + rc.setAside().indexOf(who) + "]";
            evidence.add(new Evidence(rc.txId(), Keys.printable(Keys.roundContributions(rc.taskId(), r)), field));
            last = rc;
        }
        PenaltyKind kind = allNegative ? PenaltyKind.NEGATIVE_CONTRIBUTION
                : anyOutOfLine ? PenaltyKind.OUT_OF_LINE_ROUNDS : PenaltyKind.SET_ASIDE_ROUNDS;
        int until = last.round() + rules.suspensionRounds();
        boolean lowers = rules.lowersWeight();
        return new PenaltyRecord(last.taskId(), last.round(), who, kind, evidence, !lowers && suspend ? until : 0,
                last.txId(), rules.creditCost(), lowers ? rules.penaltyWeightPermille() : null, lowers ? until : null);
    }

    /**
     * An admitted weight under a penalty that lowers it: {@code max(1, floor(weight * permille / 1000))}.
     *
     * @param weight the weight the admission gives (declared samples, capped, scaled by reputation)
     * @param permille the penalty's {@link PenaltyRecord#weightPermille()}
     * @return the lowered weight; the organisation share cap applies after it
     */
    public static long penalisedWeight(long weight, int permille) {
        return Math.max(1, BigInteger.valueOf(weight).multiply(BigInteger.valueOf(permille))
                .divide(BigInteger.valueOf(1000)).longValueExact());
    }

    /**
     * The weight the close of an incentives task admits an update with, before the organisation share cap: its
     * admitted weight, scaled by its contributor's reputation at the close ({@link #reputationWeight}) when the
     * task weighs by reputation, then lowered by the weight penalty in force ({@link #penalisedWeight}). The
     * chaincode's close and the audit's replay of it both weigh here.
     *
     * @param weight the update's admitted weight before incentives (declared samples, or its staleness weight)
     * @param reputation the contributor's reputation at the close; null when the task does not weigh by it
     * @param penaltyPermille the weight permille of the penalty lowering the contributor in this round; null
     *     when none does
     * @return the weight the close admits
     */
    public static long closeWeight(long weight, Long reputation, Integer penaltyPermille) {
        long scaled = reputation == null ? weight : reputationWeight(weight, reputation);
        return penaltyPermille == null ? scaled : penalisedWeight(scaled, penaltyPermille);
    }

    /**
     * A contributor's reputation record after one more scored round.
     *
     * @param previous its record before, or {@code null} when no round scored it yet
     * @param contributor the contributor
     * @param score the round's score
     * @param rules the task's rules (its {@link IncentiveRules#reputationMemory()})
     * @param taskId the task
     * @param round the round
     * @param txId the settling transaction
     * @return the new record
     */
    public static ReputationRecord reputation(ReputationRecord previous, String contributor, long score,
            IncentiveRules rules, String taskId, int round, String txId) {
        long r = previous == null ? ReputationRecord.INITIAL : previous.reputation();
        int rounds = previous == null ? 0 : previous.rounds();
        return new ReputationRecord(contributor, nextReputation(r, score, rounds, rules.reputationMemory()), rounds + 1,
                taskId, round, txId);
    }

    /**
     * The penalty a proposal earns when the DISAGREE attestations on its output put its quorum out of reach
     * ({@link Quorum#tally(TaskRecord, ProposalRecord, java.util.List)} on the output alone, so that a split on
     * contributions does not count against the proposer): evidence, the proposal's output hash, then each
     * DISAGREE attestation in organisation order.
     *
     * @param task the task
     * @param proposal the proposal
     * @param attestations its attestations
     * @param txId the resolving transaction that disputed it
     * @return the penalty, or empty when the output's quorum is not out of reach
     */
    public static java.util.Optional<PenaltyRecord> disputedProposal(TaskRecord task, ProposalRecord proposal,
            java.util.List<AttestationRecord> attestations, String txId) {
        Quorum.Tally tally = Quorum.tally(task, proposal, attestations);
        if (tally.outcome() != Quorum.Outcome.OUT_OF_REACH) {
            return java.util.Optional.empty();
        }
        java.util.List<Evidence> evidence = new java.util.ArrayList<>();
        evidence.add(new Evidence(proposal.txId(), Keys.printable(Keys.proposal(task.taskId(), proposal.round(),
                proposal.seq())), "outputHash"));
        attestations.stream().filter(a -> a.verdict() == Verdict.DISAGREE && tally.disagreeing().contains(a.msp()))
                .sorted(java.util.Comparator.comparing(AttestationRecord::msp))
                .forEach(a -> evidence.add(new Evidence(a.txId(), Keys.printable(Keys.attestation(task.taskId(),
                        proposal.round(), proposal.seq(), a.msp())), "verdict")));
        return java.util.Optional.of(new PenaltyRecord(task.taskId(), proposal.round(), proposal.proposer(),
                PenaltyKind.PROPOSAL_DISPUTED, evidence, 0, txId));
    }

    /**
     * An update's admitted weight under a task with {@code reputationWeights}: its declared samples
     * scaled by its contributor's reputation, {@code max(1, floor(samples * reputation / MAX))}; the
     * organisation share cap applies after it.
     *
     * @param samples the declared samples
     * @param reputation the contributor's reputation at the round's close ({@link ReputationRecord#INITIAL} when never scored)
     * @return the weight
     */
    public static long reputationWeight(long samples, long reputation) {
        return Math.max(1, java.math.BigInteger.valueOf(samples).multiply(java.math.BigInteger.valueOf(reputation))
                .divide(java.math.BigInteger.valueOf(ReputationRecord.MAX)).longValueExact());
    }
}

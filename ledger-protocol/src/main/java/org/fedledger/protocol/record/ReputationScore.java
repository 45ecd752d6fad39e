package org.fedledger.protocol.record;

/**
 * How a FINAL round scores each contributor for its reputation (issue 24, {@code docs/incentives.md}
 * section 3), from the round's agreed contributions; the reputation then moves toward it as the task's
 * {@link IncentiveRules#reputationMemory()} says. Scores are in {@code [0, ReputationRecord.MAX]}; under
 * the two ranks, ties count half.
 *
 * <pre>{@code
 * IncentiveRules rules = base.withReputationScore(ReputationScore.RANK);
 * }</pre>
 */
public enum ReputationScore {
    /**
     * 0 for a negative contribution, else the contributor's rank among the round's contributors
     * (the default). A contributor suspended from the round is not scored: its reputation stays.
     */
    NON_NEGATIVE_RANK,
    /**
     * The contributor's rank among the round's contributors and the task's contributors suspended from
     * the round, these ranked below every contributor (and scored too): a negative contribution ranks
     * like any other. On label-skewed data an honest contributor's marginal value is often negative
     * round after round; what separates an attacker is being the worst, not being below zero.
     */
    RANK,
    /**
     * The contributor's share of the round's total absolute contribution, mapped to the score
     * {@code MAX / 2 + floor(MAX / 2 * v / sum |v|)}: half for a contribution of 0, nothing for one that is
     * all the round's harm, everything for one that is all its good. Unlike a rank it keeps how much better
     * or worse a contributor was: an update that reverses the round's progress scores near 0 however the
     * honest ones rank among themselves, and a weak honest update near the half. An out-of-line contributor
     * scores 0; a contributor suspended from the round is not scored (scoring it 0 was measured and not
     * adopted: honest hospitals suspended for near-zero negative values lost their weight with it, see
     * {@code docs/incentives.md}).
     */
    SHARE;

    /**
     * @return whether a round scores the task's contributors suspended from it ({@link #RANK}: ranked last);
     *     otherwise their reputations stay
     */
    public boolean scoresSittingOut() {
        return this == RANK;
    }

    /** @return the name a command line spells it by: {@code non-negative-rank}, {@code rank}, {@code share} */
    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /**
     * @param name {@code non-negative-rank}, {@code rank} or {@code share}
     * @return the scoring of that {@link #cliName()}
     * @throws IllegalArgumentException for any other name
     */
    public static ReputationScore fromName(String name) {
        for (ReputationScore score : values()) {
            if (score.cliName().equals(name)) {
                return score;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a reputation score: non-negative-rank, rank or share");
    }
}

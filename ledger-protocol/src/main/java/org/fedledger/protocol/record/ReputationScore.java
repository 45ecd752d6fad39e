package org.fedledger.protocol.record;

/**
 * How a FINAL round scores each contributor for its reputation (issue 24, {@code docs/incentives.md}
 * section 3), from the round's agreed contributions; the reputation then moves to
 * {@code floor((7 r + score) / 8)}. Scores are in {@code [0, ReputationRecord.MAX]}; ties count half.
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
    RANK;

    /** @return the name a command line spells it by: {@code non-negative-rank}, {@code rank} */
    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /**
     * @param name {@code non-negative-rank} or {@code rank}
     * @return the scoring of that {@link #cliName()}
     * @throws IllegalArgumentException for any other name
     */
    public static ReputationScore fromName(String name) {
        for (ReputationScore score : values()) {
            if (score.cliName().equals(name)) {
                return score;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a reputation score: non-negative-rank or rank");
    }
}

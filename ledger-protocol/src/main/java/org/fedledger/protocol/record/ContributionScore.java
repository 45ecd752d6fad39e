package org.fedledger.protocol.record;

/**
 * What a coalition of a round's updates is worth on the task's shared validation set (issue 24,
 * {@code docs/incentives.md} section 2): the number the contribution method ({@link ContributionMethod})
 * shares out among the contributors. Both are exact integers, so every organisation's verifier computes
 * the same vector.
 *
 * <pre>{@code
 * long scale = ContributionScore.LOG_LOSS.unit() * ContributionMethod.SHAPLEY.scale(9);   // values are nats * 10^6 * 9!
 * }</pre>
 */
public enum ContributionScore {
    /** The number of validation samples the coalition's model classifies correctly; one unit per sample. */
    CORRECT,
    /**
     * Minus the validation set's cross-entropy under the coalition's model, in micro-nats: each sample's
     * loss is rounded to a whole micro-nat and capped at {@link #MAX_SAMPLE_LOSS_MICROS}, so one wildly
     * wrong prediction weighs no more than a confidently wrong one. It moves with every sample's
     * probability, where {@link #CORRECT} moves only when a prediction flips.
     */
    LOG_LOSS;

    /** The largest loss one validation sample counts for: 20 nats, a probability of about 2e-9 for its label. */
    public static final long MAX_SAMPLE_LOSS_MICROS = 20_000_000;

    /** @return how many units of a value make one of the task's credit units: 1 sample, or 1 nat */
    public long unit() {
        return this == LOG_LOSS ? 1_000_000 : 1;
    }

    /** @return the name a command line spells it by: {@code correct}, {@code log-loss} */
    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /**
     * @param name {@code correct} or {@code log-loss}
     * @return the score of that {@link #cliName()}
     * @throws IllegalArgumentException for any other name
     */
    public static ContributionScore fromName(String name) {
        for (ContributionScore score : values()) {
            if (score.cliName().equals(name)) {
                return score;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a contribution score: correct or log-loss");
    }
}

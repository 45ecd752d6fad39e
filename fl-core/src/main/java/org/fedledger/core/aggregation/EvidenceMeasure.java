package org.fedledger.core.aggregation;

import java.util.function.Function;

/**
 * What a rule records about each input it was given ({@link InputEvidence}), one measure per field
 * of the evidence. Each rule declares its measures ({@link RuleSpec#evidence()}); a manifest carries
 * exactly those, for every accepted input, and every verifier and the audit recompute them bit for bit.
 *
 * <pre>{@code
 * RuleSpec.of(RuleName.TRIMMED_MEAN, Map.of("beta", "0.1")).evidence(); // [TRIMMED_LOW, TRIMMED_HIGH]
 * }</pre>
 */
public enum EvidenceMeasure {
    /**
     * Trimmed mean: the number of coordinates at which the input's value was among the
     * {@code floor(beta * n)} lowest of the column, and so left out of that coordinate's mean; weighted trimmed
     * mean: at which all of the input's weight lay in the weight cut at the low end.
     */
    TRIMMED_LOW(InputEvidence::trimmedLow),
    /** Trimmed means: as {@link #TRIMMED_LOW}, at the high end. */
    TRIMMED_HIGH(InputEvidence::trimmedHigh),
    /**
     * Median: the number of coordinates at which the input's value is the column's median (odd input
     * count) or one of the two middle values averaged into it (even count).
     */
    MEDIAN_COORDINATES(InputEvidence::medianCoordinates),
    /**
     * Clipping ({@code clip_norm}): the L2 norm of the input's difference from the round's base model,
     * as the exact decimal value of the double the rule computed.
     */
    UPDATE_NORM(InputEvidence::updateNorm),
    /**
     * Clipping: the factor the input's difference from the base model was scaled by, exact:
     * {@code 1} when its norm is within {@code clip_norm}, else the double {@code clip_norm / norm}.
     */
    CLIP_FACTOR(InputEvidence::clipFactor);

    private final Function<InputEvidence, Object> field;

    EvidenceMeasure(Function<InputEvidence, Object> field) {
        this.field = field;
    }

    /**
     * @param evidence one input's evidence
     * @return whether it carries this measure
     */
    public boolean presentIn(InputEvidence evidence) {
        return field.apply(evidence) != null;
    }
}

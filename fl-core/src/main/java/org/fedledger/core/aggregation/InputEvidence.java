package org.fedledger.core.aggregation;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.fedledger.core.json.CanonicalJson;

/**
 * What a rule did to one input, measured exactly so that anyone holding the inputs recomputes it bit
 * for bit: how many coordinates a trimmed mean trimmed of it, how many coordinates it set in a median,
 * its update's norm and the factor clipping scaled it by. Only the measures the rule gives are
 * present ({@link RuleSpec#evidence()}); counts are integers and real values are decimal strings
 * holding the exact value of the double the rule computed ({@link BigDecimal#BigDecimal(double)}),
 * never a formatted approximation.
 *
 * <p>Ties are broken as the rules sort: at one coordinate, equal values rank by ascending input id,
 * so the input with the lower id counts as the lower of two equal values.
 *
 * <pre>{@code
 * for (InputEvidence e : result.evidence()) {
 *     System.out.println(e.id() + " trimmed low at " + e.trimmedLow() + " coordinates");
 * }
 * }</pre>
 *
 * @param id the input's id
 * @param trimmedLow {@link EvidenceMeasure#TRIMMED_LOW}, or null
 * @param trimmedHigh {@link EvidenceMeasure#TRIMMED_HIGH}, or null
 * @param medianCoordinates {@link EvidenceMeasure#MEDIAN_COORDINATES}, or null
 * @param updateNorm {@link EvidenceMeasure#UPDATE_NORM}, or null
 * @param clipFactor {@link EvidenceMeasure#CLIP_FACTOR}, or null
 */
public record InputEvidence(String id, @CanonicalJson.Nullable Long trimmedLow,
        @CanonicalJson.Nullable Long trimmedHigh, @CanonicalJson.Nullable Long medianCoordinates,
        @CanonicalJson.Nullable String updateNorm, @CanonicalJson.Nullable String clipFactor) {
    private static final Pattern EXACT_DECIMAL = Pattern.compile("(0|[1-9][0-9]*)(\\.[0-9]*[1-9])?");

    /**
     * Checks every component.
     *
     * @param id the input's id
     * @param trimmedLow count of coordinates, at least 0, or null
     * @param trimmedHigh count of coordinates, at least 0, or null
     * @param medianCoordinates count of coordinates, at least 0, or null
     * @param updateNorm a non-negative plain decimal without trailing zeros ({@code 3.5}, {@code 0}), or null
     * @param clipFactor a plain decimal in (0, 1] without trailing zeros, or null
     * @throws NullPointerException when {@code id} is null
     * @throws IllegalArgumentException when a count is negative, a decimal is malformed or out of
     *     range, or no measure is present
     */
    public InputEvidence {
        Objects.requireNonNull(id, "id");
        count("trimmedLow", id, trimmedLow);
        count("trimmedHigh", id, trimmedHigh);
        count("medianCoordinates", id, medianCoordinates);
        decimal("updateNorm", id, updateNorm);
        decimal("clipFactor", id, clipFactor);
        if (clipFactor != null && (new BigDecimal(clipFactor).signum() <= 0
                || new BigDecimal(clipFactor).compareTo(BigDecimal.ONE) > 0)) {
            throw new IllegalArgumentException("clipFactor " + clipFactor + " of input '" + id + "' is not in (0, 1]");
        }
        if (trimmedLow == null && trimmedHigh == null && medianCoordinates == null && updateNorm == null
                && clipFactor == null) {
            throw new IllegalArgumentException("evidence for input '" + id + "' records no measure");
        }
    }

    /**
     * @param id the input's id
     * @param low coordinates where the input was trimmed as one of the lowest values
     * @param high coordinates where it was trimmed as one of the highest
     * @return the trimmed mean's evidence
     */
    public static InputEvidence trimmed(String id, long low, long high) {
        return new InputEvidence(id, low, high, null, null, null);
    }

    /**
     * @param id the input's id
     * @param coordinates coordinates whose median the input's value set or was averaged into
     * @return the median's evidence
     */
    public static InputEvidence median(String id, long coordinates) {
        return new InputEvidence(id, null, null, coordinates, null, null);
    }

    /**
     * @param id the input's id
     * @param norm the L2 norm of its difference from the base model
     * @param factor the factor that difference was scaled by (1 when not clipped)
     * @return clipping's evidence, both values exact
     */
    public static InputEvidence clipped(String id, double norm, double factor) {
        return new InputEvidence(id, null, null, null, exact(norm), exact(factor));
    }

    /**
     * @param other evidence for the same input with none of this one's measures
     * @return both sets of measures in one evidence
     * @throws IllegalArgumentException when the ids differ or a measure is in both
     */
    public InputEvidence with(InputEvidence other) {
        Objects.requireNonNull(other, "other");
        if (!id.equals(other.id)) {
            throw new IllegalArgumentException("evidence for '" + other.id + "' cannot join evidence for '" + id + "'");
        }
        Set<EvidenceMeasure> both = measures();
        both.retainAll(other.measures());
        if (!both.isEmpty()) {
            throw new IllegalArgumentException("input '" + id + "' has " + both + " twice");
        }
        return new InputEvidence(id, either(trimmedLow, other.trimmedLow), either(trimmedHigh, other.trimmedHigh),
                either(medianCoordinates, other.medianCoordinates), either(updateNorm, other.updateNorm),
                either(clipFactor, other.clipFactor));
    }

    /** @return the measures present, in declaration order; a new mutable set */
    public Set<EvidenceMeasure> measures() {
        Set<EvidenceMeasure> present = EnumSet.noneOf(EvidenceMeasure.class);
        for (EvidenceMeasure m : EvidenceMeasure.values()) {
            if (m.presentIn(this)) {
                present.add(m);
            }
        }
        return present;
    }

    /**
     * @param value a finite double
     * @return its exact value as a plain decimal without trailing zeros ({@code 0.5}, {@code 3}, never
     *     {@code 3.0} or {@code 5E-1})
     */
    static String exact(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("evidence values are finite, was " + value);
        }
        BigDecimal d = new BigDecimal(value);
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }

    private static <T> T either(T a, T b) {
        return a != null ? a : b;
    }

    private static void count(String field, String id, Long value) {
        if (value != null && value < 0) {
            throw new IllegalArgumentException(field + " of input '" + id + "' is negative: " + value);
        }
    }

    private static void decimal(String field, String id, String value) {
        if (value != null && !EXACT_DECIMAL.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " of input '" + id + "' must be a non-negative plain decimal"
                    + " without trailing zeros, was '" + value + "'");
        }
    }
}

package org.fedledger.core.aggregation;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One parameter of an aggregation rule: its name, whether it is a whole number or a decimal, and its
 * range. Values are strings on the ledger (so no float formatting can change them); {@link #check}
 * refuses anything outside the schema. A rule lists its parameters in {@link RuleName#parameters()}.
 *
 * <pre>{@code
 * RuleParameter.BETA.check("0.1");   // fine
 * RuleParameter.BETA.check("0.5");   // IllegalArgumentException: beta must be a decimal in [0, 0.5)
 * }</pre>
 *
 * @param name the parameter's name in the rule's {@code params}
 * @param kind whole number or decimal
 * @param lower the lowest value
 * @param lowerInclusive whether {@code lower} itself is allowed
 * @param upper the highest value, if bounded
 * @param upperInclusive whether {@code upper} itself is allowed
 * @param meaning what the parameter does, for a person
 */
public record RuleParameter(String name, Kind kind, BigDecimal lower, boolean lowerInclusive,
        Optional<BigDecimal> upper,
        boolean upperInclusive, String meaning) {

    /**
     * Trimmed means: the fraction of values (of the weight, for the weighted trimmed mean) dropped at each end
     * of every coordinate, in [0, 0.5).
     */
    public static final RuleParameter BETA = new RuleParameter("beta", Kind.DECIMAL, BigDecimal.ZERO, true,
            Optional.of(new BigDecimal("0.5")), false, "fraction of values trimmed at each end of every coordinate");
    /** Krum rules: the number of byzantine updates tolerated, at least 0. */
    public static final RuleParameter F = new RuleParameter("f", Kind.INTEGER, BigDecimal.ZERO, true, Optional.empty(),
            false, "number of byzantine updates tolerated");
    /** Multi-Krum: how many best-scored updates are averaged, at least 1. */
    public static final RuleParameter M = new RuleParameter("m", Kind.INTEGER, BigDecimal.ONE, true, Optional.empty(),
            false, "number of best-scored updates averaged");
    /**
     * Exact rules: fractional bits of the fixed-point codes, a whole number in [0, 32]. A value
     * {@code v} becomes the integer {@code round(v * 2^scale_bits)}, clamped to 31 bits and a sign.
     */
    public static final RuleParameter SCALE_BITS = new RuleParameter("scale_bits", Kind.INTEGER, BigDecimal.ZERO,
            true, Optional.of(BigDecimal.valueOf(FixedPoint.MAX_SCALE_BITS)), true,
            "fractional bits of the fixed-point integer codes an exact rule sums");
    /**
     * Central noise of an exact rule: Gaussian noise of standard deviation
     * {@code central_noise_sigma * clip_norm * (largest integer weight) / (total weight)} on every
     * coordinate of the average, added to the exact sum in integers from the round's noise seed.
     */
    public static final RuleParameter CENTRAL_NOISE_SIGMA = new RuleParameter("central_noise_sigma", Kind.DECIMAL,
            BigDecimal.ZERO, false, Optional.empty(), false,
            "noise multiplier of the central Gaussian noise added to the exact sum (needs clip_norm)");
    /**
     * Rules weighting by samples: a buffered (asynchronous) task. An update may train from any of the
     * last {@code max_staleness + 1} global versions, and its weight is its samples times
     * {@link StalenessWeights#weight}, a whole number in [1, {@value StalenessWeights#MAX_STALENESS}].
     */
    public static final RuleParameter MAX_STALENESS = new RuleParameter("max_staleness", Kind.INTEGER, BigDecimal.ONE,
            true, Optional.of(BigDecimal.valueOf(StalenessWeights.MAX_STALENESS)), true,
            "how many global versions behind the round's base an update may have trained from (buffered rounds)");
    /**
     * Exact FedAvg without clipping, codec, central noise or staleness: a hierarchical task, the only value
     * {@code 1}. Trainers' updates stay inside their organisation, and each organisation publishes the
     * exact partial sum of its trainers' updates, which the global model merges (docs/round-modes.md).
     */
    public static final RuleParameter HIERARCHICAL = new RuleParameter("hierarchical", Kind.INTEGER, BigDecimal.ONE,
            true, Optional.of(BigDecimal.ONE), true,
            "1: trainers' updates stay in their organisation, which publishes their exact partial sum");
    /**
     * A hierarchical task's robust rule inside each organisation, the only value {@code 1}: an organisation's
     * partial is its trainers' coordinate-wise median code (the floor of the mean of the two middle codes for
     * an even count) times their samples in all, so the global model is the sample-weighted mean of the
     * organisations' medians (docs/round-modes.md).
     */
    public static final RuleParameter ORG_MEDIAN = new RuleParameter("org_median", Kind.INTEGER, BigDecimal.ONE,
            true, Optional.of(BigDecimal.ONE), true,
            "1 (with hierarchical): each organisation's partial is its trainers' coordinate-wise median, weighted by"
                    + " their samples in all");
    /** Any rule: L2 bound on each update's difference from the base model, positive. */
    public static final RuleParameter CLIP_NORM = new RuleParameter("clip_norm", Kind.DECIMAL, BigDecimal.ZERO, false,
            Optional.empty(), false,
                    "L2 bound on each update's difference from the base model, applied before the rule");

    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,6}");
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,9}(\\.[0-9]{1,9})?");

    /** Whole number or decimal. */
    public enum Kind {
        /** Plain decimal digits, at most 6, optional minus sign. */
        INTEGER,
        /** Plain decimal such as {@code 0.25}: at most 9 digits before and 9 after the point. */
        DECIMAL
    }

    /**
     * Checks every component is present.
     *
     * @param name the parameter's name in the rule's {@code params}
     * @param kind whole number or decimal
     * @param lower the lowest value
     * @param lowerInclusive whether {@code lower} itself is allowed
     * @param upper the highest value, if bounded
     * @param upperInclusive whether {@code upper} itself is allowed
     * @param meaning what the parameter does, for a person
     */
    public RuleParameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(lower, "lower");
        Objects.requireNonNull(upper, "upper");
        Objects.requireNonNull(meaning, "meaning");
    }

    /**
     * @param value the parameter's value as stored
     * @return the value as a number
     * @throws IllegalArgumentException naming the parameter when the value is missing, not of its kind
     *     or out of range
     */
    public BigDecimal check(String value) {
        if (value == null) {
            throw new IllegalArgumentException("parameter '" + name + "' is required");
        }
        boolean wellFormed = (kind == Kind.INTEGER ? INTEGER : DECIMAL).matcher(value).matches();
        if (!wellFormed) {
            throw new IllegalArgumentException("parameter '" + name + "' must be " + (kind == Kind.INTEGER
                    ? "a whole number" : "a plain decimal such as 0.1") + ", was '" + value + "'");
        }
        BigDecimal number = new BigDecimal(value);
        int low = number.compareTo(lower);
        boolean aboveLower = lowerInclusive ? low >= 0 : low > 0;
        boolean belowUpper = upper.map(u -> upperInclusive ? number.compareTo(u) <= 0 : number.compareTo(u) < 0)
                .orElse(true);
        if (!aboveLower || !belowUpper) {
            throw new IllegalArgumentException("parameter '" + name + "' must be in " + range() + ", was '" + value
                    + "'");
        }
        return number;
    }

    /** @return the range in interval notation, such as {@code [0, 0.5)} or {@code (0, inf)} */
    public String range() {
        return (lowerInclusive ? "[" : "(") + lower.toPlainString() + ", "
                + upper.map(BigDecimal::toPlainString).orElse("inf")
                + (upper.isPresent() && upperInclusive ? "]" : ")");
    }
}

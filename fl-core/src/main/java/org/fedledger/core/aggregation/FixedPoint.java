package org.fedledger.core.aggregation;

import java.util.Objects;
import org.fedledger.core.model.FormatError;
import org.fedledger.core.model.ModelFormatException;

/**
 * The fixed-point integer codes an exact rule sums: a float32 value {@code v} becomes
 * {@code q = round(v * 2^scaleBits)}, rounded half to even and clamped to the 32-bit range
 * {@code [-2^31, 2^31 - 1]}. The resolution is {@code 2^-scaleBits}; values beyond
 * {@code [-2^31, 2^31 - 1] * 2^-scaleBits} are clamped (deterministically, so every verifier clamps the same
 * values), NaN and infinities are refused with {@link FormatError#NON_FINITE_VALUE} (a model can hold
 * neither, so aggregation never meets them). A code maps back to the float32 nearest to
 * {@code q * 2^-scaleBits}.
 *
 * <pre>{@code
 * FixedPoint format = FixedPoint.of(24);   // resolution 2^-24, range about ±128
 * int q = format.code(0.1f);               // 1677722
 * float back = format.value(q);            // 0.100000024f: 0.1f to within 2^-25
 * }</pre>
 */
public final class FixedPoint {
    /** The largest {@code scale_bits} a rule accepts. */
    public static final int MAX_SCALE_BITS = 32;

    private final int scaleBits;
    private final double scale;

    private FixedPoint(int scaleBits) {
        this.scaleBits = scaleBits;
        this.scale = ExactMath.scale(scaleBits);
    }

    /**
     * @param scaleBits fractional bits, in [0, {@link #MAX_SCALE_BITS}]
     * @return the format
     * @throws IllegalArgumentException when {@code scaleBits} is out of range
     */
    public static FixedPoint of(int scaleBits) {
        if (scaleBits < 0 || scaleBits > MAX_SCALE_BITS) {
            throw new IllegalArgumentException("scale_bits must be in [0, " + MAX_SCALE_BITS + "], was " + scaleBits);
        }
        return new FixedPoint(scaleBits);
    }

    /**
     * @param spec an exact rule's spec ({@link RuleName#sumsExactly()})
     * @return the format its {@code scale_bits} parameter fixes
     * @throws IllegalArgumentException when the rule does not sum exactly
     */
    public static FixedPoint of(RuleSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (!spec.rule().sumsExactly()) {
            throw new IllegalArgumentException("rule " + spec.rule().wireName()
                    + " does not sum fixed-point codes; exact rules: exact_fedavg");
        }
        return of(spec.scaleBits());
    }

    /** @return the fractional bits */
    public int scaleBits() {
        return scaleBits;
    }

    /**
     * @param value a finite float32
     * @return its code, clamped to {@code [Integer.MIN_VALUE, Integer.MAX_VALUE]}
     * @throws ModelFormatException with {@link FormatError#NON_FINITE_VALUE} for NaN or an infinity
     */
    public int code(float value) {
        if (!Float.isFinite(value)) {
            throw new ModelFormatException(FormatError.NON_FINITE_VALUE, value
                    + " has no fixed-point code; only finite values are aggregated");
        }
        return ExactMath.code(value, scale);
    }

    /**
     * @param code a code
     * @return the float32 nearest to {@code code * 2^-scaleBits}, ties to even
     */
    public float value(int code) {
        return ExactMath.quotient(code >> 31, code, 1, scaleBits);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FixedPoint other && scaleBits == other.scaleBits;
    }

    @Override
    public int hashCode() {
        return scaleBits;
    }

    @Override
    public String toString() {
        return "FixedPoint{scaleBits=" + scaleBits + "}";
    }
}

package org.fedledger.core.aggregation;

import java.math.BigInteger;
import org.fedledger.core.model.Tensor;

/**
 * The arithmetic of the exact rules, as pure static functions: fixed-point codes, exact weighted sums
 * of codes and the single rounding of a sum to float32.
 *
 * <p>A code is {@code (int) rint(v * 2^s)}: {@code v * 2^s} is exact in double (a float32 has 24
 * significant bits and the scale is a power of two), {@link Math#rint} rounds half to even, and the
 * cast to {@code int} saturates, which clamps every code to {@code [-2^31, 2^31 - 1]} in the same
 * instruction.
 *
 * <p>Why the sums cannot overflow. Every code has {@code |q| <= 2^31} and every weight is at least 1,
 * so a sum over inputs with total weight {@code W} has {@code |sum| <= 2^31 * W}, and so has every
 * partial sum on the way (its weights are a subset). A {@code long} accumulator (narrow) is used only
 * while {@code W <= NARROW_WEIGHT_LIMIT = floor(Long.MAX_VALUE / 2^31) = 2^32 - 1}, which bounds the sum
 * by {@code 2^63 - 2^31}; every product {@code w * q} is bounded by the same argument. Beyond it the
 * accumulator is 128 bits wide (two longs): {@link Weights} caps {@code W} below {@code 2^63}, so
 * {@code |sum| <= 2^94}, and each product {@code w * q} is taken exactly as 128 bits with
 * {@link Math#multiplyHigh}. Integer addition is associative and commutative without rounding, so the
 * order and grouping of the additions, and the threads that make them, cannot change a bit.
 */
final class ExactMath {
    /** The largest code magnitude, {@code 2^31} (of {@link Integer#MIN_VALUE}). */
    static final long MAX_CODE_MAGNITUDE = 1L << 31;
    /** The largest total weight for which a {@code long} accumulator provably cannot overflow. */
    static final long NARROW_WEIGHT_LIMIT = Long.MAX_VALUE / MAX_CODE_MAGNITUDE;
    private static final long TWO_53 = 1L << 53;
    /**
     * The largest batch weight for which {@link #addNarrowInDoubles} is exact: every code has
     * {@code |q| <= 2^31}, so every product and partial sum of the batch is at most
     * {@code 2^22 * 2^31 = 2^53} in magnitude, and every integer of that size is a double.
     */
    static final long DOUBLE_LANE_WEIGHT_LIMIT = 1L << 22;
    /** The largest code, {@code 2^31 - 1}, as a double. */
    private static final double MAX_CODE = Integer.MAX_VALUE;
    /**
     * {@code 1.5 * 2^52}: adding it to a double {@code x} with {@code |x| <= 2^51} rounds {@code x} to an
     * integer, half to even (the sum lies in {@code [2^52, 2^53)}, where the spacing of doubles is 1), and
     * subtracting it again is exact, so {@code (x + R) - R == rint(x)} up to the sign of a zero.
     */
    private static final double ROUNDER = 0x1.8p52;

    private ExactMath() {
    }

    /** @return the greatest common divisor of two non-negative integers; {@code gcd(0, b)} is {@code b} */
    static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** @return {@code 2^scaleBits}, exact */
    static double scale(int scaleBits) {
        return Math.scalb(1.0, scaleBits);
    }

    /** The code of a finite value: {@code (int) rint(v * scale)}, saturating. */
    static int code(float v, double scale) {
        return (int) Math.rint(v * scale);
    }

    /**
     * {@code acc[j] += sum_i w_i * code(x_i[from + j])} for {@code j < len}, in {@code long}; the caller
     * guarantees that the total weight of everything ever added to {@code acc} is at most
     * {@link #NARROW_WEIGHT_LIMIT}. Four inputs per pass to save accumulator traffic; the grouping of
     * the additions does not matter in integers.
     */
    static void addNarrow(long[] acc, int accFrom, Tensor[] x, long[] w, int from, int len, double scale) {
        int n = x.length;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            Tensor x0 = x[i], x1 = x[i + 1], x2 = x[i + 2], x3 = x[i + 3];
            long w0 = w[i], w1 = w[i + 1], w2 = w[i + 2], w3 = w[i + 3];
            for (int j = 0; j < len; j++) {
                int k = from + j;
                acc[accFrom + j] += w0 * code(x0.value(k), scale) + w1 * code(x1.value(k), scale)
                        + w2 * code(x2.value(k), scale) + w3 * code(x3.value(k), scale);
            }
        }
        for (; i < n; i++) {
            Tensor xi = x[i];
            long wi = w[i];
            for (int j = 0; j < len; j++) {
                acc[accFrom + j] += wi * code(xi.value(from + j), scale);
            }
        }
    }

    /**
     * Whether every code of {@code x} at scale {@code scale} lies inside the code range, so that coding
     * needs no clamp: {@code |v| * scale <= 2^31 - 1} for the tensor's largest magnitude {@code |v|}.
     */
    static boolean codesUnclamped(Tensor x, double scale) {
        return x.maxMagnitude() * scale <= MAX_CODE;
    }

    /**
     * The same sums as {@link #addNarrow}, {@code acc[accFrom + j] += sum_i w_i * code(x_i[from + j])},
     * computed in double lanes that the JIT vectorises: {@code tile[j] = sum_i w_i * rint(x_i * scale)},
     * then added to {@code acc} as a {@code long}. The caller guarantees the two conditions under which
     * every step is exact: the weights sum to at most {@link #DOUBLE_LANE_WEIGHT_LIMIT} (so every product
     * and partial sum is an integer of at most {@code 2^53}), and {@link #codesUnclamped} holds for every
     * input (so {@code rint(x * scale)} is the code without the clamp of the int cast). Exact integer
     * arithmetic does not depend on the order of the additions, so the result equals
     * {@link #addNarrow}'s bit for bit.
     *
     * @param tile scratch space of at least {@code len} doubles
     */
    static void addNarrowInDoubles(long[] acc, int accFrom, Tensor[] x, double[] w, int from, int len, double scale,
            double[] tile) {
        java.util.Arrays.fill(tile, 0, len, 0.0);
        int n = x.length;
        int i = 0;
        for (; i + 2 <= n; i += 2) {
            Tensor x0 = x[i], x1 = x[i + 1];
            double w0 = w[i], w1 = w[i + 1];
            for (int j = 0; j < len; j++) {
                int k = from + j;
                tile[j] = Math.fma(w1, Math.fma(x1.value(k), scale, ROUNDER) - ROUNDER,
                        Math.fma(w0, Math.fma(x0.value(k), scale, ROUNDER) - ROUNDER, tile[j]));
            }
        }
        for (; i < n; i++) {
            Tensor xi = x[i];
            double wi = w[i];
            for (int j = 0; j < len; j++) {
                tile[j] = Math.fma(wi, Math.fma(xi.value(from + j), scale, ROUNDER) - ROUNDER, tile[j]);
            }
        }
        for (int j = 0; j < len; j++) {
            acc[accFrom + j] += (long) tile[j];
        }
    }

    /**
     * {@code (hi, lo)[j] += w * code(x[j])} for {@code from <= j < from + len}, as 128-bit two's complement integers
     * ({@code hi * 2^64 + unsigned(lo)}); the product is exact ({@link Math#multiplyHigh}).
     */
    static void addWide(long[] hi, long[] lo, Tensor x, long w, int from, int len, double scale) {
        for (int j = from; j < from + len; j++) {
            addProduct(hi, lo, j, w, code(x.value(j), scale));
        }
    }

    /** {@code (hi, lo)[j] += w * q[j]} for every {@code j}, as 128-bit integers; the product is exact. */
    static void addWideCodes(long[] hi, long[] lo, int[] q, long w) {
        for (int j = 0; j < lo.length; j++) {
            addProduct(hi, lo, j, w, q[j]);
        }
    }

    /** {@code (hi, lo)[j] += w * q}, the product taken exactly as 128 bits. */
    private static void addProduct(long[] hi, long[] lo, int j, long w, long q) {
        long productLo = w * q;
        long productHi = Math.multiplyHigh(w, q);
        long sum = lo[j] + productLo;
        long carry = Long.compareUnsigned(sum, lo[j]) < 0 ? 1 : 0;
        lo[j] = sum;
        hi[j] = hi[j] + productHi + carry;
    }

    /** {@code (hi, lo)[j] += (otherHi, otherLo)[j]}, 128-bit; {@code otherHi} null: sign-extend {@code otherLo}. */
    static void addWideSums(long[] hi, long[] lo, long[] otherHi, long[] otherLo) {
        for (int j = 0; j < lo.length; j++) {
            long addHi = otherHi == null ? otherLo[j] >> 63 : otherHi[j];
            long sum = lo[j] + otherLo[j];
            long carry = Long.compareUnsigned(sum, lo[j]) < 0 ? 1 : 0;
            lo[j] = sum;
            hi[j] = hi[j] + addHi + carry;
        }
    }

    /**
     * The single rounding: the float32 nearest to {@code (hi * 2^64 + unsigned(lo)) / (weight * 2^scaleBits)},
     * ties to even, {@code +0.0f} for a zero sum.
     *
     * <p>Fast path, for a sum and weight of at most {@code 2^53}: both convert to double exactly, the
     * double quotient is correctly rounded and scaling by {@code 2^-scaleBits} is exact, so
     * {@code d = RN53(x)}. Rounding {@code d} to float32 gives {@code RN24(x)} unless {@code d} is exactly
     * halfway between two float32 (every such midpoint is a double, and rounding is monotone, so
     * {@code x} and {@code d} then lie between the same two midpoints); that case, and larger sums,
     * take the exact path with {@link BigInteger}.
     *
     * @param weight the total weight, at least 1
     * @param scaleBits in [0, {@link FixedPoint#MAX_SCALE_BITS}]
     */
    static float quotient(long hi, long lo, long weight, int scaleBits) {
        if (hi == (lo >> 63)) {
            if (lo == 0) {
                return 0.0f;
            }
            if (lo >= -TWO_53 && lo <= TWO_53 && weight <= TWO_53) {
                double d = ((double) lo / (double) weight) * Math.scalb(1.0, -scaleBits);
                float f = (float) d;
                double back = f;
                if (back == d) {
                    return f;
                }
                double neighbour = d > back ? Math.nextUp(f) : Math.nextDown(f);
                if (d != (back + neighbour) * 0.5) {
                    return f;
                }
            }
        }
        return exactQuotient(hi, lo, weight, scaleBits);
    }

    /**
     * The same rounding through {@link BigInteger}: {@code q = floor(|n| * 2^k / den)} with {@code k}
     * chosen so that {@code q} has 27 or 28 bits, and {@code m = 2q + (remainder != 0)}. The double
     * {@code m * 2^-(k + 1)} is exact, lies strictly between the same two float32 midpoints as the
     * quotient (the 27-bit grid is finer than the 25 bits of a midpoint) and equals a midpoint only when
     * the quotient does, so one cast rounds it as the quotient would be rounded.
     */
    static float exactQuotient(long hi, long lo, long weight, int scaleBits) {
        BigInteger n = BigInteger.valueOf(hi).shiftLeft(64).add(unsigned(lo));
        if (n.signum() == 0) {
            return 0.0f;
        }
        BigInteger a = n.abs();
        BigInteger den = BigInteger.valueOf(weight).shiftLeft(scaleBits);
        int k = 27 - (a.bitLength() - den.bitLength());
        BigInteger[] qr = k >= 0 ? a.shiftLeft(k).divideAndRemainder(den) : a.divideAndRemainder(den.shiftLeft(-k));
        long m = (qr[0].longValueExact() << 1) | (qr[1].signum() != 0 ? 1 : 0);
        float f = (float) Math.scalb((double) m, -(k + 1));
        return n.signum() < 0 ? -f : f;
    }

    private static BigInteger unsigned(long lo) {
        BigInteger low = BigInteger.valueOf(lo & Long.MAX_VALUE);
        return lo < 0 ? low.setBit(63) : low;
    }
}

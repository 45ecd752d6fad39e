package org.fedledger.trainer.random;

import java.util.Objects;
import java.util.Random;

/**
 * The only source of randomness in fl-trainer: a {@link Random} (whose algorithm the Java
 * specification fixes) plus the draws built on it, all using {@link StrictMath}, so a seed gives the
 * same sequence on every machine and JVM.
 *
 * <pre>{@code
 * SeededRandom random = new SeededRandom(42);
 * int[] order = {0, 1, 2, 3};
 * random.shuffle(order);
 * double[] shares = random.dirichlet(0.5, 3); // three non-negative shares summing to 1
 * }</pre>
 *
 * <p>Not thread-safe.
 */
public final class SeededRandom {
    private final Random random;

    /** @param seed the seed; equal seeds give equal sequences */
    public SeededRandom(long seed) {
        this.random = new Random(seed);
    }

    /**
     * @param bound exclusive upper bound, positive
     * @return a uniform integer in {@code [0, bound)}
     * @throws IllegalArgumentException when {@code bound} is not positive
     */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** @return a uniform double in {@code [0, 1)} */
    public double nextDouble() {
        return random.nextDouble();
    }

    /** @return a standard normal draw */
    public double nextGaussian() {
        return random.nextGaussian();
    }

    /**
     * Shuffles {@code values} in place (Fisher-Yates, from the last position down).
     *
     * @param values the array to shuffle
     * @throws NullPointerException when {@code values} is null
     */
    public void shuffle(int[] values) {
        Objects.requireNonNull(values, "values");
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = values[i];
            values[i] = values[j];
            values[j] = tmp;
        }
    }

    /**
     * A Gamma(shape, 1) draw by Marsaglia and Tsang's method; for {@code shape < 1} the usual boost
     * {@code Gamma(shape + 1) * U^(1 / shape)}.
     *
     * @param shape positive and finite
     * @return a non-negative draw
     * @throws IllegalArgumentException when {@code shape} is not positive and finite
     */
    public double gamma(double shape) {
        if (!(shape > 0.0) || Double.isInfinite(shape)) {
            throw new IllegalArgumentException("gamma shape " + shape + " must be positive and finite");
        }
        if (shape < 1.0) {
            double u = random.nextDouble();
            return gamma(shape + 1.0) * StrictMath.pow(u, 1.0 / shape);
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / StrictMath.sqrt(9.0 * d);
        while (true) {
            double x = random.nextGaussian();
            double v = 1.0 + c * x;
            if (v <= 0.0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextDouble();
            if (u < 1.0 - 0.0331 * (x * x) * (x * x)) {
                return d * v;
            }
            if (StrictMath.log(u) < 0.5 * x * x + d * (1.0 - v + StrictMath.log(v))) {
                return d * v;
            }
        }
    }

    /**
     * A symmetric Dirichlet(alpha, ..., alpha) draw: normalised Gamma(alpha) draws.
     *
     * @param alpha concentration, positive and finite; small values give lopsided shares
     * @param k number of shares, at least 1
     * @return {@code k} non-negative shares summing to 1 (up to rounding)
     * @throws IllegalArgumentException when {@code alpha} or {@code k} is out of range
     */
    public double[] dirichlet(double alpha, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("a Dirichlet draw needs at least one share, not " + k);
        }
        double[] shares = new double[k];
        double sum = 0.0;
        for (int i = 0; i < k; i++) {
            shares[i] = gamma(alpha);
            sum += shares[i];
        }
        if (sum == 0.0) {
            // Every draw underflowed (tiny alpha): all mass to one share, chosen uniformly.
            shares[random.nextInt(k)] = 1.0;
            return shares;
        }
        for (int i = 0; i < k; i++) {
            shares[i] /= sum;
        }
        return shares;
    }
}

package org.fedledger.core.privacy;

import java.util.Arrays;

/**
 * The privacy loss of repeated Gaussian mechanisms, in Rényi differential privacy at the integer orders
 * 2..64, and its conversion to (epsilon, delta): the deterministic accountant a ledger can run. Every
 * transcendental function is {@link StrictMath}'s, so two JVMs on any platform compute the same bits,
 * as endorsing peers must.
 *
 * <p>One release is a Gaussian mechanism with noise multiplier {@code sigma} (noise standard deviation
 * over the clipping norm), applied to a Poisson sample of rate {@code q} of the records ({@code q = 1}:
 * every record). Its RDP at integer order {@code a} is {@code log(A_a) / (a - 1)} with
 * {@code A_a = sum_k C(a, k) (1 - q)^(a - k) q^k exp((k^2 - k) / (2 sigma^2))} (for {@code q = 1},
 * exactly {@code a / (2 sigma^2)}); releases compose by adding RDP. The conversion takes, over the
 * orders, the least {@code rdp + log(1 - 1/a) - log(delta * a) / (a - 1)}, floored at 0.
 *
 * <p>The same steps give the same bits; another grouping of the same releases may differ in the last
 * bit of a double sum, so a ledger keeps how many releases of each kind a dataset has had and
 * computes the loss from those counts ({@link #plus(RdpAccountant, long)}), never from sums it stored.
 *
 * <pre>{@code
 * RdpAccountant spent = RdpAccountant.none().plus(RdpAccountant.gaussian(1.1, 1.0), 30);
 * double epsilon = spent.epsilon(1e-5);
 * }</pre>
 */
public final class RdpAccountant {
    /** The lowest order. */
    public static final int MIN_ORDER = 2;
    /** The highest order. */
    public static final int MAX_ORDER = 64;

    private final double[] rdp;

    private RdpAccountant(double[] rdp) {
        this.rdp = rdp;
    }

    /** @return no privacy loss spent */
    public static RdpAccountant none() {
        return new RdpAccountant(new double[MAX_ORDER - MIN_ORDER + 1]);
    }

    /**
     * @param noiseMultiplier the Gaussian noise's standard deviation over the clipping norm, positive
     * @param samplingRate the probability that a record takes part, in (0, 1]
     * @return the loss of one release
     * @throws IllegalArgumentException for a multiplier or rate out of range
     */
    public static RdpAccountant gaussian(double noiseMultiplier, double samplingRate) {
        if (!(noiseMultiplier > 0) || Double.isInfinite(noiseMultiplier)) {
            throw new IllegalArgumentException("the noise multiplier must be positive and finite, was " + noiseMultiplier);
        }
        if (!(samplingRate > 0 && samplingRate <= 1)) {
            throw new IllegalArgumentException("the sampling rate must be in (0, 1], was " + samplingRate);
        }
        double[] rdp = new double[MAX_ORDER - MIN_ORDER + 1];
        double twoSigmaSquared = 2 * noiseMultiplier * noiseMultiplier;
        for (int a = MIN_ORDER; a <= MAX_ORDER; a++) {
            rdp[a - MIN_ORDER] = samplingRate == 1 ? a / twoSigmaSquared
                    : logSampledMoment(a, samplingRate, twoSigmaSquared) / (a - 1);
        }
        return new RdpAccountant(rdp);
    }

    /**
     * @param release one release's loss
     * @param times how many times it is released, at least 0
     * @return this loss and {@code times} releases more
     */
    public RdpAccountant plus(RdpAccountant release, long times) {
        if (times < 0) {
            throw new IllegalArgumentException("times must be at least 0, was " + times);
        }
        double[] sum = rdp.clone();
        for (int i = 0; i < sum.length; i++) {
            sum[i] += release.rdp[i] * times;
        }
        return new RdpAccountant(sum);
    }

    /**
     * @param order an order in [{@link #MIN_ORDER}, {@link #MAX_ORDER}]
     * @return the RDP at that order
     */
    public double rdp(int order) {
        if (order < MIN_ORDER || order > MAX_ORDER) {
            throw new IllegalArgumentException("orders are " + MIN_ORDER + ".." + MAX_ORDER + ", not " + order);
        }
        return rdp[order - MIN_ORDER];
    }

    /**
     * @param delta the target delta, in (0, 1)
     * @return the least epsilon this loss guarantees at {@code delta}
     */
    public double epsilon(double delta) {
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1), was " + delta);
        }
        double best = Double.POSITIVE_INFINITY;
        for (int a = MIN_ORDER; a <= MAX_ORDER; a++) {
            double r = rdp[a - MIN_ORDER];
            double epsilon = delta * delta + StrictMath.expm1(-r) > 0 ? 0 // already within delta by the KL bound
                    : r + StrictMath.log1p(-1.0 / a) - StrictMath.log(delta * a) / (a - 1);
            best = Math.min(best, epsilon);
        }
        return Math.max(0, best);
    }

    /** {@code log(A_a)} of a Poisson-sampled Gaussian at integer order {@code a}, summed in log space. */
    private static double logSampledMoment(int a, double q, double twoSigmaSquared) {
        double logQ = StrictMath.log(q);
        double logOneMinusQ = StrictMath.log1p(-q);
        double[] terms = new double[a + 1];
        double logBinomial = 0; // log C(a, 0)
        for (int k = 0; k <= a; k++) {
            if (k > 0) {
                logBinomial += StrictMath.log((double) (a - k + 1) / k);
            }
            terms[k] = logBinomial + (a - k) * logOneMinusQ + k * logQ + (double) (k * k - k) / twoSigmaSquared;
        }
        double max = Arrays.stream(terms).max().orElseThrow();
        double sum = 0;
        for (double t : terms) {
            sum += StrictMath.exp(t - max);
        }
        return max + StrictMath.log(sum);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RdpAccountant other && Arrays.equals(rdp, other.rdp);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(rdp);
    }

    @Override
    public String toString() {
        return "RdpAccountant" + Arrays.toString(rdp);
    }
}

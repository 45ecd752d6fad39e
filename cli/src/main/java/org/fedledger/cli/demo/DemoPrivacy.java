package org.fedledger.cli.demo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import org.fedledger.core.privacy.RdpAccountant;
import org.fedledger.protocol.record.DpMechanism;
import org.fedledger.trainer.model.DpSgd;

/**
 * The demo's differential privacy: every hospital's data is a dataset with budget {@code (epsilon,
 * delta)} on the ledger, and each site trains with local DP-SGD whose noise multiplier is the smallest
 * (on a 0.01 grid) that lets a task's rounds spend at most {@code epsilon}, by the same accountant the
 * chaincode runs. Each round is {@value #STEPS_PER_ROUND} steps on a Poisson sample of rate
 * {@value #SAMPLING_RATE} with per-example gradients clipped to {@value #CLIP_NORM}.
 *
 * <pre>{@code
 * DemoPrivacy dp = new DemoPrivacy("8", "0.00001");
 * DpMechanism mechanism = dp.mechanism(30); // declared by the task, counted by the ledger
 * }</pre>
 *
 * @param epsilon each dataset's epsilon budget, a plain decimal
 * @param delta each dataset's delta, a plain decimal
 */
public record DemoPrivacy(String epsilon, String delta) {
    /** Each example's probability of taking part in a step. */
    public static final String SAMPLING_RATE = "0.1";
    /** Noisy steps per round. */
    public static final int STEPS_PER_ROUND = 10;
    /** Per-example gradient clip norm. */
    public static final String CLIP_NORM = "1.0";

    /**
     * Checks both numbers are plain positive decimals, delta below 1.
     *
     * @param epsilon each dataset's epsilon budget
     * @param delta each dataset's delta
     * @throws IllegalArgumentException otherwise
     */
    public DemoPrivacy {
        Objects.requireNonNull(epsilon, "epsilon");
        Objects.requireNonNull(delta, "delta");
        BigDecimal e = new BigDecimal(epsilon);
        BigDecimal d = new BigDecimal(delta);
        if (e.signum() <= 0 || d.signum() <= 0 || d.compareTo(BigDecimal.ONE) >= 0) {
            throw new IllegalArgumentException("--dp-epsilon must be positive and --dp-delta in (0, 1); were "
                    + epsilon + " and " + delta);
        }
    }

    /** @return delta as the ledger's exact decimal (no exponent) */
    public String plainDelta() {
        return new BigDecimal(delta).toPlainString();
    }

    /** @return epsilon as the ledger's exact decimal (no exponent) */
    public String plainEpsilon() {
        return new BigDecimal(epsilon).toPlainString();
    }

    /**
     * @param rounds the task's rounds
     * @return the mechanism whose {@code rounds} updates spend at most {@code epsilon} at {@code delta}
     */
    public DpMechanism mechanism(int rounds) {
        double target = Double.parseDouble(epsilon);
        double d = Double.parseDouble(delta);
        long releases = (long) rounds * STEPS_PER_ROUND;
        double q = Double.parseDouble(SAMPLING_RATE);
        double low = 0.3;
        double high = 200;
        for (int i = 0; i < 60; i++) {
            double mid = (low + high) / 2;
            if (spent(mid, q, releases, d) > target) {
                low = mid;
            } else {
                high = mid;
            }
        }
        BigDecimal sigma = new BigDecimal(high).setScale(2, RoundingMode.CEILING);
        while (spent(sigma.doubleValue(), q, releases, d) > target) {
            sigma = sigma.add(new BigDecimal("0.01"));
        }
        return new DpMechanism(sigma.toPlainString(), SAMPLING_RATE, STEPS_PER_ROUND, CLIP_NORM);
    }

    /**
     * @param mechanism a mechanism from {@link #mechanism(int)}
     * @return the local DP-SGD that trains exactly what it declares
     */
    public static DpSgd dpSgd(DpMechanism mechanism) {
        return new DpSgd(Double.parseDouble(mechanism.noiseMultiplier()), Double.parseDouble(mechanism.samplingRate()),
                Double.parseDouble(mechanism.clipNorm()), (int) mechanism.stepsPerRound());
    }

    private static double spent(double sigma, double q, long releases, double delta) {
        return RdpAccountant.none().plus(RdpAccountant.gaussian(sigma, q), releases).epsilon(delta);
    }
}

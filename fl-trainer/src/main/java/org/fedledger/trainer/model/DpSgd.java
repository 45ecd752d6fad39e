package org.fedledger.trainer.model;

/**
 * Differentially private SGD as a built-in model runs it when its {@link TrainingConfig} names this
 * mechanism: each of {@code steps} steps per {@link LocalModel#train} call takes a Poisson sample of the
 * data (each example independently with probability {@code samplingRate}), clips each sampled
 * example's gradient to L2 norm {@code clipNorm}, adds Gaussian noise of standard deviation
 * {@code noiseMultiplier * clipNorm} to every coordinate of their sum, and divides by the expected
 * sample size {@code samplingRate * n}. Sampling and noise come from a seeded stream of their own, so
 * the same configuration, calls and data give the same weights bit for bit. A task's
 * {@code DpMechanism} on the ledger counts exactly these steps against the trainer's dataset.
 *
 * <pre>{@code
 * TrainingConfig config = TrainingConfig.builder().seed(7)
 *         .differentialPrivacy(new DpSgd(1.1, 0.05, 1.0, 20)).build();
 * }</pre>
 *
 * @param noiseMultiplier the noise's standard deviation over the clip norm, positive
 * @param samplingRate each example's probability of taking part in a step, in (0, 1]
 * @param clipNorm the per-example gradient's largest L2 norm, positive
 * @param steps noisy steps per {@code train} call, at least 1
 */
public record DpSgd(double noiseMultiplier, double samplingRate, double clipNorm, int steps) {
    /**
     * Checks every parameter.
     *
     * @param noiseMultiplier the noise's standard deviation over the clip norm, positive
     * @param samplingRate each example's probability of taking part in a step, in (0, 1]
     * @param clipNorm the per-example gradient's largest L2 norm, positive
     * @param steps noisy steps per {@code train} call, at least 1
     * @throws IllegalArgumentException for a value out of range
     */
    public DpSgd {
        if (!(noiseMultiplier > 0) || Double.isInfinite(noiseMultiplier)) {
            throw new IllegalArgumentException("noise multiplier " + noiseMultiplier + " must be positive and finite");
        }
        if (!(samplingRate > 0 && samplingRate <= 1)) {
            throw new IllegalArgumentException("sampling rate " + samplingRate + " must be in (0, 1]");
        }
        if (!(clipNorm > 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("clip norm " + clipNorm + " must be positive and finite");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps " + steps + " must be at least 1");
        }
    }

    /**
     * Adds {@code gradient}, scaled down to L2 norm {@code clipNorm} when it is longer, to {@code sum}.
     *
     * @return the factor applied, in (0, 1]
     */
    static double addClipped(double[] gradient, double clipNorm, double[] sum) {
        double squares = 0.0;
        for (double g : gradient) {
            squares += g * g;
        }
        double norm = Math.sqrt(squares);
        double factor = norm > clipNorm ? clipNorm / norm : 1.0;
        for (int i = 0; i < gradient.length; i++) {
            sum[i] += factor * gradient[i];
        }
        return factor;
    }
}

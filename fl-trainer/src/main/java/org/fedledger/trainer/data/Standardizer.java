package org.fedledger.trainer.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * Per-feature standardisation {@code (x - mean) / sd}, fitted on one dataset (the training set) and
 * applied unchanged to others, so no statistic of the test set leaks into training. {@code sd} is the
 * population standard deviation; a constant feature gets {@code sd = 1}.
 *
 * <pre>{@code
 * Standardizer s = Standardizer.fit(train);
 * Dataset trainZ = s.apply(train);
 * Dataset testZ = s.apply(test);
 * }</pre>
 */
public final class Standardizer {
    private final double[] means;
    private final double[] scales;

    private Standardizer(double[] means, double[] scales) {
        this.means = means;
        this.scales = scales;
    }

    /**
     * @param data the samples to take means and deviations from, in order
     * @return the fitted standardiser
     * @throws NullPointerException when {@code data} is null
     */
    public static Standardizer fit(Dataset data) {
        Objects.requireNonNull(data, "data");
        int f = data.featureCount();
        int n = data.size();
        double[] x = data.featuresView();
        double[] means = new double[f];
        double[] scales = new double[f];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                means[j] += x[i * f + j];
            }
        }
        for (int j = 0; j < f; j++) {
            means[j] /= n;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                double d = x[i * f + j] - means[j];
                scales[j] += d * d;
            }
        }
        for (int j = 0; j < f; j++) {
            double sd = StrictMath.sqrt(scales[j] / n);
            scales[j] = sd > 0.0 ? sd : 1.0;
        }
        return new Standardizer(means, scales);
    }

    /**
     * @param data samples with the fitted feature count
     * @return a new dataset with standardised features, same labels and order
     * @throws IllegalArgumentException when the feature count differs from the fitted one
     */
    public Dataset apply(Dataset data) {
        Objects.requireNonNull(data, "data");
        int f = means.length;
        if (data.featureCount() != f) {
            throw new IllegalArgumentException("dataset '" + data.name() + "' has " + data.featureCount()
                    + " features; the standardiser was fitted on " + f);
        }
        double[] x = data.featuresView();
        double[] out = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            int j = k % f;
            out[k] = (x[k] - means[j]) / scales[j];
        }
        return data.withFeatures(out);
    }

    /** @return a copy of the fitted means, per feature */
    public double[] means() {
        return means.clone();
    }

    /** @return a copy of the fitted standard deviations (1 for constant features), per feature */
    public double[] scales() {
        return scales.clone();
    }

    @Override
    public String toString() {
        return "Standardizer{means=" + Arrays.toString(means) + ", scales=" + Arrays.toString(scales) + "}";
    }
}

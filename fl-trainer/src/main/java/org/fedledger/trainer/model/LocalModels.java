package org.fedledger.trainer.model;

/**
 * Entry point of the model package: the built-in {@link LocalModel}s and their tensor names. Every
 * site building the same model with the same sizes gets the same {@link LocalModel#schema()}, so
 * their weights line up for aggregation.
 *
 * <pre>{@code
 * TrainingConfig config = TrainingConfig.builder().optimizer(OptimizerSpec.adam(0.005)).seed(1).build();
 * LocalModel lr = LocalModels.logisticRegression(30, 2, config);  // dense/kernel [30, 1], dense/bias [1]
 * LocalModel mlp = LocalModels.mlp(64, 32, 10, config);           // dense1/..., dense2/...
 * }</pre>
 */
public final class LocalModels {
    /** Logistic regression kernel, shape {@code [features, outputs]}, row-major. */
    public static final String DENSE_KERNEL = "dense/kernel";
    /** Logistic regression bias, shape {@code [outputs]}. */
    public static final String DENSE_BIAS = "dense/bias";
    /** MLP hidden-layer kernel, shape {@code [features, hidden]}, row-major. */
    public static final String DENSE1_KERNEL = "dense1/kernel";
    /** MLP hidden-layer bias, shape {@code [hidden]}. */
    public static final String DENSE1_BIAS = "dense1/bias";
    /** MLP output kernel, shape {@code [hidden, classes]}, row-major. */
    public static final String DENSE2_KERNEL = "dense2/kernel";
    /** MLP output bias, shape {@code [classes]}. */
    public static final String DENSE2_BIAS = "dense2/bias";

    private LocalModels() {
    }

    /**
     * Logistic regression: with 2 classes a single sigmoid output ({@code outputs = 1}), with more a
     * softmax over {@code outputs = classes}. Tensors {@link #DENSE_KERNEL} {@code [features, outputs]}
     * and {@link #DENSE_BIAS} {@code [outputs]}, starting at zero.
     *
     * @param features inputs per sample, at least 1
     * @param classes number of classes, at least 2
     * @param config optimiser, batch size, weight decay and seed
     * @return a new model
     * @throws IllegalArgumentException when a size is out of range
     * @throws NullPointerException when {@code config} is null
     */
    public static LocalModel logisticRegression(int features, int classes, TrainingConfig config) {
        requireSizes(features, 1, classes);
        return new LogisticRegression(features, classes, config);
    }

    /**
     * A one-hidden-layer perceptron with ReLU and a softmax output. Tensors {@link #DENSE1_KERNEL}
     * {@code [features, hidden]}, {@link #DENSE1_BIAS} {@code [hidden]}, {@link #DENSE2_KERNEL}
     * {@code [hidden, classes]} and {@link #DENSE2_BIAS} {@code [classes]}; kernels start from the seed.
     *
     * @param features inputs per sample, at least 1
     * @param hidden hidden units, at least 1
     * @param classes number of classes, at least 2
     * @param config optimiser, batch size, weight decay and seed
     * @return a new model
     * @throws IllegalArgumentException when a size is out of range
     * @throws NullPointerException when {@code config} is null
     */
    public static LocalModel mlp(int features, int hidden, int classes, TrainingConfig config) {
        requireSizes(features, hidden, classes);
        return new Mlp(features, hidden, classes, config);
    }

    private static void requireSizes(int features, int hidden, int classes) {
        if (features < 1) {
            throw new IllegalArgumentException("features " + features + " must be at least 1");
        }
        if (hidden < 1) {
            throw new IllegalArgumentException("hidden units " + hidden + " must be at least 1");
        }
        if (classes < 2) {
            throw new IllegalArgumentException("classes " + classes + " must be at least 2");
        }
    }
}

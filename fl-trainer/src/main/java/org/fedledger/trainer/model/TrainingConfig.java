package org.fedledger.trainer.model;

import java.util.Objects;
import java.util.Optional;

/**
 * How a built-in model trains: optimiser, mini-batch size, L2 weight decay and the seed of its
 * initial weights and of its sample shuffling.
 *
 * <pre>{@code
 * TrainingConfig config = TrainingConfig.builder()
 *         .optimizer(OptimizerSpec.adam(0.01))
 *         .batchSize(32)
 *         .weightDecay(1e-4)
 *         .seed(42)
 *         .build();
 * }</pre>
 */
public final class TrainingConfig {
    private final OptimizerSpec optimizer;
    private final int batchSize;
    private final double weightDecay;
    private final long seed;
    private final DpSgd privacy;

    private TrainingConfig(Builder b) {
        this.optimizer = b.optimizer;
        this.batchSize = b.batchSize;
        this.weightDecay = b.weightDecay;
        this.seed = b.seed;
        this.privacy = b.privacy;
    }

    /** @return a builder with SGD at learning rate 0.1, batch size 32, no weight decay and seed 0 */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the optimiser */
    public OptimizerSpec optimizer() {
        return optimizer;
    }

    /** @return samples per mini-batch; the last batch of an epoch may be smaller */
    public int batchSize() {
        return batchSize;
    }

    /** @return the L2 coefficient {@code lambda}: the loss gains {@code lambda / 2 * |kernel|^2}; 0 for none */
    public double weightDecay() {
        return weightDecay;
    }

    /** @return the seed of initial weights and shuffling */
    public long seed() {
        return seed;
    }

    /** @return the differentially private SGD it trains with instead of mini-batches, if any */
    public Optional<DpSgd> privacy() {
        return Optional.ofNullable(privacy);
    }

    @Override
    public String toString() {
        return "TrainingConfig{optimizer=" + optimizer + ", batchSize=" + batchSize + ", weightDecay=" + weightDecay
                + ", seed=" + seed + (privacy == null ? "" : ", privacy=" + privacy) + "}";
    }

    /**
     * Builds a {@link TrainingConfig}; each setter checks its argument.
     *
     * <pre>{@code
     * TrainingConfig config = TrainingConfig.builder().optimizer(OptimizerSpec.sgd(0.05, 0.9)).build();
     * }</pre>
     */
    public static final class Builder {
        private OptimizerSpec optimizer = OptimizerSpec.sgd(0.1);
        private int batchSize = 32;
        private double weightDecay;
        private long seed;
        private DpSgd privacy;

        private Builder() {
        }

        /**
         * @param optimizer the optimiser and its hyper-parameters
         * @return this builder
         * @throws NullPointerException when {@code optimizer} is null
         */
        public Builder optimizer(OptimizerSpec optimizer) {
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
            return this;
        }

        /**
         * @param batchSize samples per mini-batch, at least 1
         * @return this builder
         * @throws IllegalArgumentException when {@code batchSize} is below 1
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size " + batchSize + " must be at least 1");
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * @param weightDecay L2 coefficient on kernels, finite and not negative
         * @return this builder
         * @throws IllegalArgumentException when {@code weightDecay} is negative or not finite
         */
        public Builder weightDecay(double weightDecay) {
            if (!(weightDecay >= 0.0) || Double.isInfinite(weightDecay)) {
                throw new IllegalArgumentException("weight decay " + weightDecay + " must be finite and not negative");
            }
            this.weightDecay = weightDecay;
            return this;
        }

        /**
         * @param seed seed of the initial weights and of shuffling
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Trains with differentially private SGD instead of mini-batches ({@code batchSize} then unused).
         *
         * @param privacy the mechanism: noise multiplier, sampling rate, clip norm and steps per call
         * @return this builder
         * @throws NullPointerException when {@code privacy} is null
         */
        public Builder differentialPrivacy(DpSgd privacy) {
            this.privacy = Objects.requireNonNull(privacy, "privacy");
            return this;
        }

        /** @return the configuration */
        public TrainingConfig build() {
            return new TrainingConfig(this);
        }
    }
}

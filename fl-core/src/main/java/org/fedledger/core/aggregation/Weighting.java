package org.fedledger.core.aggregation;

/**
 * How a rule weights the inputs it includes, from their declared sample counts. Each rule states
 * its weighting ({@link RuleName#weighting()}); {@link Weights} turns it into exact fractions.
 *
 * <pre>{@code
 * RuleName.MULTI_KRUM.weighting(); // EQUAL: the m selected updates count 1/m each
 * }</pre>
 */
public enum Weighting {
    /** {@code samples_i / sum(samples)} over the included inputs (FedAvg). */
    SAMPLE_PROPORTIONAL {
        @Override
        public long integerWeight(long samples) {
            return samples;
        }
    },
    /** {@code 1 / k} for each of the {@code k} included inputs, whatever their sample counts. */
    EQUAL {
        @Override
        public long integerWeight(long samples) {
            return 1;
        }
    };

    /**
     * The integer an exact sum multiplies an input's codes by ({@link ExactSum}): the numerator of the
     * input's weight, the denominator being the sum of them.
     *
     * <pre>{@code
     * Weighting.SAMPLE_PROPORTIONAL.integerWeight(120); // 120
     * Weighting.EQUAL.integerWeight(120);               // 1
     * }</pre>
     *
     * @param samples the input's declared sample count, at least 1
     * @return its integer weight, at least 1
     */
    public abstract long integerWeight(long samples);
}

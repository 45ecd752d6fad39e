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
    SAMPLE_PROPORTIONAL,
    /** {@code 1 / k} for each of the {@code k} included inputs, whatever their sample counts. */
    EQUAL
}

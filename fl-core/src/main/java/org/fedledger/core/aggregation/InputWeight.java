package org.fedledger.core.aggregation;

import java.util.Objects;

/**
 * The exact rational weight {@code numerator / denominator} an included input has in an aggregation.
 * Fractions are kept as the rule defines them, not reduced: FedAvg gives {@code samples / totalSamples},
 * every other rule {@code 1 / k} for {@code k} included inputs.
 *
 * <pre>{@code
 * InputWeight w = new InputWeight("update-a", 30, 100); // 0.3 of the output
 * }</pre>
 *
 * @param id the input's id
 * @param numerator at least 1
 * @param denominator at least {@code numerator}
 */
public record InputWeight(String id, long numerator, long denominator) {
    /**
     * Checks every component.
     *
     * @param id the input's id
     * @param numerator at least 1
     * @param denominator at least {@code numerator}
     * @throws NullPointerException when {@code id} is null
     * @throws IllegalArgumentException unless {@code 1 <= numerator <= denominator}
     */
    public InputWeight {
        Objects.requireNonNull(id, "id");
        if (numerator < 1 || denominator < numerator) {
            throw new IllegalArgumentException("weight " + numerator + "/" + denominator + " of input '" + id
                    + "' must satisfy 1 <= numerator <= denominator");
        }
    }

    /** @return the weight as the nearest double, for display only; compare weights by their fields */
    public double value() {
        return (double) numerator / (double) denominator;
    }
}

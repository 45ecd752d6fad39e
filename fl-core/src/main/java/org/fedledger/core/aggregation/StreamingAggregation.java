package org.fedledger.core.aggregation;

/**
 * An aggregation fed one input at a time, for rules whose output is a running sum over the inputs in
 * id order (FedAvg and the mean, clipped or not) or an exact integer sum in any order (exact FedAvg): it holds one accumulator of the model's size instead
 * of every input, so a verifier or an auditor decodes, adds and drops each update in turn. The result
 * is bit for bit what {@link AggregationRule#aggregate} gives for the same inputs: every coordinate
 * sees the same additions in the same order. Rules that need every input at once (median, trimmed
 * mean, Krum) offer none.
 *
 * <pre>{@code
 * Optional<StreamingAggregation> stream = rule.streaming(samplesById, base);
 * if (stream.isPresent()) {
 *     for (String id : samplesById.keySet()) {
 *         stream.get().add(new AggregationInput(id, hashOf(id), decode(id), samplesById.get(id)));
 *     }
 *     AggregationResult result = stream.get().finish();
 * }
 * }</pre>
 */
public interface StreamingAggregation {
    /**
     * Adds the next input.
     *
     * @param input the next input: ids come in ascending order (an exact rule, {@link
     *     RuleName#sumsExactly()}, takes them in any order) and are exactly those declared, each with
     *     its declared sample count
     * @throws IllegalArgumentException when the input is not the next one declared (for an exact rule:
     *     not declared, or already added), or its sample count
     *     differs from the declared one
     * @throws org.fedledger.core.model.ModelFormatException with code
     *     {@link org.fedledger.core.model.FormatError#SCHEMA_MISMATCH} when its model does not have the
     *     base model's schema
     * @throws IllegalStateException after {@link #finish()}
     */
    void add(AggregationInput input);

    /**
     * Ends the aggregation.
     *
     * @return the output with the exact weights of the inputs (no exclusions)
     * @throws IllegalStateException when a declared input was not added, or when called twice
     */
    AggregationResult finish();
}

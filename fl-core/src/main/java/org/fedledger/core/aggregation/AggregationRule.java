package org.fedledger.core.aggregation;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import org.fedledger.core.model.Model;

/**
 * A deterministic aggregation rule: combines the updates of one round into the next global model.
 * Obtain one with {@link AggregationRules#of(RuleSpec)}.
 *
 * <pre>{@code
 * AggregationRule rule = AggregationRules.of(RuleSpec.of(RuleName.MEDIAN));
 * Model next = rule.aggregate(inputs, base).map(AggregationResult::model).orElse(base);
 * }</pre>
 *
 * <p>Implementations are pure: the output depends only on the set of inputs (never on their order in
 * the list), the base model and the spec, bit for bit, on every machine.
 */
public interface AggregationRule {
    /** @return the rule and parameters this instance implements */
    RuleSpec spec();

    /**
     * @param inputs the round's accepted updates in any order; ids must be unique
     * @param base the round's starting global model; every input must have its schema. Rules that
     *     clip updates measure each update's difference from it.
     * @return the output model with the exact weights of the included inputs and the excluded inputs
     *     with their reasons, or empty when {@code inputs} is empty
     * @throws org.fedledger.core.model.ModelFormatException with code
     *     {@link org.fedledger.core.model.FormatError#SCHEMA_MISMATCH} when an input's tensor names or
     *     shapes differ from {@code base}'s
     * @throws IllegalArgumentException when two inputs share an id, or when the rule cannot run on this
     *     many inputs (see {@link AggregationRules#minimumInputs(RuleSpec)})
     * @throws NullPointerException when an argument or an element of {@code inputs} is null
     */
    Optional<AggregationResult> aggregate(List<AggregationInput> inputs, Model base);

    /**
     * The same aggregation fed one input at a time, when the rule is a running sum over its inputs
     * in id order (FedAvg, the mean, and either clipped) or an exact sum (exact FedAvg, inputs in any order): the caller then holds one decoded input at a
     * time instead of all of them, and gets the same result bit for bit. A rule that needs every input
     * at once (median, trimmed mean, Krum, Multi-Krum) returns empty, and the caller uses
     * {@link #aggregate}.
     *
     * <pre>{@code
     * Optional<StreamingAggregation> stream = AggregationRules.of(spec).streaming(samplesById, base);
     * }</pre>
     *
     * @param samplesById every input to come: id to declared sample count
     * @param base the round's starting global model
     * @return the streaming aggregation, or empty when the rule offers none or there is no input
     * @throws IllegalArgumentException as {@link Weights#expected(RuleSpec, SortedMap)}
     */
    default Optional<StreamingAggregation> streaming(SortedMap<String, Long> samplesById, Model base) {
        return Optional.empty();
    }
}

package org.fedledger.core.aggregation;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.fedledger.core.model.Model;

/**
 * The shared skeleton of every rule: put the inputs in canonical (id) order, check them against the
 * base model's schema, answer "nothing to aggregate" with an empty Optional, and hand the rest to
 * {@link #aggregateCanonical}. Subclasses only pick and combine inputs.
 */
abstract class CanonicalRule implements AggregationRule {
    private final RuleSpec spec;

    CanonicalRule(RuleSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    @Override
    public final RuleSpec spec() {
        return spec;
    }

    @Override
    public final Optional<AggregationResult> aggregate(List<AggregationInput> inputs, Model base) {
        List<AggregationInput> sorted = Inputs.canonical(inputs, base);
        return sorted.isEmpty() ? Optional.empty() : Optional.of(aggregateCanonical(sorted, base));
    }

    /**
     * @param sorted at least one input, in id order, each matching {@code base}'s schema
     * @param base the round's starting model
     * @return the aggregate
     */
    abstract AggregationResult aggregateCanonical(List<AggregationInput> sorted, Model base);

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{spec=" + spec + "}";
    }
}

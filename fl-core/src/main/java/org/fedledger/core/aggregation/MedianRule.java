package org.fedledger.core.aggregation;

import java.util.List;
import java.util.Optional;
import org.fedledger.core.model.Model;

/**
 * Coordinate-wise median; for an even number of inputs the mean of the two middle values, computed
 * in double and rounded to float.
 */
final class MedianRule implements AggregationRule {
    private final RuleSpec spec;

    MedianRule(RuleSpec spec) {
        this.spec = spec;
    }

    @Override
    public RuleSpec spec() {
        return spec;
    }

    @Override
    public Optional<AggregationResult> aggregate(List<AggregationInput> inputs, Model base) {
        List<AggregationInput> sorted = Inputs.canonical(inputs, base);
        if (sorted.isEmpty()) {
            return Optional.empty();
        }
        Model output = AggregationMath.coordinateWise(Inputs.tensors(sorted), base, AggregationMath::median);
        return Optional.of(AggregationResult.of(output, Weights.expected(spec, sorted), List.of()));
    }

    @Override
    public String toString() {
        return "MedianRule{spec=" + spec + "}";
    }
}

package org.fedledger.core.aggregation;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.fedledger.core.model.Model;

/** Unweighted mean: per coordinate {@code sum(x_i) / k}, summed in double over the inputs in id order. */
final class MeanRule implements AggregationRule {
    private final RuleSpec spec;

    MeanRule(RuleSpec spec) {
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
        return Optional.of(AggregationResult.of(mean(sorted, base), Weights.expected(spec, sorted), List.of()));
    }

    /** The unweighted mean of {@code sorted} (already canonical and checked). */
    static Model mean(List<AggregationInput> sorted, Model base) {
        double[] ones = new double[sorted.size()];
        Arrays.fill(ones, 1.0);
        return AggregationMath.linearCombination(Inputs.tensors(sorted), ones, sorted.size(), base);
    }

    @Override
    public String toString() {
        return "MeanRule{spec=" + spec + "}";
    }
}

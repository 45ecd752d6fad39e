package org.fedledger.core.aggregation;

import java.util.List;
import java.util.Optional;
import org.fedledger.core.model.Model;

/**
 * FedAvg: per coordinate {@code sum(samples_i * x_i) / sum(samples_i)}, products and sums in double
 * over the inputs in id order.
 */
final class FedAvgRule implements AggregationRule {
    private final RuleSpec spec;

    FedAvgRule(RuleSpec spec) {
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
        List<InputWeight> weights = Weights.expected(spec, sorted);
        double[] coefficients = new double[sorted.size()];
        for (int i = 0; i < coefficients.length; i++) {
            coefficients[i] = (double) sorted.get(i).sampleCount();
        }
        double total = (double) weights.get(0).denominator();
        Model output = AggregationMath.linearCombination(Inputs.tensors(sorted), coefficients, total, base);
        return Optional.of(AggregationResult.of(output, weights, List.of()));
    }

    @Override
    public String toString() {
        return "FedAvgRule{spec=" + spec + "}";
    }
}

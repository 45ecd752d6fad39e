package org.fedledger.core.aggregation;

import java.util.List;
import org.fedledger.core.model.Model;

/**
 * FedAvg: per coordinate {@code sum(samples_i * x_i) / sum(samples_i)}, products and sums in double
 * over the inputs in id order.
 */
final class FedAvgRule extends CanonicalRule {
    FedAvgRule(RuleSpec spec) {
        super(spec);
    }

    @Override
    AggregationResult aggregateCanonical(List<AggregationInput> sorted, Model base) {
        List<InputWeight> weights = Weights.expected(spec(), sorted);
        double[] coefficients = new double[sorted.size()];
        for (int i = 0; i < coefficients.length; i++) {
            coefficients[i] = (double) sorted.get(i).sampleCount();
        }
        double total = (double) weights.get(0).denominator();
        Model output = AggregationMath.linearCombination(Inputs.tensors(sorted), coefficients, total, base);
        return AggregationResult.of(output, weights, List.of());
    }
}

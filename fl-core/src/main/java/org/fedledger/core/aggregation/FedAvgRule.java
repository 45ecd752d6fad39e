package org.fedledger.core.aggregation;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
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

    /** The same sums, one input at a time: coefficient {@code (double) samples_i}, divisor the total. */
    @Override
    public Optional<StreamingAggregation> streaming(SortedMap<String, Long> samplesById, Model base) {
        SortedMap<String, Long> declared = LinearStream.declared(samplesById);
        if (declared.isEmpty()) {
            return Optional.empty();
        }
        double total = (double) Weights.expected(spec(), declared).get(0).denominator();
        return Optional.of(new LinearStream(spec(), declared, base, samples -> (double) samples.longValue(), total));
    }
}

package org.fedledger.core.aggregation;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import org.fedledger.core.model.Model;

/** Unweighted mean: per coordinate {@code sum(x_i) / k}, summed in double over the inputs in id order. */
final class MeanRule extends CanonicalRule {
    MeanRule(RuleSpec spec) {
        super(spec);
    }

    @Override
    AggregationResult aggregateCanonical(List<AggregationInput> sorted, Model base) {
        return AggregationResult.of(mean(sorted, base), Weights.expected(spec(), sorted), List.of());
    }

    /** The unweighted mean of {@code sorted} (already canonical and checked). */
    static Model mean(List<AggregationInput> sorted, Model base) {
        double[] ones = new double[sorted.size()];
        Arrays.fill(ones, 1.0);
        return AggregationMath.linearCombination(Inputs.tensors(sorted), ones, sorted.size(), base);
    }

    /** The same sums, one input at a time: coefficient 1, divisor the input count. */
    @Override
    public Optional<StreamingAggregation> streaming(SortedMap<String, Long> samplesById, Model base) {
        SortedMap<String, Long> declared = LinearStream.declared(samplesById);
        if (declared.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new LinearStream(spec(), declared, base, samples -> 1.0, declared.size()));
    }
}

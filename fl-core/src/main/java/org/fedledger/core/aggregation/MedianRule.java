package org.fedledger.core.aggregation;

import java.util.List;
import org.fedledger.core.model.Model;

/**
 * Coordinate-wise median; for an even number of inputs the mean of the two middle values, computed
 * in double and rounded to float.
 */
final class MedianRule extends CanonicalRule {
    MedianRule(RuleSpec spec) {
        super(spec);
    }

    @Override
    AggregationResult aggregateCanonical(List<AggregationInput> sorted, Model base) {
        Model output = AggregationMath.coordinateWise(Inputs.tensors(sorted), base, AggregationMath::median);
        return AggregationResult.of(output, Weights.expected(spec(), sorted), List.of());
    }
}

package org.fedledger.core.aggregation;

import java.util.ArrayList;
import java.util.List;
import org.fedledger.core.model.Model;

/**
 * Coordinate-wise weighted median: per coordinate, the value at the first rank (ascending, equal values
 * ranked by ascending id) at or below which more than half of the inputs' total weight lies, each input
 * weighing its admitted weight (declared samples, scaled by reputation where the task says so); where
 * exactly half lies at or below a rank, the mean of that value and the next rank's, in double rounded to
 * float. With equal weights it is the median's output bit for bit. A task weighing admissions by reputation
 * thereby takes influence over the median away from contributors whose reputation fell, which the unweighted
 * median cannot. Its evidence ({@link EvidenceMeasure#MEDIAN_COORDINATES}) counts, per input, the coordinates
 * at which its value was taken.
 */
final class WeightedMedianRule extends CanonicalRule {
    WeightedMedianRule(RuleSpec spec) {
        super(spec);
    }

    @Override
    AggregationResult aggregateCanonical(List<AggregationInput> sorted, Model base) {
        int n = sorted.size();
        long[] weights = Inputs.weights(sorted);
        long total = 0;
        for (long w : weights) {
            total = Math.addExact(total, w);
        }
        long[] chosen = new long[n];
        Model output = AggregationMath.coordinateWise(Inputs.tensors(sorted), base,
                AggregationMath.weightedMedian(weights, total, chosen));
        List<InputEvidence> evidence = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            evidence.add(InputEvidence.median(sorted.get(i).id(), chosen[i]));
        }
        return AggregationResult.of(output, Weights.expected(spec(), sorted), List.of(), evidence);
    }
}

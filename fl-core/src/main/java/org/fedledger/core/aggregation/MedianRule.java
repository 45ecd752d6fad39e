package org.fedledger.core.aggregation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fedledger.core.model.Model;

/**
 * Coordinate-wise median; for an even number of inputs the mean of the two middle values, computed
 * in double and rounded to float. Its evidence ({@link EvidenceMeasure#MEDIAN_COORDINATES}) counts,
 * per input, the coordinates at which the input sat at a middle rank of the sorted column (equal
 * values ranked by ascending id): the one middle rank for an odd count, the two for an even count.
 */
final class MedianRule extends CanonicalRule {
    MedianRule(RuleSpec spec) {
        super(spec);
    }

    @Override
    AggregationResult aggregateCanonical(List<AggregationInput> sorted, Model base) {
        int n = sorted.size();
        int[] slotOfRank = new int[n];
        Arrays.fill(slotOfRank, -1);
        slotOfRank[n / 2] = 0;
        if ((n & 1) == 0) {
            slotOfRank[n / 2 - 1] = 0;
        }
        AggregationMath.RankTally tally = new AggregationMath.RankTally(slotOfRank, 1);
        Model output = AggregationMath.coordinateWise(Inputs.tensors(sorted), base, AggregationMath::median, tally);
        List<InputEvidence> evidence = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            evidence.add(InputEvidence.median(sorted.get(i).id(), tally.count(0, i)));
        }
        return AggregationResult.of(output, Weights.expected(spec(), sorted), List.of(), evidence);
    }
}

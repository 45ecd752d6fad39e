package org.fedledger.core.aggregation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fedledger.core.model.Model;

/**
 * Coordinate-wise trimmed mean: per coordinate, drop the {@code floor(beta * n)} lowest and highest
 * values and average the rest in double. {@code floor(beta * n)} is computed exactly from the decimal
 * string on the ledger, so 0.29 of 100 inputs trims 29, not 28. Its evidence
 * ({@link EvidenceMeasure#TRIMMED_LOW}, {@link EvidenceMeasure#TRIMMED_HIGH}) counts, per input, the
 * coordinates at which the input's value was trimmed at the low or the high end (equal values ranked
 * by ascending id).
 */
final class TrimmedMeanRule extends CanonicalRule {
    TrimmedMeanRule(RuleSpec spec) {
        super(spec);
    }

    @Override
    AggregationResult aggregateCanonical(List<AggregationInput> sorted, Model base) {
        int n = sorted.size();
        int trim = trimCount(spec(), n);
        if (n - 2 * trim < 1) {
            throw new IllegalArgumentException("trimmed_mean with beta=" + spec().params().get(RuleSpec.BETA)
                    + " would trim " + trim + " values at each end of " + n + " inputs, leaving none");
        }
        int[] slotOfRank = new int[n];
        Arrays.fill(slotOfRank, -1);
        for (int p = 0; p < trim; p++) {
            slotOfRank[p] = 0;
            slotOfRank[n - 1 - p] = 1;
        }
        AggregationMath.RankTally tally = new AggregationMath.RankTally(slotOfRank, 2);
        Model output = AggregationMath.coordinateWise(Inputs.tensors(sorted), base, AggregationMath.trimmedMean(trim),
                tally);
        List<InputEvidence> evidence = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            evidence.add(InputEvidence.trimmed(sorted.get(i).id(), tally.count(0, i), tally.count(1, i)));
        }
        return AggregationResult.of(output, Weights.expected(spec(), sorted), List.of(), evidence);
    }

    /** @return {@code floor(beta * n)}, exact */
    static int trimCount(RuleSpec spec, int n) {
        String beta = spec.params().get(RuleSpec.BETA);
        if (beta == null) {
            return 0;
        }
        return new BigDecimal(beta).multiply(BigDecimal.valueOf(n)).setScale(0, RoundingMode.FLOOR).intValueExact();
    }
}

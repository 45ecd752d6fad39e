package org.fedledger.core.aggregation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.fedledger.core.model.Model;

/**
 * Coordinate-wise trimmed mean of the admitted weight: each input weighs its admitted weight (declared samples,
 * scaled by reputation where the task says so), divided by the greatest common divisor of all the weights; per
 * coordinate the values are ranked ascending (equal values by ascending id), {@code floor(beta * W)} of the total
 * weight {@code W} is cut off at each end, an input straddling a cut keeping only its part inside, and the rest
 * is averaged by weight in double, in rank order. Every cut is an integer comparison, so which weight is kept is
 * exact. Dividing by the common divisor makes the rule blind to a common scale: with equal weights it is the
 * trimmed mean bit for bit, evidence included. A contributor weighed down by reputation thereby holds little of
 * the weight a cut falls in, and an outlier's value is cut first: the plain trimmed mean cuts a fixed number of
 * values whoever sent them. Its evidence ({@link EvidenceMeasure#TRIMMED_LOW}, {@link EvidenceMeasure#TRIMMED_HIGH})
 * counts, per input, the coordinates at which all of its weight was cut at the low or the high end.
 */
final class WeightedTrimmedMeanRule extends CanonicalRule {
    WeightedTrimmedMeanRule(RuleSpec spec) {
        super(spec);
    }

    @Override
    AggregationResult aggregateCanonical(List<AggregationInput> sorted, Model base) {
        int n = sorted.size();
        long[] weights = Inputs.weights(sorted);
        long divisor = 0;
        for (long w : weights) {
            divisor = ExactMath.gcd(w, divisor);
        }
        long total = 0;
        for (int i = 0; i < n; i++) {
            weights[i] /= divisor;
            total = Math.addExact(total, weights[i]);
        }
        long cut = cutWeight(spec(), total);
        long[] low = new long[n];
        long[] high = new long[n];
        Model output = AggregationMath.coordinateWise(Inputs.tensors(sorted), base,
                AggregationMath.weightedTrimmedMean(weights, total, cut, low, high));
        List<InputEvidence> evidence = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            evidence.add(InputEvidence.trimmed(sorted.get(i).id(), low[i], high[i]));
        }
        return AggregationResult.of(output, Weights.expected(spec(), sorted), List.of(), evidence);
    }

    /**
     * @return {@code floor(beta * total)}, exact; below {@code total / 2} since {@code beta < 0.5}, so weight is
     *     always left between the cuts
     */
    static long cutWeight(RuleSpec spec, long total) {
        return new BigDecimal(spec.params().get(RuleSpec.BETA)).multiply(BigDecimal.valueOf(total))
                .setScale(0, RoundingMode.FLOOR).longValueExact();
    }
}

package org.fedledger.core.aggregation;

import java.util.ArrayList;
import java.util.List;
import org.fedledger.core.model.Model;

/**
 * Krum and Multi-Krum (Blanchard et al. 2017). Each input's score is the sum of its squared L2
 * distances to its {@code n - f - 2} nearest other inputs. Krum outputs the single input with the
 * lowest score; Multi-Krum the mean of the {@code m} lowest-scored inputs with equal weights {@code 1/m}
 * (not weighted by sample counts; {@link RuleName} says why). Equal scores are
 * ranked by ascending id. Every input not selected is excluded with {@link ExclusionReason#KRUM_REJECTED}.
 */
final class KrumRule extends CanonicalRule {
    private final boolean average;

    /**
     * @param spec krum or multi_krum with its parameters
     * @param average false: output the one selected input (Krum); true: the equal-weight mean of the
     *     {@code m} selected inputs (Multi-Krum, see {@link RuleName})
     */
    KrumRule(RuleSpec spec, boolean average) {
        super(spec);
        this.average = average;
    }

    @Override
    AggregationResult aggregateCanonical(List<AggregationInput> sorted, Model base) {
        int n = sorted.size();
        int f = spec().f();
        boolean multi = average;
        int selectedCount = spec().rule().includedInputs(spec(), n);
        int minimum = AggregationRules.minimumInputs(spec());
        if (n < minimum) {
            throw new IllegalArgumentException(spec().rule().wireName() + " with f=" + f
                    + (multi ? " and m=" + selectedCount : "") + " needs at least " + minimum
                    + " inputs (n >= 2f + 3" + (multi ? " and m <= n - f" : "") + "), got " + n);
        }
        double[] scores = AggregationMath.krumScores(
                AggregationMath.pairwiseSquaredDistances(Inputs.tensors(sorted)), n - f - 2);
        boolean[] selected = selectLowest(scores, selectedCount);

        List<AggregationInput> included = new ArrayList<>(selectedCount);
        List<Exclusion> exclusions = new ArrayList<>(n - selectedCount);
        for (int i = 0; i < n; i++) {
            if (selected[i]) {
                included.add(sorted.get(i));
            } else {
                exclusions.add(new Exclusion(sorted.get(i).id(), ExclusionReason.KRUM_REJECTED));
            }
        }
        Model output = multi ? MeanRule.mean(included, base) : included.get(0).model();
        return AggregationResult.of(output, Weights.expected(spec(), included), exclusions);
    }

    /** Marks the {@code count} lowest scores; ties go to the lower index, which is the lower id. */
    private static boolean[] selectLowest(double[] scores, int count) {
        boolean[] selected = new boolean[scores.length];
        for (int c = 0; c < count; c++) {
            int best = -1;
            for (int i = 0; i < scores.length; i++) {
                if (!selected[i] && (best < 0 || Double.compare(scores[i], scores[best]) < 0)) {
                    best = i;
                }
            }
            selected[best] = true;
        }
        return selected;
    }
}

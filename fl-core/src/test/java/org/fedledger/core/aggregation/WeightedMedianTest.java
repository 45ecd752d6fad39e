package org.fedledger.core.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.fedledger.core.model.Model;
import org.junit.jupiter.api.Test;

/**
 * The weighted median (issue 24, item 4): the median of the admitted weight, equal to the median with equal
 * weights, moved by reputation weights, exact, and its evidence naming whose values it took.
 */
class WeightedMedianTest {
    private static final RuleSpec WEIGHTED = RuleSpec.of(RuleName.WEIGHTED_MEDIAN);

    private static AggregationResult run(RuleSpec spec, List<AggregationInput> inputs) {
        return AggregationRules.of(spec).aggregate(inputs, inputs.get(0).model()).orElseThrow();
    }

    /** The same inputs with every declared weight replaced by {@code weight}. */
    private static List<AggregationInput> weighing(List<AggregationInput> inputs, long weight) {
        return inputs.stream().map(i -> new AggregationInput(i.id(), i.hash(), i.model(), weight)).toList();
    }

    @Test
    void with_equal_weights_it_is_the_median_bit_for_bit_and_so_is_its_evidence() {
        for (int n = 1; n <= 12; n++) {
            List<AggregationInput> inputs = weighing(Fixtures.randomInputs(100 + n, n, new int[] {7, 300}, 3f),
                    1 + n % 5);
            AggregationResult median = run(RuleSpec.of(RuleName.MEDIAN), inputs);
            AggregationResult weighted = run(WEIGHTED, inputs);
            assertThat(Fixtures.rawBits(weighted.model())).as("%s inputs", n).isEqualTo(Fixtures.rawBits(median.model()));
            assertThat(weighted.evidence()).as("%s inputs", n).isEqualTo(median.evidence());
        }
    }

    @Test
    void an_input_holding_more_than_half_the_weight_sets_every_coordinate() {
        AggregationResult r = run(WEIGHTED, List.of(Fixtures.input("a", 1, -5f, 9f), Fixtures.input("b", 1, 0f, 0f),
                Fixtures.input("c", 3, 7f, -2f)));
        assertThat(Fixtures.values(r.model())).containsExactly(7f, -2f);
        assertThat(r.evidence()).containsExactly(InputEvidence.median("a", 0), InputEvidence.median("b", 0),
                InputEvidence.median("c", 2));
        assertThat(r.weights()).extracting(InputWeight::numerator).containsExactly(1L, 1L, 3L);
    }

    @Test
    void where_exactly_half_the_weight_lies_below_it_takes_the_mean_of_the_two_values_around_the_split() {
        // Weights 2, 1, 1: half the weight at or below -1 (a), the rest above: the mean of -1 and 3.
        AggregationResult r = run(WEIGHTED, List.of(Fixtures.input("a", 2, -1f), Fixtures.input("b", 1, 3f),
                Fixtures.input("c", 1, 8f)));
        assertThat(Fixtures.values(r.model())).containsExactly(1f);
        assertThat(r.evidence()).containsExactly(InputEvidence.median("a", 1), InputEvidence.median("b", 1),
                InputEvidence.median("c", 0));
    }

    @Test
    void a_lowered_weight_takes_influence_away_from_an_outlier() {
        // Three honest values and two hostile ones far off: equal weights let the hostile pair pull the median
        // to the honest extreme; weighed down to a tenth, they cannot move it off the honest middle.
        List<AggregationInput> equal = List.of(Fixtures.input("h1", 10, 1f), Fixtures.input("h2", 10, 2f),
                Fixtures.input("h3", 10, 3f), Fixtures.input("x1", 10, 50f), Fixtures.input("x2", 10, 60f));
        assertThat(Fixtures.values(run(WEIGHTED, equal).model())).containsExactly(3f);
        List<AggregationInput> lowered = List.of(equal.get(0), equal.get(1), equal.get(2),
                Fixtures.input("x1", 1, 50f), Fixtures.input("x2", 1, 60f));
        assertThat(Fixtures.values(run(WEIGHTED, lowered).model())).containsExactly(2f);
    }

    @Test
    void matches_an_independent_reference_over_random_columns_and_weights() {
        SplittableRandom random = new SplittableRandom(24);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + random.nextInt(9);
            List<AggregationInput> inputs = new ArrayList<>();
            float[] values = new float[n];
            long[] weights = new long[n];
            for (int i = 0; i < n; i++) {
                // Few distinct values, so ties and exact halves are common.
                values[i] = random.nextInt(5) - 2;
                weights[i] = 1 + random.nextInt(4);
                inputs.add(Fixtures.input("in" + i, weights[i], values[i]));
            }
            float expected = reference(values, weights);
            assertThat(Fixtures.values(run(WEIGHTED, inputs).model())).as("trial %s", trial).containsExactly(expected);
        }
    }

    /**
     * The weighted median by its definition, in exact integers: the smallest value {@code v} whose weight at or
     * below it is at least half the total; when exactly half, the mean of {@code v} and the next larger value.
     */
    private static float reference(float[] values, long[] weights) {
        BigInteger total = BigInteger.ZERO;
        for (long w : weights) {
            total = total.add(BigInteger.valueOf(w));
        }
        List<Float> distinct = new ArrayList<>();
        for (float v : values) {
            if (!distinct.contains(v)) {
                distinct.add(v);
            }
        }
        distinct.sort(Float::compare);
        for (int k = 0; k < distinct.size(); k++) {
            BigInteger atOrBelow = BigInteger.ZERO;
            for (int i = 0; i < values.length; i++) {
                if (Float.compare(values[i], distinct.get(k)) <= 0) {
                    atOrBelow = atOrBelow.add(BigInteger.valueOf(weights[i]));
                }
            }
            int c = atOrBelow.shiftLeft(1).compareTo(total);
            if (c > 0) {
                return distinct.get(k);
            }
            if (c == 0) {
                return (float) (((double) distinct.get(k) + (double) distinct.get(k + 1)) / 2.0);
            }
        }
        throw new AssertionError("no weighted median");
    }

    @Test
    void permuting_the_inputs_changes_nothing() {
        List<AggregationInput> inputs = new ArrayList<>(Fixtures.randomInputs(7, 6, new int[] {50}, 2f));
        for (int i = 0; i < inputs.size(); i++) {
            AggregationInput in = inputs.get(i);
            inputs.set(i, new AggregationInput(in.id(), in.hash(), in.model(), 1 + 3L * i));
        }
        AggregationResult forward = run(WEIGHTED, inputs);
        List<AggregationInput> reversed = new ArrayList<>(inputs);
        java.util.Collections.reverse(reversed);
        Model base = inputs.get(0).model();
        AggregationResult backward = AggregationRules.of(WEIGHTED).aggregate(reversed, base).orElseThrow();
        assertThat(Fixtures.rawBits(backward.model())).isEqualTo(Fixtures.rawBits(forward.model()));
        assertThat(backward.evidence()).isEqualTo(forward.evidence());
    }
}

package org.fedledger.core.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The weighted trimmed mean (issue 24, item 4): the trimmed mean of the admitted weight, equal to the trimmed
 * mean with equal weights, cutting weight rather than values so that reputation weights decide whose values are
 * cut, exact in which weight it keeps, and its evidence naming whose weight it cut.
 */
class WeightedTrimmedMeanTest {
    private static RuleSpec weighted(String beta) {
        return Fixtures.spec(RuleName.WEIGHTED_TRIMMED_MEAN, RuleSpec.BETA, beta);
    }

    private static AggregationResult run(RuleSpec spec, List<AggregationInput> inputs) {
        return AggregationRules.of(spec).aggregate(inputs, inputs.get(0).model()).orElseThrow();
    }

    /** The same inputs with every declared weight replaced by {@code weight}. */
    private static List<AggregationInput> weighing(List<AggregationInput> inputs, long weight) {
        return inputs.stream().map(i -> new AggregationInput(i.id(), i.hash(), i.model(), weight)).toList();
    }

    @Test
    void with_equal_weights_it_is_the_trimmed_mean_bit_for_bit_and_so_is_its_evidence() {
        for (String beta : List.of("0", "0.2", "0.34", "0.49")) {
            for (int n = 1; n <= 12; n++) {
                List<AggregationInput> inputs = weighing(
                        Fixtures.randomInputs(200 + n, n, new int[] {7, 300}, 3f), 1 + n % 5);
                AggregationResult trimmed = run(Fixtures.spec(RuleName.TRIMMED_MEAN, RuleSpec.BETA, beta), inputs);
                AggregationResult weighted = run(weighted(beta), inputs);
                assertThat(Fixtures.rawBits(weighted.model())).as("beta %s, %s inputs", beta, n)
                        .isEqualTo(Fixtures.rawBits(trimmed.model()));
                assertThat(weighted.evidence()).as("beta %s, %s inputs", beta, n).isEqualTo(trimmed.evidence());
            }
        }
    }

    @Test
    void an_input_straddling_a_cut_keeps_only_its_weight_inside_it() {
        // Weights 2, 2, 1 (total 5), beta 0.2: weight 1 is cut at each end. a holds [0, 2) and keeps 1, b holds
        // [2, 4) and keeps 2, c holds [4, 5) and is cut whole: (0 * 1 + 8 * 2) / 3.
        AggregationResult r = run(weighted("0.2"), List.of(Fixtures.input("a", 2, 0f), Fixtures.input("b", 2, 8f),
                Fixtures.input("c", 1, 100f)));
        assertThat(Fixtures.values(r.model())).containsExactly((float) (16.0 / 3));
        assertThat(r.evidence()).containsExactly(InputEvidence.trimmed("a", 0, 0), InputEvidence.trimmed("b", 0, 0),
                InputEvidence.trimmed("c", 0, 1));
        assertThat(r.weights()).extracting(InputWeight::numerator).containsExactly(2L, 2L, 1L);
    }

    @Test
    void a_lowered_weight_has_an_outlier_cut_where_the_trimmed_mean_keeps_it() {
        // Three honest values and two hostile ones far off. With equal weights a fifth is cut at each end: one
        // hostile value stays in the mean. Weighed down to a tenth, both hostile values fall inside the cut weight.
        List<AggregationInput> equal = List.of(Fixtures.input("h1", 10, 1f), Fixtures.input("h2", 10, 2f),
                Fixtures.input("h3", 10, 3f), Fixtures.input("x1", 10, 50f), Fixtures.input("x2", 10, 60f));
        assertThat(Fixtures.values(run(weighted("0.2"), equal).model())).containsExactly((float) (55.0 / 3));
        List<AggregationInput> lowered = List.of(equal.get(0), equal.get(1), equal.get(2),
                Fixtures.input("x1", 1, 50f), Fixtures.input("x2", 1, 60f));
        // Total 32, cut floor(6.4) = 6 at each end: h1 keeps 4, h2 10, h3 6, x1 and x2 nothing.
        AggregationResult r = run(weighted("0.2"), lowered);
        assertThat(Fixtures.values(r.model())).containsExactly((float) (42.0 / 20));
        assertThat(r.evidence()).extracting(InputEvidence::trimmedHigh).containsExactly(0L, 0L, 0L, 1L, 1L);
    }

    @Test
    void matches_an_independent_reference_over_random_columns_and_weights() {
        SplittableRandom random = new SplittableRandom(24);
        List<String> betas = List.of("0.1", "0.2", "0.25", "0.34", "0.45");
        for (int trial = 0; trial < 400; trial++) {
            int n = 1 + random.nextInt(9);
            String beta = betas.get(random.nextInt(betas.size()));
            List<AggregationInput> inputs = new ArrayList<>();
            float[] values = new float[n];
            long[] weights = new long[n];
            long scale = 1 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
                // Few distinct values, so ties and cuts through an input are common.
                values[i] = random.nextInt(7) - 3;
                weights[i] = scale * (1 + random.nextInt(5));
                inputs.add(Fixtures.input("in" + i, weights[i], values[i]));
            }
            float expected = reference(values, weights, beta);
            assertThat(Fixtures.values(run(weighted(beta), inputs).model())).as("trial %s", trial)
                    .containsExactly(expected);
        }
    }

    /**
     * The weighted trimmed mean by its definition: each input's weight, divided by the weights' common divisor,
     * becomes that many unit copies of its value; the copies are sorted (ties by input order, which is id order
     * here); {@code floor(beta * copies)} are dropped at each end and the rest averaged. Values are small
     * integers, so the sum is an exact integer and one division gives the float.
     */
    private static float reference(float[] values, long[] weights, String beta) {
        long divisor = 0;
        for (long w : weights) {
            divisor = BigInteger.valueOf(divisor).gcd(BigInteger.valueOf(w)).longValueExact();
        }
        List<Float> copies = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            for (long c = 0; c < weights[i] / divisor; c++) {
                copies.add(values[i]);
            }
        }
        Collections.sort(copies);
        int cut = new BigDecimal(beta).multiply(BigDecimal.valueOf(copies.size())).intValue();
        long sum = 0;
        for (int k = cut; k < copies.size() - cut; k++) {
            sum += copies.get(k).longValue();
        }
        return (float) ((double) sum / (copies.size() - 2 * cut));
    }

    @Test
    void scaling_every_weight_or_permuting_the_inputs_changes_nothing() {
        List<AggregationInput> inputs = new ArrayList<>(Fixtures.randomInputs(7, 6, new int[] {50}, 2f));
        List<AggregationInput> scaled = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            AggregationInput in = inputs.get(i);
            inputs.set(i, new AggregationInput(in.id(), in.hash(), in.model(), 1 + 3L * i));
            scaled.add(new AggregationInput(in.id(), in.hash(), in.model(), 7 * (1 + 3L * i)));
        }
        AggregationResult forward = run(weighted("0.3"), inputs);
        List<AggregationInput> reversed = new ArrayList<>(inputs);
        Collections.reverse(reversed);
        AggregationResult backward = AggregationRules.of(weighted("0.3")).aggregate(reversed, inputs.get(0).model())
                .orElseThrow();
        assertThat(Fixtures.rawBits(backward.model())).isEqualTo(Fixtures.rawBits(forward.model()));
        assertThat(backward.evidence()).isEqualTo(forward.evidence());
        AggregationResult sevenfold = run(weighted("0.3"), scaled);
        assertThat(Fixtures.rawBits(sevenfold.model())).isEqualTo(Fixtures.rawBits(forward.model()));
        assertThat(sevenfold.evidence()).isEqualTo(forward.evidence());
    }
}

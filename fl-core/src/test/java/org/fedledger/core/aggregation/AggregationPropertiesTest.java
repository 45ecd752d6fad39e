package org.fedledger.core.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fedledger.core.aggregation.Fixtures.rawBits;
import static org.fedledger.core.aggregation.Fixtures.spec;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.fedledger.core.model.Model;
import org.fedledger.core.testing.PropertyCheck;
import org.junit.jupiter.api.Test;

class AggregationPropertiesTest {
    private static final List<RuleSpec> SPECS = List.of(
            RuleSpec.of(RuleName.FEDAVG),
            RuleSpec.of(RuleName.MEAN),
            RuleSpec.of(RuleName.MEDIAN),
            spec(RuleName.TRIMMED_MEAN, RuleSpec.BETA, "0.25"),
            spec(RuleName.KRUM, RuleSpec.F, "1"),
            spec(RuleName.MULTI_KRUM, RuleSpec.F, "1", RuleSpec.M, "3"),
            spec(RuleName.FEDAVG, RuleSpec.CLIP_NORM, "1.5"),
            spec(RuleName.EXACT_FEDAVG, RuleSpec.SCALE_BITS, "24"),
            spec(RuleName.EXACT_FEDAVG, RuleSpec.SCALE_BITS, "20", RuleSpec.CLIP_NORM, "1.5"),
            spec(RuleName.TRIMMED_MEAN, RuleSpec.BETA, "0.1", RuleSpec.CLIP_NORM, "0.5"),
            spec(RuleName.MULTI_KRUM, RuleSpec.F, "1", RuleSpec.M, "2", RuleSpec.CLIP_NORM, "3"));

    private static final List<RuleSpec> WEIGHTED_SPECS = List.of(
            RuleSpec.of(RuleName.FEDAVG),
            RuleSpec.of(RuleName.MEAN),
            RuleSpec.of(RuleName.MEDIAN),
            spec(RuleName.TRIMMED_MEAN, RuleSpec.BETA, "0.3"),
            spec(RuleName.KRUM, RuleSpec.F, "2"),
            spec(RuleName.MULTI_KRUM, RuleSpec.F, "1", RuleSpec.M, "4"));

    @Test
    void every_rule_gives_the_same_bits_for_the_same_inputs_in_any_order() {
        PropertyCheck.forAll(200, gen -> {
            RuleSpec spec = gen.of(SPECS);
            int n = gen.intBetween(5, 9);
            int[] shape = gen.list(1, 3, () -> gen.intBetween(1, 6)).stream().mapToInt(Integer::intValue).toArray();
            long seed = gen.anyLong();
            List<AggregationInput> inputs = Fixtures.randomInputs(seed, n, shape, 3.0f);
            Model base = Fixtures.randomModel(new SplittableRandom(seed ^ 0x5DEECE66DL), shape, 1.0f);
            List<AggregationInput> shuffled = new ArrayList<>(inputs);
            Collections.shuffle(shuffled, new Random(seed));
            AggregationRule rule = AggregationRules.of(spec);

            AggregationResult first = rule.aggregate(inputs, base).orElseThrow();
            AggregationResult again = rule.aggregate(inputs, base).orElseThrow();
            AggregationResult reordered = rule.aggregate(shuffled, base).orElseThrow();

            assertThat(rawBits(again.model())).isEqualTo(rawBits(first.model()));
            assertThat(rawBits(reordered.model())).isEqualTo(rawBits(first.model()));
            assertThat(reordered.weights()).isEqualTo(first.weights());
            assertThat(reordered.exclusions()).isEqualTo(first.exclusions());
        });
    }

    @Test
    void expected_weights_sum_to_exactly_one() {
        PropertyCheck.forAll(300, gen -> {
            RuleSpec spec = gen.of(WEIGHTED_SPECS);
            List<Long> counts = gen.list(1, 40, () -> gen.longBetween(1, 1_000_000_000_000L));
            SortedMap<String, Long> samples = new TreeMap<>();
            int k = spec.rule() == RuleName.KRUM ? 1 : spec.rule() == RuleName.MULTI_KRUM ? spec.m() : counts.size();
            for (int i = 0; i < k; i++) {
                samples.put(String.format("id-%02d", i), counts.get(i % counts.size()));
            }

            List<InputWeight> weights = Weights.expected(spec, samples);

            // sum of n_i / d_i == 1  <=>  sum of n_i * (D / d_i) == D with D the product of the denominators
            BigInteger product = BigInteger.ONE;
            for (InputWeight w : weights) {
                product = product.multiply(BigInteger.valueOf(w.denominator()));
            }
            BigInteger sum = BigInteger.ZERO;
            for (InputWeight w : weights) {
                sum = sum.add(BigInteger.valueOf(w.numerator()).multiply(product.divide(BigInteger.valueOf(w.denominator()))));
            }
            assertThat(sum).isEqualTo(product);
            assertThat(weights).extracting(InputWeight::id).containsExactlyElementsOf(samples.keySet());
        });
    }
}

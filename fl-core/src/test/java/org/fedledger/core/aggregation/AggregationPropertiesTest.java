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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.fedledger.core.model.Model;

class AggregationPropertiesTest {
    @Provide
    Arbitrary<RuleSpec> specs() {
        return Arbitraries.of(
                RuleSpec.of(RuleName.FEDAVG),
                RuleSpec.of(RuleName.MEAN),
                RuleSpec.of(RuleName.MEDIAN),
                spec(RuleName.TRIMMED_MEAN, RuleSpec.BETA, "0.25"),
                spec(RuleName.KRUM, RuleSpec.F, "1"),
                spec(RuleName.MULTI_KRUM, RuleSpec.F, "1", RuleSpec.M, "3"),
                spec(RuleName.FEDAVG, RuleSpec.CLIP_NORM, "1.5"),
                spec(RuleName.TRIMMED_MEAN, RuleSpec.BETA, "0.1", RuleSpec.CLIP_NORM, "0.5"),
                spec(RuleName.MULTI_KRUM, RuleSpec.F, "1", RuleSpec.M, "2", RuleSpec.CLIP_NORM, "3"));
    }

    @Property(tries = 200)
    void every_rule_gives_the_same_bits_for_the_same_inputs_in_any_order(
            @ForAll("specs") RuleSpec spec,
            @ForAll @IntRange(min = 5, max = 9) int n,
            @ForAll @Size(min = 1, max = 3) List<@IntRange(min = 1, max = 6) Integer> sizes,
            @ForAll long seed) {
        int[] shape = sizes.stream().mapToInt(Integer::intValue).toArray();
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
    }

    @Property(tries = 300)
    void expected_weights_sum_to_exactly_one(
            @ForAll("weightedSpecs") RuleSpec spec,
            @ForAll @Size(min = 1, max = 40) List<@LongRange(min = 1, max = 1_000_000_000_000L) Long> counts) {
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
    }

    @Provide
    Arbitrary<RuleSpec> weightedSpecs() {
        return Arbitraries.of(
                RuleSpec.of(RuleName.FEDAVG),
                RuleSpec.of(RuleName.MEAN),
                RuleSpec.of(RuleName.MEDIAN),
                spec(RuleName.TRIMMED_MEAN, RuleSpec.BETA, "0.3"),
                spec(RuleName.KRUM, RuleSpec.F, "2"),
                spec(RuleName.MULTI_KRUM, RuleSpec.F, "1", RuleSpec.M, "4"));
    }
}

package org.fedledger.core.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Central noise of {@code exact_fedavg}: Gaussian on the average with standard deviation
 * {@code sigma * clip_norm * wmax / W}, added in integers to the exact sum from the round's seed, so
 * the same seed gives the same bits under any input order and on the streaming path, and another seed
 * other bits.
 */
class CentralNoiseTest {
    private static final int SIZE = 30_000;
    private static final RuleSpec NOISY = RuleSpec.of(RuleName.EXACT_FEDAVG, Map.of(RuleSpec.SCALE_BITS, "24",
            RuleSpec.CLIP_NORM, "0.5", RuleSpec.CENTRAL_NOISE_SIGMA, "2"));
    private static final ContentHash SEED = Fixtures.hashOf("round 7");
    private static final Model ZERO = Fixtures.vector(new float[SIZE]);

    /** Three updates equal to the base model, weighted 100, 300 and 600: without noise the output is the base. */
    private static List<AggregationInput> unchanged() {
        return List.of(Fixtures.input("a", 100, ZERO), Fixtures.input("b", 300, ZERO), Fixtures.input("c", 600, ZERO));
    }

    private static Model noisy(List<AggregationInput> inputs, ContentHash seed) {
        return AggregationRules.of(NOISY, seed).aggregate(inputs, ZERO).orElseThrow().model();
    }

    @Nested
    class TheSpec {
        @Test
        void takes_central_noise_on_exact_rules_with_a_clip_norm_only() {
            assertThatThrownBy(() -> RuleSpec.of(RuleName.EXACT_FEDAVG, Map.of(RuleSpec.SCALE_BITS, "24",
                    RuleSpec.CENTRAL_NOISE_SIGMA, "2"))).hasMessageContaining("needs 'clip_norm'");
            assertThatThrownBy(() -> RuleSpec.of(RuleName.FEDAVG, Map.of(RuleSpec.CLIP_NORM, "1",
                    RuleSpec.CENTRAL_NOISE_SIGMA, "2"))).hasMessageContaining("takes no parameter");
            assertThatThrownBy(() -> RuleSpec.of(RuleName.EXACT_FEDAVG, Map.of(RuleSpec.SCALE_BITS, "24",
                    RuleSpec.CLIP_NORM, "1", RuleSpec.CENTRAL_NOISE_SIGMA, "0"))).isInstanceOf(
                    IllegalArgumentException.class);
            assertThat(NOISY.centralNoiseSigma()).isEqualTo(2.0);
        }

        @Test
        void a_noisy_rule_without_the_rounds_seed_refuses_to_aggregate() {
            assertThatThrownBy(() -> AggregationRules.of(NOISY).aggregate(unchanged(), ZERO))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("noise seed");
            assertThatThrownBy(() -> ExactSum.of(NOISY, unchanged(), ZERO).result())
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void has_the_standard_deviation_of_sigma_times_the_clip_norm_times_the_largest_weight_share() {
        float[] out = Fixtures.values(noisy(unchanged(), SEED));
        double sum = 0;
        double squares = 0;
        for (float v : out) {
            sum += v;
            squares += (double) v * v;
        }
        double mean = sum / out.length;
        double std = Math.sqrt(squares / out.length - mean * mean);
        // sigma 2 * clip 0.5 * 600 / 1000 = 0.6; 30000 draws estimate it within about 0.4 %. Without the
        // weight share (1.0) or the clip norm (1.2) it is far outside 3 %.
        assertThat(std).isCloseTo(0.6, withinPercentage(3));
        assertThat(mean).isCloseTo(0, within(0.02));
    }

    @Test
    void the_draws_are_standard_normal() {
        CentralNoise stream = CentralNoise.stream(SEED);
        int n = 200_000;
        double sum = 0;
        double squares = 0;
        int beyondTwo = 0;
        for (int i = 0; i < n; i++) {
            double z = stream.nextGaussian();
            sum += z;
            squares += z * z;
            beyondTwo += Math.abs(z) > 2 ? 1 : 0;
        }
        assertThat(sum / n).isCloseTo(0, within(0.01));
        assertThat(squares / n).isCloseTo(1, within(0.015));
        assertThat((double) beyondTwo / n).isCloseTo(0.0455, within(0.003));
    }

    @Test
    void the_same_seed_gives_the_same_bits_in_any_order_and_streamed_and_another_seed_other_bits() {
        List<AggregationInput> inputs = new ArrayList<>(List.of(Fixtures.input("a", 100, Fixtures.vector(0.1f, -2f, 3f)),
                Fixtures.input("b", 300, Fixtures.vector(0.4f, 0.2f, -1f)),
                Fixtures.input("c", 600, Fixtures.vector(-0.3f, 0.5f, 0.25f))));
        Model base = Fixtures.vector(0f, 0f, 0f);
        byte[] first = ModelCodec.encode(AggregationRules.of(NOISY, SEED).aggregate(inputs, base).orElseThrow().model());
        Collections.reverse(inputs);
        assertThat(ModelCodec.encode(AggregationRules.of(NOISY, SEED).aggregate(inputs, base).orElseThrow().model()))
                .isEqualTo(first);
        SortedMap<String, Long> samples = new TreeMap<>(Map.of("a", 100L, "b", 300L, "c", 600L));
        StreamingAggregation stream = AggregationRules.of(NOISY, SEED).streaming(samples, base).orElseThrow();
        inputs.forEach(stream::add);
        assertThat(ModelCodec.encode(stream.finish().model())).isEqualTo(first);
        assertThat(ModelCodec.encode(ExactSum.of(NOISY, inputs, base).result(SEED).orElseThrow().model()))
                .isEqualTo(first);

        byte[] other = ModelCodec.encode(AggregationRules.of(NOISY, Fixtures.hashOf("round 8")).aggregate(inputs, base)
                .orElseThrow().model());
        assertThat(other).isNotEqualTo(first);
        RuleSpec quiet = RuleSpec.of(RuleName.EXACT_FEDAVG, Map.of(RuleSpec.SCALE_BITS, "24", RuleSpec.CLIP_NORM, "0.5"));
        assertThat(ModelCodec.encode(AggregationRules.of(quiet).aggregate(inputs, base).orElseThrow().model()))
                .isNotEqualTo(first);
    }
}

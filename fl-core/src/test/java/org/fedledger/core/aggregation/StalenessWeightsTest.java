package org.fedledger.core.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.FormatError;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.core.model.ModelFormatException;
import org.fedledger.core.model.Tensor;
import org.fedledger.core.testing.PropertyCheck;
import org.junit.jupiter.api.Test;

/**
 * A buffered task's weights are the exact rationals {@code samples / (1 + staleness)} scaled by one
 * integer, so a round of fresh updates averages to the same bits as a synchronous round, and a stale
 * update is rebased onto the round's base before it is summed.
 */
class StalenessWeightsTest {

    @Test
    void the_multiplier_is_the_least_common_multiple_of_one_to_the_bound_plus_one() {
        for (int s = 0; s <= StalenessWeights.MAX_STALENESS; s++) {
            BigInteger lcm = BigInteger.ONE;
            for (int k = 1; k <= s + 1; k++) {
                lcm = lcm.multiply(BigInteger.valueOf(k)).divide(lcm.gcd(BigInteger.valueOf(k)));
            }
            assertThat(StalenessWeights.multiplier(s)).as("S = %d", s).isEqualTo(lcm.longValueExact());
        }
        assertThatThrownBy(() -> StalenessWeights.multiplier(StalenessWeights.MAX_STALENESS + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StalenessWeights.multiplier(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void weights_are_samples_over_one_plus_staleness_times_one_constant() {
        PropertyCheck.forAll(2000, gen -> {
            int s = gen.intBetween(0, StalenessWeights.MAX_STALENESS);
            long samples = gen.longBetween(1, 1L << 31);
            int tau = gen.intBetween(0, s);
            long w = StalenessWeights.weight(samples, tau, s);
            // w / L == samples / (1 + tau), as rationals: w * (1 + tau) == samples * L
            assertThat(BigInteger.valueOf(w).multiply(BigInteger.valueOf(1 + tau)))
                    .isEqualTo(BigInteger.valueOf(samples).multiply(BigInteger.valueOf(StalenessWeights.multiplier(s))));
        });
        assertThat(StalenessWeights.weight(120, 2, 4)).isEqualTo(2400);
        assertThat(StalenessWeights.weight(7, 0, 0)).isEqualTo(7);
        assertThatThrownBy(() -> StalenessWeights.weight(10, 3, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StalenessWeights.weight(0, 0, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StalenessWeights.weight(Long.MAX_VALUE / 2, 0, 3))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void a_round_of_fresh_updates_gives_the_synchronous_bits_with_every_weight_scaled() {
        RuleSpec spec = RuleSpec.of(RuleName.EXACT_FEDAVG, Map.of(RuleSpec.SCALE_BITS, "24"));
        PropertyCheck.forAll(300, gen -> {
            int s = gen.intBetween(1, StalenessWeights.MAX_STALENESS);
            Model base = model(gen.javaRandom().nextGaussian(), 0.0);
            int n = gen.intBetween(1, 6);
            List<AggregationInput> plain = new java.util.ArrayList<>();
            List<AggregationInput> scaled = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                Model m = model(gen.javaRandom().nextGaussian(), gen.javaRandom().nextGaussian());
                long samples = gen.longBetween(1, 5000);
                ContentHash hash = ModelCodec.hash(m);
                plain.add(new AggregationInput("u" + i, hash, m, samples));
                scaled.add(new AggregationInput("u" + i, hash, m, StalenessWeights.weight(samples, 0, s)));
            }
            for (RuleSpec rule : List.of(spec, RuleSpec.of(RuleName.FEDAVG))) {
                Model a = AggregationRules.of(rule).aggregate(plain, base).orElseThrow().model();
                Model b = AggregationRules.of(rule).aggregate(scaled, base).orElseThrow().model();
                assertThat(ModelCodec.hash(b)).as(rule.text()).isEqualTo(ModelCodec.hash(a));
            }
        });
    }

    @Test
    void rebasing_moves_the_update_by_its_difference_and_leaves_a_fresh_update_alone() {
        Model from = Model.of(List.of(Tensor.of("w", new int[] {3}, new float[] {1f, 2f, -3f})));
        Model update = Model.of(List.of(Tensor.of("w", new int[] {3}, new float[] {1.5f, 1f, -3f})));
        Model onto = Model.of(List.of(Tensor.of("w", new int[] {3}, new float[] {10f, 20f, 30f})));
        Model rebased = StalenessWeights.rebase(update, from, onto);
        assertThat(rebased.tensors().get(0).value(0)).isEqualTo(10.5f);
        assertThat(rebased.tensors().get(0).value(1)).isEqualTo(19f);
        assertThat(rebased.tensors().get(0).value(2)).isEqualTo(30f);
        assertThat(StalenessWeights.rebase(update, from, from)).isSameAs(update);
        Model other = Model.of(List.of(Tensor.of("v", new int[] {3}, new float[] {0f, 0f, 0f})));
        assertThatThrownBy(() -> StalenessWeights.rebase(update, from, other))
                .isInstanceOfSatisfying(ModelFormatException.class,
                        e -> assertThat(e.code()).isEqualTo(FormatError.SCHEMA_MISMATCH));
        Model huge = Model.of(List.of(Tensor.of("w", new int[] {3}, new float[] {Float.MAX_VALUE, 0f, 0f})));
        Model low = Model.of(List.of(Tensor.of("w", new int[] {3}, new float[] {-Float.MAX_VALUE, 0f, 0f})));
        assertThatThrownBy(() -> StalenessWeights.rebase(huge, low, huge))
                .isInstanceOfSatisfying(ModelFormatException.class,
                        e -> assertThat(e.code()).isEqualTo(FormatError.NON_FINITE_VALUE));
    }

    @Test
    void max_staleness_is_a_parameter_of_the_rules_that_weigh_by_samples_only() {
        assertThat(RuleSpec.parse("exact_fedavg:scale_bits=24,max_staleness=3").maxStaleness()).isEqualTo(3);
        assertThat(RuleSpec.parse("fedavg:max_staleness=10").buffered()).isTrue();
        assertThat(RuleSpec.parse("fedavg").buffered()).isFalse();
        assertThatThrownBy(() -> RuleSpec.parse("median:max_staleness=2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RuleSpec.parse("weighted_median:max_staleness=2"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RuleSpec.parse("fedavg:max_staleness=0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RuleSpec.parse("fedavg:max_staleness=11")).isInstanceOf(IllegalArgumentException.class);
    }

    private static Model model(double a, double b) {
        return Model.of(List.of(Tensor.of("w", new int[] {4}, new float[] {(float) a, (float) b, (float) (a - b), 0.25f}),
                Tensor.of("b", new int[] {1}, new float[] {(float) (a * b)})));
    }
}

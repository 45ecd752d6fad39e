package org.fedledger.core.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.Tensor;
import org.fedledger.core.testing.Gen;
import org.fedledger.core.testing.PropertyCheck;
import org.junit.jupiter.api.Test;

/**
 * The exact rule has two narrow kernels: {@code long} lanes for any batch, and double lanes, used only
 * when the batch weight is at most {@code 2^22} and no code is clamped. Both must give the same integer
 * sums bit for bit, the guard must send every batch that the double lanes cannot sum exactly to the
 * {@code long} kernel, and the rule's output must not depend on which kernel ran.
 */
class ExactKernelsTest {
    private static final int SIZE = 777;

    /** Values that stress the rounding: half-way codes, signed zeros, the largest unclamped magnitudes. */
    private static float value(Gen gen, double scale) {
        double limit = Integer.MAX_VALUE / scale;
        return switch (gen.intBetween(0, 5)) {
            case 0 -> (float) ((gen.intBetween(-1000, 1000) + 0.5) / scale);
            case 1 -> gen.bool() ? 0.0f : -0.0f;
            case 2 -> Math.nextDown((float) limit) * (gen.bool() ? 1 : -1);
            case 3 -> (float) (gen.javaRandom().nextGaussian() * 0.01);
            default -> (float) ((gen.javaRandom().nextDouble() * 2 - 1) * limit * 0.999);
        };
    }

    private static Tensor tensor(Gen gen, double scale) {
        float[] values = new float[SIZE];
        for (int j = 0; j < SIZE; j++) {
            values[j] = value(gen, scale);
        }
        return Tensor.of("w", new int[] {SIZE}, values);
    }

    @Test
    void double_lanes_give_the_long_kernels_sums_whenever_the_guard_allows_them() {
        PropertyCheck.forAll(2000, gen -> {
            int scaleBits = gen.of(0, 8, 16, 24, 31, 32);
            double scale = ExactMath.scale(scaleBits);
            int n = gen.intBetween(1, 11);
            Tensor[] x = new Tensor[n];
            long[] w = new long[n];
            double[] dw = new double[n];
            long left = ExactMath.DOUBLE_LANE_WEIGHT_LIMIT;
            for (int i = 0; i < n; i++) {
                x[i] = tensor(gen, scale);
                long most = left - (n - i - 1);
                w[i] = gen.longBetween(1, gen.bool() ? most : Math.min(50, most));
                left -= w[i];
                dw[i] = w[i];
                assertThat(ExactMath.codesUnclamped(x[i], scale)).isTrue();
            }
            assertThat(left).isGreaterThanOrEqualTo(0);
            int from = gen.intBetween(0, SIZE - 1);
            int len = gen.intBetween(0, SIZE - from);
            long[] expected = new long[SIZE];
            long[] actual = new long[SIZE];
            for (int j = 0; j < SIZE; j++) {
                expected[j] = actual[j] = gen.longBetween(-(1L << 40), 1L << 40);
            }
            ExactMath.addNarrow(expected, 0, x, w, from, len, scale);
            ExactMath.addNarrowInDoubles(actual, 0, x, dw, from, len, scale, new double[len]);
            for (int j = 0; j < SIZE; j++) {
                assertThat(actual[j]).as("coordinate %d of %d inputs at scale_bits %d", j, n, scaleBits)
                        .isEqualTo(expected[j]);
            }
        });
    }

    @Test
    void the_largest_batch_of_the_largest_codes_is_still_exact_in_double_lanes() {
        double scale = ExactMath.scale(24);
        float top = Math.nextDown((float) (Integer.MAX_VALUE / scale));
        float[] values = new float[SIZE];
        java.util.Arrays.fill(values, top);
        values[0] = -top;
        Tensor x = Tensor.of("w", new int[] {SIZE}, values);
        long w = ExactMath.DOUBLE_LANE_WEIGHT_LIMIT;
        long[] expected = new long[SIZE];
        long[] actual = new long[SIZE];
        ExactMath.addNarrow(expected, 0, new Tensor[] {x}, new long[] {w}, 0, SIZE, scale);
        ExactMath.addNarrowInDoubles(actual, 0, new Tensor[] {x}, new double[] {w}, 0, SIZE, scale, new double[SIZE]);
        assertThat(actual).isEqualTo(expected);
        assertThat(expected[1]).isEqualTo(w * ExactMath.code(top, scale));
    }

    @Test
    void a_code_that_the_int_cast_would_clamp_fails_the_guard() {
        double scale = ExactMath.scale(24);
        float limit = (float) (Integer.MAX_VALUE / scale);
        Tensor inside = Tensor.of("w", new int[] {2}, new float[] {Math.nextDown(limit), 1f});
        Tensor outside = Tensor.of("w", new int[] {2}, new float[] {1f, -Math.nextUp(limit)});
        assertThat(ExactMath.codesUnclamped(inside, scale)).isTrue();
        assertThat(ExactMath.codesUnclamped(outside, scale)).isFalse();
        assertThat(outside.maxMagnitude()).isEqualTo(Math.nextUp(limit));
    }

    /**
     * The rule over batches on either side of each guard (the weight limit, a clamped value) equals the
     * float32 nearest to the BigInteger mean of the codes, so a batch that the double lanes could not
     * sum exactly never reaches them.
     */
    @Test
    void the_rules_output_is_the_exact_mean_on_both_sides_of_each_guard() {
        AggregationRule rule = AggregationRules.of(
                RuleSpec.of(RuleName.EXACT_FEDAVG, Map.of(RuleSpec.SCALE_BITS, "24")));
        double scale = ExactMath.scale(24);
        PropertyCheck.forAll(300, gen -> {
            int n = gen.intBetween(1, 6);
            long limit = ExactMath.DOUBLE_LANE_WEIGHT_LIMIT;
            long total = gen.of(limit - 1, limit, limit + 1, 3 * limit, (long) n);
            boolean clampOne = gen.bool();
            List<AggregationInput> inputs = new ArrayList<>();
            BigInteger[] sums = new BigInteger[SIZE];
            java.util.Arrays.fill(sums, BigInteger.ZERO);
            long assigned = 0;
            for (int i = 0; i < n; i++) {
                long w = i == n - 1 ? total - assigned : Math.max(1, total / n);
                assigned += w;
                float[] values = new float[SIZE];
                for (int j = 0; j < SIZE; j++) {
                    values[j] = value(gen, scale);
                }
                if (clampOne && i == 0) {
                    values[gen.intBetween(0, SIZE - 1)] = gen.of(1e3f, -1e3f, 3e38f);
                }
                for (int j = 0; j < SIZE; j++) {
                    sums[j] = sums[j].add(BigInteger.valueOf(w).multiply(BigInteger.valueOf(ExactMath.code(values[j], scale))));
                }
                inputs.add(Fixtures.input(String.format("u%02d", i), w,
                        Model.of(List.of(Tensor.of("w", new int[] {SIZE}, values)))));
            }
            Model base = Model.of(List.of(Tensor.of("w", new int[] {SIZE}, new float[SIZE])));
            float[] out = rule.aggregate(inputs, base).orElseThrow().model().tensors().get(0).values();
            for (int j = 0; j < SIZE; j++) {
                float expected = ExactMath.exactQuotient(sums[j].shiftRight(64).longValueExact(), sums[j].longValue(),
                        total, 24);
                assertThat(Float.floatToRawIntBits(out[j])).as("coordinate %d", j)
                        .isEqualTo(Float.floatToRawIntBits(expected));
            }
        });
    }
}

package org.fedledger.core.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.fedledger.core.aggregation.Fixtures.rawBits;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.fedledger.core.model.FormatError;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelFormatException;
import org.fedledger.core.model.Tensor;
import org.fedledger.core.testing.Gen;
import org.fedledger.core.testing.PropertyCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Exact FedAvg sums integer codes without rounding, so its output is the same bits under any input
 * order, any grouping into partial sums merged in any order and any number of threads, and it equals
 * the float32 nearest to the exact rational mean of the codes (checked against BigInteger sums and a
 * BigDecimal rounding written independently of the rule).
 */
class ExactAggregationTest {
    private static final ExecutorService THREADS = Executors.newFixedThreadPool(4);
    private static final RuleSpec SPEC = spec("24");

    @AfterAll
    static void stopThreads() {
        THREADS.shutdownNow();
    }

    private static RuleSpec spec(String scaleBits) {
        return RuleSpec.of(RuleName.EXACT_FEDAVG, Map.of(RuleSpec.SCALE_BITS, scaleBits));
    }

    /** Inputs whose values range over {@code magnitude} (clamped beyond the code range) and whose weights may be huge. */
    private static List<AggregationInput> inputs(Gen gen, int n, int[] sizes, boolean hugeWeights) {
        float magnitude = gen.of(1e-3f, 1f, 100f, 1e4f, 3e38f);
        List<AggregationInput> inputs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long samples = hugeWeights ? gen.longBetween(1, 1L << 58) : gen.longBetween(1, 5000);
            inputs.add(Fixtures.input(String.format("u%02d", i), samples,
                    Fixtures.randomModel(gen.split(), sizes, magnitude)));
        }
        return inputs;
    }

    private static int[] sizes(Gen gen) {
        return gen.list(1, 3, () -> gen.intBetween(1, 9)).stream().mapToInt(Integer::intValue).toArray();
    }

    /** Splits {@code inputs} (shuffled) into random groups and merges their sums in a random tree. */
    private static ExactSum groupedAndMerged(Gen gen, RuleSpec spec, List<AggregationInput> inputs, Model base)
            throws InterruptedException, ExecutionException {
        List<AggregationInput> shuffled = new ArrayList<>(inputs);
        Collections.shuffle(shuffled, gen.javaRandom());
        List<Future<ExactSum>> parts = new ArrayList<>();
        int from = 0;
        while (from < shuffled.size()) {
            int to = Math.min(shuffled.size(), from + gen.intBetween(1, 4));
            List<AggregationInput> group = List.copyOf(shuffled.subList(from, to));
            parts.add(THREADS.submit(() -> ExactSum.of(spec, group, base)));
            from = to;
        }
        parts.add(THREADS.submit(() -> ExactSum.of(spec, List.of(), base)));
        List<ExactSum> sums = new ArrayList<>();
        for (Future<ExactSum> part : parts) {
            sums.add(part.get());
        }
        while (sums.size() > 1) {
            ExactSum a = sums.remove(gen.intBetween(0, sums.size() - 1));
            ExactSum b = sums.remove(gen.intBetween(0, sums.size() - 1));
            sums.add(gen.bool() ? a.merge(b) : b.merge(a));
        }
        return sums.get(0);
    }

    @Test
    void gives_the_same_bits_under_any_order_grouping_merge_order_and_thread_count() {
        AtomicInteger cases = new AtomicInteger();
        AtomicInteger mismatches = new AtomicInteger();
        PropertyCheck.forAll(3000, gen -> {
            RuleSpec spec = gen.bool() ? spec(Integer.toString(gen.intBetween(0, 32)))
                    : RuleSpec.of(RuleName.EXACT_FEDAVG, Map.of(RuleSpec.SCALE_BITS, "20", RuleSpec.CLIP_NORM, "2.5"));
            int[] sizes = sizes(gen);
            List<AggregationInput> inputs = inputs(gen, gen.intBetween(1, 12), sizes, gen.intBetween(0, 4) == 0);
            Model base = Fixtures.randomModel(gen.split(), sizes, 1f);
            AggregationRule rule = AggregationRules.of(spec);
            AggregationResult expected = rule.aggregate(inputs, base).orElseThrow();

            List<AggregationInput> shuffled = new ArrayList<>(inputs);
            Collections.shuffle(shuffled, gen.javaRandom());
            AggregationResult reordered = rule.aggregate(shuffled, base).orElseThrow();
            AggregationResult merged;
            try {
                merged = groupedAndMerged(gen, spec, inputs, base).result().orElseThrow();
            } catch (InterruptedException | ExecutionException e) {
                throw new AssertionError(e);
            }
            StreamingAggregation stream = rule.streaming(samplesOf(inputs), base).orElseThrow();
            Collections.shuffle(shuffled, gen.javaRandom());
            shuffled.forEach(stream::add);
            AggregationResult streamed = stream.finish();

            for (AggregationResult other : List.of(reordered, merged, streamed)) {
                cases.incrementAndGet();
                if (!java.util.Arrays.equals(rawBits(other.model()), rawBits(expected.model()))) {
                    mismatches.incrementAndGet();
                }
                assertThat(other.weights()).isEqualTo(expected.weights());
            }
            assertThat(mismatches.get()).isZero();
        });
        System.out.println("exact aggregation: " + cases.get() + " reordered, regrouped or streamed results compared, "
                + mismatches.get() + " mismatches");
        assertThat(cases.get()).isEqualTo(3 * 3000);
    }

    @Test
    void equals_the_nearest_float_to_the_exact_weighted_mean_of_the_codes() {
        PropertyCheck.forAll(1000, gen -> {
            RuleSpec spec = spec(Integer.toString(gen.intBetween(0, 32)));
            FixedPoint format = FixedPoint.of(spec);
            int[] sizes = sizes(gen);
            List<AggregationInput> inputs = inputs(gen, gen.intBetween(1, 9), sizes, gen.bool());
            Model base = Fixtures.randomModel(gen.split(), sizes, 1f);

            Model output = AggregationRules.of(spec).aggregate(inputs, base).orElseThrow().model();

            BigInteger total = BigInteger.ZERO;
            for (AggregationInput input : inputs) {
                total = total.add(BigInteger.valueOf(input.sampleCount()));
            }
            BigInteger denominator = total.shiftLeft(spec.scaleBits());
            for (int t = 0; t < sizes.length; t++) {
                for (int j = 0; j < sizes[t]; j++) {
                    BigInteger sum = BigInteger.ZERO;
                    for (AggregationInput input : inputs) {
                        int code = format.code(input.model().tensors().get(t).value(j));
                        sum = sum.add(BigInteger.valueOf(input.sampleCount()).multiply(BigInteger.valueOf(code)));
                    }
                    float actual = output.tensors().get(t).value(j);
                    assertThat(Float.floatToRawIntBits(actual)).as("tensor %d index %d", t, j)
                            .isEqualTo(Float.floatToRawIntBits(nearestFloat(sum, denominator)));
                }
            }
        });
    }

    @Test
    void rounds_once_to_the_nearest_float_ties_to_even_on_both_paths() {
        AtomicInteger checked = new AtomicInteger();
        PropertyCheck.forAll(20000, gen -> {
            int scaleBits = gen.intBetween(0, 32);
            long weight = gen.oneOf(() -> gen.longBetween(1, 1000), () -> gen.longBetween(1, 1L << 53),
                    () -> gen.longBetween(1, Long.MAX_VALUE));
            BigInteger n;
            if (gen.bool()) {
                n = BigInteger.valueOf(gen.anyLong()).shiftLeft(gen.intBetween(0, 30)).add(BigInteger.valueOf(gen
                        .anyLong()));
            } else {
                // A sum just at, below or above a float32 midpoint times the denominator.
                float f = Float.intBitsToFloat(gen.intBetween(0x30000000, 0x4f000000)) * (gen.bool() ? 1 : -1);
                BigDecimal mid = new BigDecimal((double) f).add(new BigDecimal((double) Math.nextUp(f))).divide(
                        BigDecimal.valueOf(2));
                BigDecimal scaled = mid.multiply(new BigDecimal(BigInteger.valueOf(weight).shiftLeft(scaleBits)));
                n = scaled.toBigInteger().add(BigInteger.valueOf(gen.intBetween(-1, 1)));
            }
            if (n.bitLength() > 120) {
                return;
            }
            long lo = n.longValue();
            long hi = n.shiftRight(64).longValue();
            float actual = ExactMath.quotient(hi, lo, weight, scaleBits);
            float expected = nearestFloat(n, BigInteger.valueOf(weight).shiftLeft(scaleBits));
            assertThat(Float.floatToRawIntBits(actual)).as("%s / (%d * 2^%d)", n, weight, scaleBits)
                    .isEqualTo(Float.floatToRawIntBits(expected));
            checked.incrementAndGet();
        });
        assertThat(checked.get()).isGreaterThan(15000);
    }

    @Nested
    class EdgeCases {
        private final Model base = Fixtures.vector(0f, 0f, 0f, 0f);

        @Test
        void one_input_gives_its_own_values_at_the_fixed_point_resolution() {
            FixedPoint format = FixedPoint.of(SPEC);
            float[] values = {0.1f, -3.75f, 1e-9f, 100.000001f};
            Model output = AggregationRules.of(SPEC).aggregate(List.of(Fixtures.input("a", 7, values)), base)
                    .orElseThrow().model();
            float[] expected = new float[values.length];
            for (int j = 0; j < values.length; j++) {
                expected[j] = format.value(format.code(values[j]));
            }
            assertThat(Fixtures.values(output)).containsExactly(expected);
            assertThat(Fixtures.values(output)[0]).isEqualTo(0.100000024f).isCloseTo(0.1f, within(0x1p-25f));
            assertThat(Fixtures.values(output)[2]).isEqualTo(0.0f);
        }

        @Test
        void clamps_values_beyond_the_code_range_to_its_ends() {
            FixedPoint format = FixedPoint.of(SPEC);
            float largest = format.value(Integer.MAX_VALUE);
            Model output = AggregationRules.of(SPEC).aggregate(List.of(
                    Fixtures.input("a", 1, Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, 129f),
                    Fixtures.input("b", 1, Float.MAX_VALUE, -Float.MAX_VALUE, -Float.MIN_VALUE, 127f)), base)
                    .orElseThrow().model();
            assertThat(largest).isEqualTo(128f);
            assertThat(Fixtures.values(output)).containsExactly(largest, format.value(Integer.MIN_VALUE), 0.0f,
                    (largest + 127f) / 2);
            assertThat(format.value(Integer.MIN_VALUE)).isEqualTo(-128f);
        }

        @Test
        void refuses_nan_and_infinities_with_a_stable_code() {
            FixedPoint format = FixedPoint.of(SPEC);
            for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
                assertThatThrownBy(() -> format.code(bad)).isInstanceOfSatisfying(ModelFormatException.class,
                        e -> assertThat(e.code()).isEqualTo(FormatError.NON_FINITE_VALUE));
                assertThatThrownBy(() -> Tensor.of("w", new int[] {1}, new float[] {bad}))
                        .isInstanceOfSatisfying(ModelFormatException.class,
                                e -> assertThat(e.code()).isEqualTo(FormatError.NON_FINITE_VALUE));
            }
        }

        @Test
        void refuses_an_input_with_zero_samples_so_no_weight_is_zero() {
            assertThatThrownBy(() -> Fixtures.input("a", 0, 1f)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at least 1");
        }

        @Test
        void gives_positive_zero_where_the_codes_sum_to_zero() {
            Model output = AggregationRules.of(SPEC).aggregate(List.of(Fixtures.input("a", 3, -0.0f, 1f, -1f, 0f),
                    Fixtures.input("b", 3, -0.0f, -1f, 1f, -0.0f)), base).orElseThrow().model();
            for (float v : Fixtures.values(output)) {
                assertThat(Float.floatToRawIntBits(v)).isZero();
            }
        }

        @Test
        void widens_to_128_bits_past_the_narrow_weight_limit_and_stays_exact() {
            long huge = Long.MAX_VALUE / 3;
            List<AggregationInput> inputs = List.of(Fixtures.input("a", huge, 127.5f, -127.5f, 1f, 3f),
                    Fixtures.input("b", huge, 127.5f, -127.5f, 2f, 3f), Fixtures.input("c", 1, -127.5f, 0f, 0f, 3f));
            Model output = AggregationRules.of(SPEC).aggregate(inputs, base).orElseThrow().model();
            assertThat(Fixtures.values(output)).containsExactly(127.5f, -127.5f, 1.5f, 3f);
        }

        @Test
        void has_nothing_to_give_for_a_sum_over_no_input() {
            assertThat(ExactSum.of(SPEC, List.of(), base).result()).isEmpty();
        }

        @Test
        void refuses_to_merge_a_sum_with_an_input_it_already_holds_or_of_another_rule() {
            ExactSum a = ExactSum.of(SPEC, List.of(Fixtures.input("a", 1, 1f, 2f, 3f, 4f)), base);
            assertThatThrownBy(() -> a.merge(a)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'a' is in both sums");
            ExactSum other = ExactSum.of(spec("16"), List.of(Fixtures.input("b", 1, 1f, 2f, 3f, 4f)), base);
            assertThatThrownBy(() -> a.merge(other)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("different rules");
        }

        @Test
        void refuses_a_rule_that_does_not_sum_exactly() {
            assertThatThrownBy(() -> ExactSum.of(RuleSpec.of(RuleName.FEDAVG), List.of(), base))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not sum fixed-point codes");
        }

        @Test
        void takes_scale_bits_from_0_to_32_only() {
            assertThatThrownBy(() -> spec("33")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'scale_bits' must be in [0, 32]");
            assertThatThrownBy(() -> RuleSpec.of(RuleName.EXACT_FEDAVG)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("parameter 'scale_bits' is required");
            assertThat(spec("0").scaleBits()).isZero();
        }

        @Test
        void streams_inputs_in_any_order_but_each_declared_one_once() {
            List<AggregationInput> inputs = List.of(Fixtures.input("a", 1, 1f, 2f, 3f, 4f),
                    Fixtures.input("b", 2, 1f, 2f, 3f, 4f));
            StreamingAggregation stream = AggregationRules.of(SPEC).streaming(samplesOf(inputs), base).orElseThrow();
            stream.add(inputs.get(1));
            assertThatThrownBy(() -> stream.add(inputs.get(1))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("already added");
            assertThatThrownBy(() -> stream.add(Fixtures.input("c", 1, 1f, 2f, 3f, 4f)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not declared");
            assertThatThrownBy(stream::finish).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("only 1 of the 2");
        }
    }

    private static SortedMap<String, Long> samplesOf(List<AggregationInput> inputs) {
        SortedMap<String, Long> samples = new TreeMap<>();
        inputs.forEach(i -> samples.put(i.id(), i.sampleCount()));
        return samples;
    }

    /**
     * The float32 nearest to {@code n / d} ({@code d > 0}), ties to even, by exact comparison of the
     * candidates around a BigDecimal approximation; {@code +0.0f} for zero.
     */
    static float nearestFloat(BigInteger n, BigInteger d) {
        if (n.signum() == 0) {
            return 0.0f;
        }
        BigDecimal exact = new BigDecimal(n);
        BigDecimal den = new BigDecimal(d);
        float guess = exact.divide(den, new java.math.MathContext(60)).floatValue();
        float best = guess;
        BigDecimal bestError = null;
        for (float c : new float[] {Math.nextDown(Math.nextDown(guess)), Math.nextDown(guess), guess, Math.nextUp(guess),
                Math.nextUp(Math.nextUp(guess))}) {
            BigDecimal error = exact.subtract(new BigDecimal((double) c).multiply(den)).abs();
            int cmp = bestError == null ? -1 : error.compareTo(bestError);
            if (cmp < 0 || (cmp == 0 && (Float.floatToRawIntBits(c) & 1) == 0)) {
                best = c;
                bestError = error;
            }
        }
        return best;
    }
}

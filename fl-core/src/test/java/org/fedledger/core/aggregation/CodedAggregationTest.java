package org.fedledger.core.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fedledger.core.aggregation.Fixtures.rawBits;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelSchema;
import org.fedledger.core.testing.Gen;
import org.fedledger.core.testing.PropertyCheck;
import org.junit.jupiter.api.Test;

/**
 * Exact FedAvg over compressed updates sums their decoded codes as they are: the output is the float32
 * nearest to the exact weighted mean of the codes (one rounding), the same bits under any input order,
 * grouping into partial sums and streaming, and equal to the float32 path when nothing was lost.
 */
class CodedAggregationTest {
    private record Round(RuleSpec spec, Model base, List<AggregationInput> inputs) {
    }

    private static Round round(Gen gen) {
        UpdateCodec codec = CodecFixtures.codec(gen);
        int scaleBits = gen.intBetween(0, 32);
        RuleSpec spec = RuleSpec.of(RuleName.EXACT_FEDAVG,
                Map.of(RuleSpec.SCALE_BITS, Integer.toString(scaleBits), RuleSpec.CODEC, codec.name()));
        ModelSchema schema = CodecFixtures.schema(gen);
        Model base = CodecFixtures.model(gen, schema, gen.of(0.01f, 1f, 100f));
        List<AggregationInput> inputs = new ArrayList<>();
        int n = gen.intBetween(1, 12);
        for (int i = 0; i < n; i++) {
            Model update = CodecFixtures.trained(gen, base, gen.of(1e-6f, 1e-2f, 1f, 1e4f));
            byte[] bytes = codec.encode(update, base, scaleBits, gen.anyLong(), new double[0]).bytes();
            long samples = gen.intBetween(0, 4) == 0 ? gen.longBetween(1, 1L << 58) : gen.longBetween(1, 5000);
            String id = String.format("u%02d", i);
            AggregationInput input = AggregationInput.coded(id, ContentHash.of(bytes),
                    codec.decode(bytes, base, scaleBits), samples);
            // Now and then a float32 update in the same round: both kinds sum on one grid.
            inputs.add(gen.intBetween(0, 9) == 0 ? Fixtures.input(id, samples, update) : input);
        }
        return new Round(spec, base, inputs);
    }

    @Test
    void gives_the_same_bits_under_any_order_grouping_and_streaming() {
        AtomicInteger cases = new AtomicInteger();
        AtomicInteger mismatches = new AtomicInteger();
        PropertyCheck.forAll(3000, gen -> {
            Round r = round(gen);
            AggregationRule rule = AggregationRules.of(r.spec());
            byte[] expected = rawBits(rule.aggregate(r.inputs(), r.base()).orElseThrow().model());

            List<AggregationInput> shuffled = new ArrayList<>(r.inputs());
            Collections.shuffle(shuffled, gen.javaRandom());
            byte[] reordered = rawBits(rule.aggregate(shuffled, r.base()).orElseThrow().model());

            Collections.shuffle(shuffled, gen.javaRandom());
            List<ExactSum> parts = new ArrayList<>();
            for (int from = 0; from < shuffled.size(); ) {
                int to = Math.min(shuffled.size(), from + gen.intBetween(1, 4));
                parts.add(ExactSum.of(r.spec(), shuffled.subList(from, to), r.base()));
                from = to;
            }
            while (parts.size() > 1) {
                ExactSum a = parts.remove(gen.intBetween(0, parts.size() - 1));
                ExactSum b = parts.remove(gen.intBetween(0, parts.size() - 1));
                parts.add(a.merge(b));
            }
            byte[] merged = rawBits(parts.get(0).result().orElseThrow().model());

            SortedMap<String, Long> samples = new TreeMap<>();
            r.inputs().forEach(i -> samples.put(i.id(), i.sampleCount()));
            StreamingAggregation stream = rule.streaming(samples, r.base()).orElseThrow();
            Collections.shuffle(shuffled, gen.javaRandom());
            shuffled.forEach(stream::add);
            byte[] streamed = rawBits(stream.finish().model());

            for (byte[] other : List.of(reordered, merged, streamed)) {
                cases.incrementAndGet();
                if (!Arrays.equals(other, expected)) {
                    mismatches.incrementAndGet();
                }
            }
        });
        System.out.println("coded exact aggregation: " + cases.get() + " reordered, regrouped or streamed results"
                + " compared, " + mismatches.get() + " mismatches");
        assertThat(cases.get()).isEqualTo(9000);
        assertThat(mismatches.get()).isZero();
    }

    @Test
    void equals_the_nearest_float_to_the_exact_weighted_mean_of_the_decoded_codes() {
        PropertyCheck.forAll(1000, gen -> {
            Round r = round(gen);
            Model output = AggregationRules.of(r.spec()).aggregate(r.inputs(), r.base()).orElseThrow().model();
            BigInteger total = BigInteger.ZERO;
            for (AggregationInput input : r.inputs()) {
                total = total.add(BigInteger.valueOf(input.sampleCount()));
            }
            BigInteger denominator = total.shiftLeft(r.spec().scaleBits());
            int scaleBits = r.spec().scaleBits();
            for (int t = 0; t < r.base().tensors().size(); t++) {
                for (int j = 0; j < r.base().tensors().get(t).size(); j++) {
                    BigInteger sum = BigInteger.ZERO;
                    for (AggregationInput input : r.inputs()) {
                        int q = input.codes().orElseGet(() -> FixedPointUpdate.of(input.model(), scaleBits)).code(t, j);
                        sum = sum.add(BigInteger.valueOf(input.sampleCount()).multiply(BigInteger.valueOf(q)));
                    }
                    assertThat(Float.floatToRawIntBits(output.tensors().get(t).value(j))).as("tensor %d index %d", t, j)
                            .isEqualTo(Float.floatToRawIntBits(ExactAggregationTest.nearestFloat(sum, denominator)));
                }
            }
        });
    }

    @Test
    void an_update_that_lost_nothing_aggregates_as_its_float32_form() {
        PropertyCheck.forAll(300, gen -> {
            ModelSchema schema = CodecFixtures.schema(gen);
            Model base = CodecFixtures.onGrid(gen, schema, 24);
            UpdateCodec codec = UpdateCodec.parse(gen.of("int8/64", "int4/16", "topk/1"));
            RuleSpec coded = RuleSpec.of(RuleName.EXACT_FEDAVG, Map.of(RuleSpec.SCALE_BITS, "24", RuleSpec.CODEC,
                    codec.name()));
            RuleSpec plain = RuleSpec.of(RuleName.EXACT_FEDAVG, Map.of(RuleSpec.SCALE_BITS, "24"));
            List<AggregationInput> codedInputs = new ArrayList<>();
            List<AggregationInput> plainInputs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Model update = CodecFixtures.onGrid(gen, schema, 24); // offsets within int32, 7-bit steps or fewer
                if (codec.kind() != CodecKind.TOPK) {
                    update = base; // block codes hold a zero offset exactly
                }
                byte[] bytes = codec.encode(update, base, 24, i, new double[0]).bytes();
                codedInputs.add(AggregationInput.coded("u" + i, ContentHash.of(bytes), codec.decode(bytes, base, 24), 10 + i));
                plainInputs.add(Fixtures.input("u" + i, 10 + i, update));
            }
            assertThat(rawBits(AggregationRules.of(coded).aggregate(codedInputs, base).orElseThrow().model()))
                    .isEqualTo(rawBits(AggregationRules.of(plain).aggregate(plainInputs, base).orElseThrow().model()));
        });
    }
}

package org.fedledger.core.aggregation;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.Tensor;

/** Small models and inputs for aggregation tests. */
final class Fixtures {
    private Fixtures() {
    }

    /** @return a model with one tensor {@code w} holding {@code values} */
    static Model vector(float... values) {
        return Model.of(List.of(Tensor.of("w", new int[] {values.length}, values)));
    }

    /** @return an input with one tensor {@code w} */
    static AggregationInput input(String id, long samples, float... values) {
        return new AggregationInput(id, hashOf(id), vector(values), samples);
    }

    /** @return an input holding {@code model} */
    static AggregationInput input(String id, long samples, Model model) {
        return new AggregationInput(id, hashOf(id), model, samples);
    }

    static ContentHash hashOf(String text) {
        return ContentHash.of(text.getBytes(StandardCharsets.UTF_8));
    }

    static RuleSpec spec(RuleName rule, String... keyValues) {
        Map<String, String> params = new java.util.TreeMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            params.put(keyValues[i], keyValues[i + 1]);
        }
        return RuleSpec.of(rule, params);
    }

    /** @return the single tensor {@code w} of {@code model} */
    static float[] values(Model model) {
        return model.tensor("w").orElseThrow().values();
    }

    /**
     * @return a model with tensors {@code a/bias} (sizes[0] values), {@code a/kernel} (sizes[1]) and
     *     so on, values drawn from {@code random}: mostly in [-scale, scale], with the occasional exact
     *     zero, negative zero and repeated value so that ties and signed zeros are exercised
     */
    static Model randomModel(SplittableRandom random, int[] sizes, float scale) {
        List<Tensor> tensors = new ArrayList<>();
        for (int t = 0; t < sizes.length; t++) {
            float[] values = new float[sizes[t]];
            for (int j = 0; j < values.length; j++) {
                int kind = random.nextInt(20);
                values[j] = switch (kind) {
                    case 0 -> 0.0f;
                    case 1 -> -0.0f;
                    case 2 -> 1.0f;
                    default -> (float) ((random.nextDouble() * 2.0 - 1.0) * scale);
                };
            }
            tensors.add(Tensor.of("t" + t, new int[] {sizes[t]}, values));
        }
        return Model.of(tensors);
    }

    /** @return {@code n} inputs of random models with ids {@code u00, u01, ...} and random sample counts */
    static List<AggregationInput> randomInputs(long seed, int n, int[] sizes, float scale) {
        SplittableRandom random = new SplittableRandom(seed);
        List<AggregationInput> inputs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String id = String.format("u%02d", i);
            inputs.add(input(id, 1 + random.nextInt(500), randomModel(random, sizes, scale)));
        }
        return inputs;
    }

    /** @return the raw bits of every value of {@code model}, little-endian, tensors in canonical order */
    static byte[] rawBits(Model model) {
        ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(model.parameterCount() * Float.BYTES))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (Tensor t : model.tensors()) {
            for (int i = 0; i < t.size(); i++) {
                buffer.putInt(Float.floatToRawIntBits(t.value(i)));
            }
        }
        return buffer.array();
    }
}

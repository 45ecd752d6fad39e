package org.fedledger.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.fedledger.core.aggregation.AggregationInput;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.Tensor;
import org.fedledger.core.model.TensorSpec;

/** Deterministic benchmark data: the same seed gives the same models in every run. */
final class Payloads {
    /** Parameters of one benchmark model: a 1024 x 1023 kernel plus a 1024 bias, 2^20 floats. */
    static final int PARAMETERS = 1 << 20;
    /** Bytes of float data in one benchmark model (4 MiB). */
    static final int MODEL_BYTES = PARAMETERS * Float.BYTES;
    /** Updates aggregated per FedAvg invocation. */
    static final int UPDATES = 100;
    /** Bytes of float input one FedAvg invocation reads (400 MiB). */
    static final int FEDAVG_INPUT_BYTES = UPDATES * MODEL_BYTES;

    private Payloads() {
    }

    /** @return a model of {@link #PARAMETERS} small pseudo-random values */
    static Model model(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return Model.of(List.of(
                Tensor.of(TensorSpec.of("dense/kernel", 1024, 1023), values(random, 1024 * 1023)),
                Tensor.of(TensorSpec.of("dense/bias", 1024), values(random, 1024))));
    }

    /** @return {@link #UPDATES} inputs with distinct models and sample counts between 1 and 1000 */
    static List<AggregationInput> updates() {
        List<AggregationInput> inputs = new ArrayList<>(UPDATES);
        SplittableRandom samples = new SplittableRandom(7);
        for (int i = 0; i < UPDATES; i++) {
            String id = String.format("update-%03d", i);
            inputs.add(new AggregationInput(id, ContentHash.of(id.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    model(1000 + i), 1 + samples.nextInt(1000)));
        }
        return inputs;
    }

    /** @return {@link #MODEL_BYTES} pseudo-random bytes */
    static byte[] bytes(long seed) {
        byte[] bytes = new byte[MODEL_BYTES];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    private static float[] values(SplittableRandom random, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) ((random.nextDouble() * 2.0 - 1.0) * 0.05);
        }
        return values;
    }
}

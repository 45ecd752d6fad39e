package org.fedledger.core.aggregation;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelSchema;
import org.fedledger.core.model.Tensor;
import org.fedledger.core.model.TensorSpec;
import org.fedledger.core.testing.Gen;

/** Random codecs, schemas, base models and updates for the codec tests. */
final class CodecFixtures {
    private CodecFixtures() {
    }

    static UpdateCodec codec(Gen gen) {
        return gen.oneOf(
                () -> UpdateCodec.parse("int8/" + gen.of(1, 2, 3, 7, 16, 64, 100, 4096)),
                () -> UpdateCodec.parse("int4/" + gen.of(1, 2, 3, 7, 16, 64, 99)),
                () -> UpdateCodec.parse("topk/" + gen.of("0.000001", "0.01", "0.1", "0.37", "0.5", "1")));
    }

    static ModelSchema schema(Gen gen) {
        int tensors = gen.intBetween(1, 3);
        List<TensorSpec> specs = new ArrayList<>();
        for (int t = 0; t < tensors; t++) {
            specs.add(TensorSpec.of("t" + t, new int[] {gen.intBetween(1, gen.bool() ? 9 : 300)}));
        }
        return ModelSchema.of(specs);
    }

    /** A model of {@code schema} whose values lie within {@code magnitude}. */
    static Model model(Gen gen, ModelSchema schema, float magnitude) {
        SplittableRandom random = gen.split();
        List<Tensor> tensors = new ArrayList<>();
        for (TensorSpec spec : schema.tensors()) {
            float[] values = new float[spec.elementCount()];
            for (int j = 0; j < values.length; j++) {
                values[j] = random.nextInt(16) == 0 ? 0f : (float) ((random.nextDouble() * 2 - 1) * magnitude);
            }
            tensors.add(Tensor.of(spec, values));
        }
        return Model.of(tensors);
    }

    /** {@code base} moved by random steps of up to {@code step} in each coordinate (some left unchanged). */
    static Model trained(Gen gen, Model base, float step) {
        SplittableRandom random = gen.split();
        List<Tensor> tensors = new ArrayList<>();
        for (Tensor b : base.tensors()) {
            float[] values = b.values();
            for (int j = 0; j < values.length; j++) {
                if (random.nextInt(8) != 0) {
                    values[j] += (float) ((random.nextDouble() * 2 - 1) * step);
                }
            }
            tensors.add(Tensor.of(b.spec(), values));
        }
        return Model.of(tensors);
    }

    /** A model of {@code schema} on the fixed-point grid: every value {@code code * 2^-scaleBits} exactly. */
    static Model onGrid(Gen gen, ModelSchema schema, int scaleBits) {
        List<Tensor> tensors = new ArrayList<>();
        for (TensorSpec spec : schema.tensors()) {
            float[] values = new float[spec.elementCount()];
            for (int j = 0; j < values.length; j++) {
                values[j] = Math.scalb((float) gen.intBetween(-(1 << 20), 1 << 20), -scaleBits);
            }
            tensors.add(Tensor.of(spec, values));
        }
        return Model.of(tensors);
    }

    /** The offsets of {@code codes} from {@code base}'s codes, one per coordinate. */
    static double[] offsets(FixedPointUpdate codes, Model base) {
        FixedPoint format = FixedPoint.of(codes.scaleBits());
        double[] d = new double[Math.toIntExact(base.parameterCount())];
        int at = 0;
        for (int t = 0; t < base.tensors().size(); t++) {
            Tensor b = base.tensors().get(t);
            for (int j = 0; j < b.size(); j++) {
                d[at++] = (double) codes.code(t, j) - format.code(b.value(j));
            }
        }
        return d;
    }

    /** @return whether some code hit the 32-bit bound (then the offsets cannot be read back from the codes) */
    static boolean clamped(FixedPointUpdate codes) {
        for (int t = 0; t < codes.schema().tensors().size(); t++) {
            for (int j = 0; j < codes.schema().tensors().get(t).elementCount(); j++) {
                int q = codes.code(t, j);
                if (q == Integer.MIN_VALUE || q == Integer.MAX_VALUE) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Splits {@code bytes} into 1 to 4 chunks at random places. */
    static List<byte[]> chunks(Gen gen, byte[] bytes) {
        List<byte[]> chunks = new ArrayList<>();
        int from = 0;
        int parts = gen.intBetween(1, 4);
        for (int p = 1; p < parts && from < bytes.length; p++) {
            int to = gen.intBetween(from + 1, bytes.length);
            chunks.add(java.util.Arrays.copyOfRange(bytes, from, to));
            from = to;
        }
        chunks.add(java.util.Arrays.copyOfRange(bytes, from, bytes.length));
        return chunks;
    }
}

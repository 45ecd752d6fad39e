package org.fedledger.core.aggregation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelSchema;
import org.fedledger.core.model.Tensor;
import org.fedledger.core.model.TensorSpec;

/**
 * An update as the integer codes an exact rule sums ({@link FixedPoint}): per coordinate
 * {@code q = clamp32(code(base) + offset)}, where the offsets are what a compressed update
 * ({@link UpdateCodec}) carries. An exact rule sums these codes as they are, with no rounding on the
 * way in; {@link #model()} is only the nearest float32 view of them, for people and for rules that do
 * not sum exactly.
 *
 * <pre>{@code
 * FixedPointUpdate codes = codec.decode(payload, base, 24);
 * AggregationInput input = AggregationInput.coded(updateKey, ContentHash.of(payload), codes, 120);
 * }</pre>
 */
public final class FixedPointUpdate {
    private final ModelSchema schema;
    private final int scaleBits;
    private final int[][] codes;
    private final Model model;

    /** Takes ownership of {@code codes}: one array per tensor of {@code schema}, in its order. */
    FixedPointUpdate(ModelSchema schema, int scaleBits, int[][] codes) {
        this.schema = schema;
        this.scaleBits = scaleBits;
        this.codes = codes;
        FixedPoint format = FixedPoint.of(scaleBits);
        List<TensorSpec> specs = schema.tensors();
        List<Tensor> tensors = new ArrayList<>(specs.size());
        for (int t = 0; t < codes.length; t++) {
            float[] values = new float[codes[t].length];
            for (int j = 0; j < values.length; j++) {
                values[j] = format.value(codes[t][j]);
            }
            tensors.add(Tensor.of(specs.get(t), values));
        }
        this.model = Model.of(tensors);
    }

    /**
     * The codes of a float32 model, as an exact rule would code it.
     *
     * <pre>{@code
     * FixedPointUpdate codes = FixedPointUpdate.of(model, 24);
     * }</pre>
     *
     * @param model a model
     * @param scaleBits fractional bits, in [0, {@link FixedPoint#MAX_SCALE_BITS}]
     * @return its codes
     * @throws IllegalArgumentException when {@code scaleBits} is out of range
     */
    public static FixedPointUpdate of(Model model, int scaleBits) {
        Objects.requireNonNull(model, "model");
        FixedPoint format = FixedPoint.of(scaleBits);
        List<Tensor> tensors = model.tensors();
        int[][] codes = new int[tensors.size()][];
        for (int t = 0; t < codes.length; t++) {
            Tensor tensor = tensors.get(t);
            codes[t] = new int[tensor.size()];
            for (int j = 0; j < codes[t].length; j++) {
                codes[t][j] = format.code(tensor.value(j));
            }
        }
        return new FixedPointUpdate(model.schema(), scaleBits, codes);
    }

    /** @return the schema the codes follow */
    public ModelSchema schema() {
        return schema;
    }

    /** @return the fractional bits of the codes */
    public int scaleBits() {
        return scaleBits;
    }

    /**
     * @param tensor index of the tensor in the schema's order
     * @param index row-major index inside it
     * @return the code
     */
    public int code(int tensor, int index) {
        return codes[tensor][index];
    }

    /** @return the codes of one tensor, not copied: callers in this package only read them */
    int[] codesView(int tensor) {
        return codes[tensor];
    }

    /** @return per coordinate the float32 nearest to {@code q * 2^-scaleBits} */
    public Model model() {
        return model;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FixedPointUpdate other && scaleBits == other.scaleBits && schema.equals(other.schema)
                && Arrays.deepEquals(codes, other.codes);
    }

    @Override
    public int hashCode() {
        return 31 * scaleBits + Arrays.deepHashCode(codes);
    }

    @Override
    public String toString() {
        return "FixedPointUpdate{scaleBits=" + scaleBits + ", schema=" + schema + "}";
    }
}

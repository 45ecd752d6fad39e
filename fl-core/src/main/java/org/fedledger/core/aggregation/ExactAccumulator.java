package org.fedledger.core.aggregation;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelSchema;
import org.fedledger.core.model.Tensor;
import org.fedledger.core.model.TensorSpec;

/**
 * One integer per coordinate of a schema: the exact weighted sum of the codes of every input added,
 * and the total weight. Narrow ({@code long}) while the total weight is at most
 * {@link ExactMath#NARROW_WEIGHT_LIMIT}, widened to 128 bits the moment an addition would pass it (see
 * {@link ExactMath} for the bound). Mutable; {@link ExactSum} wraps copies of it as values.
 */
final class ExactAccumulator {
    /** Codes added (inputs times coordinates) from which tiles run in parallel: below, threads cost more than they give. */
    private static final long PARALLEL_WORK = 1L << 22;
    private final ModelSchema schema;
    private final int scaleBits;
    private final double scale;
    private final long[][] lo;
    /** The high words once wide; null while narrow. */
    private long[][] hi;
    private long weight;

    ExactAccumulator(ModelSchema schema, int scaleBits) {
        this.schema = schema;
        this.scaleBits = scaleBits;
        this.scale = ExactMath.scale(scaleBits);
        List<TensorSpec> specs = schema.tensors();
        this.lo = new long[specs.size()][];
        for (int t = 0; t < lo.length; t++) {
            lo[t] = new long[specs.get(t).elementCount()];
        }
    }

    /** @return the total weight added */
    long weight() {
        return weight;
    }

    /** Adds {@code w * code(x)} per coordinate; {@code x} has the schema. */
    void add(Model x, long w) {
        addAll(new Tensor[][] {x.tensors().toArray(new Tensor[0])}, new long[] {w});
    }

    /**
     * Adds {@code sum_i w[i] * code(in[i])} per coordinate ({@code in[i][t]}: tensor {@code t} of input
     * {@code i}, of the schema). The coordinates are cut into tiles; each tile's sums stay in cache while
     * every input streams through them once, and tiles run on the common fork-join pool when the work is
     * large. Tiles touch disjoint coordinates and integer sums do not depend on the order of their
     * additions, so neither the tiling nor the thread count changes a bit.
     */
    void addAll(Tensor[][] in, long[] w) {
        long total = weight;
        for (long wi : w) {
            total = addWeight(total, wi);
        }
        if (hi == null && total > ExactMath.NARROW_WEIGHT_LIMIT) {
            widen();
        }
        double[] doubleWeights = hi == null && total - weight <= ExactMath.DOUBLE_LANE_WEIGHT_LIMIT
                ? inDoubleLanes(in, w) : null;
        List<int[]> tiles = new ArrayList<>();
        long work = 0;
        for (int t = 0; t < lo.length; t++) {
            for (int start = 0; start < lo[t].length; start += AggregationMath.LINEAR_TILE) {
                tiles.add(new int[] {t, start, Math.min(AggregationMath.LINEAR_TILE, lo[t].length - start)});
            }
            work += (long) lo[t].length * in.length;
        }
        IntStream indices = IntStream.range(0, tiles.size());
        (work >= PARALLEL_WORK ? indices.parallel() : indices).forEach(k -> addTile(in, w, doubleWeights, tiles.get(k)));
        weight = total;
    }

    /**
     * The weights as doubles when every input's codes are unclamped ({@link ExactMath#codesUnclamped}),
     * so that the batch may be summed in double lanes; else null. The batch weight was checked by the
     * caller.
     */
    private double[] inDoubleLanes(Tensor[][] in, long[] w) {
        for (Tensor[] input : in) {
            for (Tensor x : input) {
                if (!ExactMath.codesUnclamped(x, scale)) {
                    return null;
                }
            }
        }
        double[] weights = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            weights[i] = w[i];
        }
        return weights;
    }

    private void addTile(Tensor[][] in, long[] w, double[] doubleWeights, int[] tile) {
        int t = tile[0];
        int start = tile[1];
        int len = tile[2];
        if (hi == null) {
            Tensor[] column = new Tensor[in.length];
            for (int i = 0; i < in.length; i++) {
                column[i] = in[i][t];
            }
            if (doubleWeights != null) {
                ExactMath.addNarrowInDoubles(lo[t], start, column, doubleWeights, start, len, scale, new double[len]);
            } else {
                ExactMath.addNarrow(lo[t], start, column, w, start, len, scale);
            }
        } else {
            for (int i = 0; i < in.length; i++) {
                ExactMath.addWide(hi[t], lo[t], in[i][t], w[i], start, len, scale);
            }
        }
    }

    /**
     * Adds {@code w * q} per coordinate for the codes {@code q} of a compressed update, as they are (no
     * coding); they must have this accumulator's schema and scale.
     */
    void addCodes(FixedPointUpdate x, long w) {
        if (x.scaleBits() != scaleBits || !x.schema().equals(schema)) {
            throw new IllegalArgumentException("codes with scale_bits " + x.scaleBits() + " cannot be added to an exact"
                    + " sum with scale_bits " + scaleBits + " or of another schema");
        }
        long total = addWeight(weight, w);
        if (hi == null && total > ExactMath.NARROW_WEIGHT_LIMIT) {
            widen();
        }
        for (int t = 0; t < lo.length; t++) {
            int[] q = x.codesView(t);
            long[] low = lo[t];
            if (hi == null) {
                for (int j = 0; j < low.length; j++) {
                    low[j] += w * q[j];
                }
            } else {
                ExactMath.addWideCodes(hi[t], low, q, w);
            }
        }
        weight = total;
    }

    /** Adds {@code w * code(x)} or, for a compressed input, {@code w * q} per coordinate. */
    void add(AggregationInput input, long w) {
        if (input.codes().isPresent()) {
            addCodes(input.codes().get(), w);
        } else {
            add(input.model(), w);
        }
    }

    /** Adds another accumulator's sums and weight (same schema and scale). */
    void add(ExactAccumulator other) {
        long total = totalWeight(weight, other.weight);
        if (hi == null && other.hi == null && total <= ExactMath.NARROW_WEIGHT_LIMIT) {
            for (int t = 0; t < lo.length; t++) {
                long[] a = lo[t];
                long[] b = other.lo[t];
                for (int j = 0; j < a.length; j++) {
                    a[j] += b[j];
                }
            }
        } else {
            if (hi == null) {
                widen();
            }
            for (int t = 0; t < lo.length; t++) {
                ExactMath.addWideSums(hi[t], lo[t], other.hi == null ? null : other.hi[t], other.lo[t]);
            }
        }
        weight = total;
    }

    /** Sets the narrow sums (flat, in schema order) and the total weight, at most the narrow limit. */
    void setSums(long[] flat, long totalWeight) {
        int k = 0;
        for (long[] low : lo) {
            System.arraycopy(flat, k, low, 0, low.length);
            k += low.length;
        }
        hi = null;
        weight = totalWeight;
    }

    /** @return a copy with the same sums and weight */
    ExactAccumulator copy() {
        ExactAccumulator copy = new ExactAccumulator(schema, scaleBits);
        copy.add(this);
        return copy;
    }

    /** @return per coordinate, the float32 nearest to {@code sum / (weight * 2^scaleBits)}; weight at least 1 */
    Model average() {
        List<TensorSpec> specs = schema.tensors();
        List<Tensor> out = new ArrayList<>(specs.size());
        for (int t = 0; t < lo.length; t++) {
            long[] low = lo[t];
            float[] values = new float[low.length];
            for (int j = 0; j < values.length; j++) {
                long high = hi == null ? low[j] >> 63 : hi[t][j];
                values[j] = ExactMath.quotient(high, low[j], weight, scaleBits);
            }
            out.add(Tensor.of(specs.get(t), values));
        }
        return Model.of(out);
    }

    /**
     * Adds one 64-bit integer per coordinate, tensor by tensor in schema order, to the 128-bit sums
     * (central noise on the sum's grid); the weight is unchanged.
     */
    void addEach(java.util.function.LongSupplier values) {
        if (hi == null) {
            widen();
        }
        for (int t = 0; t < lo.length; t++) {
            long[] low = lo[t];
            long[] high = hi[t];
            for (int j = 0; j < low.length; j++) {
                long v = values.getAsLong();
                long sum = low[j] + v;
                long carry = Long.compareUnsigned(sum, low[j]) < 0 ? 1 : 0;
                low[j] = sum;
                high[j] = high[j] + (v >> 63) + carry;
            }
        }
    }

    private void widen() {
        hi = new long[lo.length][];
        for (int t = 0; t < lo.length; t++) {
            hi[t] = new long[lo[t].length];
            for (int j = 0; j < lo[t].length; j++) {
                hi[t][j] = lo[t][j] >> 63;
            }
        }
    }

    private static long addWeight(long total, long w) {
        if (w < 1) {
            throw new IllegalArgumentException("an exact sum's weights are at least 1, was " + w);
        }
        return totalWeight(total, w);
    }

    private static long totalWeight(long total, long w) {
        try {
            return Math.addExact(total, w);
        } catch (ArithmeticException overflow) {
            throw new IllegalArgumentException("the total weight of an exact sum overflows a 64-bit integer");
        }
    }

    @Override
    public String toString() {
        return "ExactAccumulator{scaleBits=" + scaleBits + ", weight=" + weight + ", wide=" + (hi != null) + "}";
    }
}

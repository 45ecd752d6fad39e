package org.fedledger.core.aggregation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.Tensor;
import org.fedledger.core.model.TensorSpec;

/**
 * The arithmetic behind every rule, as pure static functions over tensors given in canonical order
 * ({@code in[i][t]} is tensor {@code t} of input {@code i}, inputs ascending by id, tensors by name).
 *
 * <p>Determinism rules kept here: single thread; every per-coordinate sum runs over the inputs in
 * canonical order and accumulates in {@code double}; every sum over coordinates runs tensor by tensor
 * in canonical order and index by index with one accumulator; square roots use {@link StrictMath}; no
 * fused multiply-add. Work is split into tiles of coordinates only to stay in cache: tiling changes
 * which coordinates are processed together, never the order of the additions into any one result, so
 * it never changes a bit of the output.
 */
final class AggregationMath {
    /**
     * Coordinates per tile for linear combinations: the 32 KB double accumulator stays in L1/L2 while
     * every input streams through it once. Measured on a 2-core AVX2 Xeon, 4096 to 16384 perform the
     * same; the loop is bound by scalar float-to-double conversion, not by the tile.
     */
    static final int LINEAR_TILE = 4096;
    /** Bytes of input tiles held at once by the coordinate-wise sorting and distance kernels. */
    private static final int GATHER_BYTES = 512 * 1024;

    private AggregationMath() {
    }

    /**
     * Per coordinate: {@code (float) ((c_0 * x_0 + c_1 * x_1 + ... + c_{n-1} * x_{n-1}) / divisor)},
     * the products and sums in double, added strictly left to right (input order).
     *
     * <p>For speed the accumulator tile takes eight inputs per pass, as
     * {@code acc = ((acc + c_i x_i) + c_{i+1} x_{i+1}) + ... + c_{i+7} x_{i+7}}: the same additions in
     * the same order as one input per pass, so the same bits, with an eighth of the accumulator
     * traffic. Inputs are read in place with {@link Tensor#value(int)}, which the JIT
     * inlines to a plain array read, so that loading the next values overlaps with the arithmetic.
     */
    static Model linearCombination(Tensor[][] in, double[] coefficients, double divisor, Model base) {
        int n = in.length;
        double[] acc = new double[LINEAR_TILE];
        List<Tensor> out = new ArrayList<>();
        List<Tensor> specs = base.tensors();
        Tensor[] column = new Tensor[n];
        for (int t = 0; t < specs.size(); t++) {
            TensorSpec spec = specs.get(t).spec();
            for (int i = 0; i < n; i++) {
                column[i] = in[i][t];
            }
            int size = spec.elementCount();
            float[] values = new float[size];
            for (int start = 0; start < size; start += LINEAR_TILE) {
                int len = Math.min(LINEAR_TILE, size - start);
                scale(acc, column[0], start, coefficients[0], len);
                int i = 1;
                for (; i + 8 <= n; i += 8) {
                    addScaled8(acc, column, coefficients, i, start, len);
                }
                for (; i < n; i++) {
                    addScaled(acc, column[i], start, coefficients[i], len);
                }
                divideInto(acc, divisor, values, start, len);
            }
            out.add(Tensor.of(spec, values));
        }
        return Model.of(out);
    }

    private static void scale(double[] acc, Tensor x, int from, double c, int len) {
        for (int j = 0; j < len; j++) {
            acc[j] = c * x.value(from + j);
        }
    }

    private static void addScaled(double[] acc, Tensor x, int from, double c, int len) {
        for (int j = 0; j < len; j++) {
            acc[j] += c * x.value(from + j);
        }
    }

    /** {@code acc += c_i x_i}, then {@code + c_{i+1} x_{i+1}}, ... up to input {@code i + 7}, left to right. */
    private static void addScaled8(double[] acc, Tensor[] x, double[] c, int i, int from, int len) {
        Tensor x0 = x[i], x1 = x[i + 1], x2 = x[i + 2], x3 = x[i + 3];
        Tensor x4 = x[i + 4], x5 = x[i + 5], x6 = x[i + 6], x7 = x[i + 7];
        double c0 = c[i], c1 = c[i + 1], c2 = c[i + 2], c3 = c[i + 3];
        double c4 = c[i + 4], c5 = c[i + 5], c6 = c[i + 6], c7 = c[i + 7];
        for (int j = 0; j < len; j++) {
            int k = from + j;
            double a = acc[j] + c0 * x0.value(k);
            a = a + c1 * x1.value(k);
            a = a + c2 * x2.value(k);
            a = a + c3 * x3.value(k);
            a = a + c4 * x4.value(k);
            a = a + c5 * x5.value(k);
            a = a + c6 * x6.value(k);
            acc[j] = a + c7 * x7.value(k);
        }
    }

    /**
     * The first input of a linear combination fed one input at a time: {@code acc[t][k] = c * x_t[k]},
     * exactly the first step {@link #linearCombination} takes for every coordinate.
     *
     * @param acc one accumulator per tensor of the schema, canonical order
     * @param x the first input, of the schema
     * @param c its coefficient
     */
    static void scaleInto(double[][] acc, Model x, double c) {
        List<Tensor> tensors = x.tensors();
        for (int t = 0; t < acc.length; t++) {
            scale(acc[t], tensors.get(t), 0, c, acc[t].length);
        }
    }

    /**
     * Each further input of a linear combination fed one input at a time:
     * {@code acc[t][k] = acc[t][k] + c * x_t[k]}, the same addition {@link #linearCombination} makes
     * for this input at every coordinate; fed in the same input order, the sums are the same bits.
     *
     * @param acc the accumulators of {@link #scaleInto}
     * @param x the next input in id order, of the schema
     * @param c its coefficient
     */
    static void addScaledInto(double[][] acc, Model x, double c) {
        List<Tensor> tensors = x.tensors();
        for (int t = 0; t < acc.length; t++) {
            addScaled(acc[t], tensors.get(t), 0, c, acc[t].length);
        }
    }

    /**
     * Ends a linear combination fed one input at a time: {@code (float) (acc / divisor)} per
     * coordinate, as {@link #linearCombination} ends.
     *
     * @param acc the accumulators, after every input
     * @param divisor the divisor
     * @param base a model of the schema, for the tensor specs
     * @return the combination
     */
    static Model divide(double[][] acc, double divisor, Model base) {
        List<Tensor> specs = base.tensors();
        List<Tensor> out = new ArrayList<>(specs.size());
        for (int t = 0; t < acc.length; t++) {
            float[] values = new float[acc[t].length];
            divideInto(acc[t], divisor, values, 0, values.length);
            out.add(Tensor.of(specs.get(t).spec(), values));
        }
        return Model.of(out);
    }

    private static void divideInto(double[] acc, double divisor, float[] out, int offset, int len) {
        for (int j = 0; j < len; j++) {
            out[offset + j] = (float) (acc[j] / divisor);
        }
    }

    /** Reduces one coordinate's values, sorted ascending in {@link Float#compare} order, to one value. */
    interface ColumnReducer {
        float reduce(float[] sortedColumn);
    }

    /** Reduces one coordinate's sorted values knowing which input (canonical index) sat at each rank. */
    interface RankedReducer {
        float reduce(float[] sortedColumn, int[] inputAtRank);
    }

    /**
     * The weighted median of a sorted column: the value at the first rank at or below which more than half
     * of {@code total} weight lies; where exactly half lies at or below a rank, the mean (in double) of its
     * value and the next rank's. With equal weights it is {@link #median}, bit for bit. Weights are integers
     * of at least 1 and every comparison is of integers, so the chosen ranks are exact. Each input whose
     * value is taken counts one coordinate in {@code chosen}.
     *
     * @param weights each input's weight (canonical index), at least 1
     * @param total their sum
     * @param chosen per input, the coordinates at which its value was taken
     */
    static RankedReducer weightedMedian(long[] weights, long total, long[] chosen) {
        return (sorted, inputAtRank) -> {
            long through = 0;
            for (int p = 0; p < sorted.length; p++) {
                through += weights[inputAtRank[p]];
                long above = total - through;
                if (through > above) {
                    chosen[inputAtRank[p]]++;
                    return sorted[p];
                }
                if (through == above) {
                    // Exactly half lies at or below rank p, and at least weight 1 above it: the next rank exists.
                    chosen[inputAtRank[p]]++;
                    chosen[inputAtRank[p + 1]]++;
                    return (float) (((double) sorted[p] + (double) sorted[p + 1]) / 2.0);
                }
            }
            throw new IllegalStateException("weights do not sum to " + total);
        };
    }

    /**
     * The weighted trimmed mean of a sorted column: weight {@code cut} is cut off at each end of the ranked
     * weight (rank {@code p} holds the weight from the sum of the lower ranks' weights to that plus its own),
     * each rank keeping the part of its weight between {@code cut} and {@code total - cut}, and the kept values
     * are averaged by kept weight in double, in rank order. With every weight 1 it is {@link #trimmedMean} of
     * {@code cut}, bit for bit. Each input whose whole weight is cut counts one coordinate in {@code low} or
     * {@code high}.
     *
     * @param weights each input's weight (canonical index), at least 1
     * @param total their sum
     * @param cut the weight cut at each end, below {@code total / 2}
     * @param low per input, the coordinates at which all of its weight was cut at the low end
     * @param high per input, the same at the high end
     */
    static RankedReducer weightedTrimmedMean(long[] weights, long total, long cut, long[] low, long[] high) {
        long keptTotal = total - 2 * cut;
        long keepBelow = total - cut;
        return (sorted, inputAtRank) -> {
            double sum = 0.0;
            boolean first = true;
            long through = 0;
            for (int p = 0; p < sorted.length; p++) {
                int input = inputAtRank[p];
                long from = through;
                through += weights[input];
                long kept = Math.min(through, keepBelow) - Math.max(from, cut);
                if (kept <= 0) {
                    if (through <= cut) {
                        low[input]++;
                    } else {
                        high[input]++;
                    }
                } else if (first) {
                    // Start from the first kept term rather than 0.0 so that a column of -0.0 stays -0.0.
                    sum = kept * (double) sorted[p];
                    first = false;
                } else {
                    sum += kept * (double) sorted[p];
                }
            }
            return (float) (sum / keptTotal);
        };
    }

    /** The median of a sorted column; for an even count the mean of the two middle values, in double. */
    static float median(float[] sorted) {
        int n = sorted.length;
        if ((n & 1) == 1) {
            return sorted[n / 2];
        }
        return (float) (((double) sorted[n / 2 - 1] + (double) sorted[n / 2]) / 2.0);
    }

    /** A reducer averaging a sorted column without its {@code trim} lowest and {@code trim} highest values. */
    static ColumnReducer trimmedMean(int trim) {
        return sorted -> {
            int kept = sorted.length - 2 * trim;
            // Start from the first kept value rather than 0.0 so that a column of -0.0 stays -0.0.
            double sum = sorted[trim];
            for (int j = trim + 1; j < sorted.length - trim; j++) {
                sum += sorted[j];
            }
            return (float) (sum / kept);
        };
    }

    /**
     * Counts, per input, the coordinates at which its value landed at chosen ranks of the sorted
     * column: rank {@code p} (0 the lowest) counts into slot {@code slotOfRank[p]}, or nowhere when it
     * is -1. Equal values rank by ascending input index (ascending id), so the count is exact and the
     * same on every machine.
     */
    static final class RankTally {
        private final int[] slotOfRank;
        private final long[][] counts;

        /**
         * @param slotOfRank for each rank of a column of {@code slotOfRank.length} inputs, its slot or -1
         * @param slots how many slots
         */
        RankTally(int[] slotOfRank, int slots) {
            this.slotOfRank = slotOfRank.clone();
            this.counts = new long[slots][slotOfRank.length];
        }

        /** @return how many coordinates input {@code input} (canonical index) counted into {@code slot} */
        long count(int slot, int input) {
            return counts[slot][input];
        }
    }

    /**
     * Per coordinate: gathers the inputs' values, sorts them ascending in {@link Float#compare} order
     * (a total order, so ties and signed zeros sort the same way everywhere) and reduces them. Each
     * value is sorted together with its input's index (ties by index), so {@code tally} learns which
     * input sat at which rank; the sorted values, and so the output, are those of a plain sort.
     */
    static Model coordinateWise(Tensor[][] in, Model base, ColumnReducer reducer, RankTally tally) {
        int[] slotOfRank = tally.slotOfRank;
        long[][] counts = tally.counts;
        return coordinateWise(in, base, (column, inputAtRank) -> {
            for (int p = 0; p < column.length; p++) {
                int slot = slotOfRank[p];
                if (slot >= 0) {
                    counts[slot][inputAtRank[p]]++;
                }
            }
            return reducer.reduce(column);
        });
    }

    /**
     * As {@link #coordinateWise(Tensor[][], Model, ColumnReducer, RankTally)}, the reducer told which input
     * sat at each rank.
     */
    static Model coordinateWise(Tensor[][] in, Model base, RankedReducer reducer) {
        int n = in.length;
        int tile = gatherTile(n);
        float[][] tiles = new float[n][tile];
        float[] column = new float[n];
        int[] inputAtRank = new int[n];
        long[] ranked = new long[n];
        List<Tensor> out = new ArrayList<>();
        List<Tensor> specs = base.tensors();
        for (int t = 0; t < specs.size(); t++) {
            TensorSpec spec = specs.get(t).spec();
            int size = spec.elementCount();
            float[] values = new float[size];
            for (int start = 0; start < size; start += tile) {
                int len = Math.min(tile, size - start);
                for (int i = 0; i < n; i++) {
                    in[i][t].copyValues(start, tiles[i], 0, len);
                }
                for (int j = 0; j < len; j++) {
                    for (int i = 0; i < n; i++) {
                        ranked[i] = ((long) totalOrderKey(tiles[i][j]) << 32) | i;
                    }
                    Arrays.sort(ranked);
                    for (int p = 0; p < n; p++) {
                        int i = (int) ranked[p];
                        column[p] = tiles[i][j];
                        inputAtRank[p] = i;
                    }
                    values[start + j] = reducer.reduce(column, inputAtRank);
                }
            }
            out.add(Tensor.of(spec, values));
        }
        return Model.of(out);
    }

    /**
     * An int whose signed order is {@link Float#compare}'s order of the floats: -0.0 below 0.0, NaN
     * (canonical) above every other value.
     */
    static int totalOrderKey(float value) {
        int bits = Float.floatToIntBits(value);
        return bits ^ ((bits >> 31) & 0x7fffffff);
    }

    /**
     * @return {@code d[i][j]}: the squared L2 distance between inputs {@code i} and {@code j} over all
     *     tensors, each computed once (so {@code d[i][j]} and {@code d[j][i]} are the same bits) with
     *     one double accumulator in canonical coordinate order
     */
    static double[][] pairwiseSquaredDistances(Tensor[][] in) {
        int n = in.length;
        double[][] d = new double[n][n];
        if (n < 2) {
            return d;
        }
        int tile = gatherTile(n);
        float[][] tiles = new float[n][tile];
        int tensorCount = in[0].length;
        for (int t = 0; t < tensorCount; t++) {
            int size = in[0][t].size();
            for (int start = 0; start < size; start += tile) {
                int len = Math.min(tile, size - start);
                for (int i = 0; i < n; i++) {
                    in[i][t].copyValues(start, tiles[i], 0, len);
                }
                for (int i = 0; i < n; i++) {
                    for (int k = i + 1; k < n; k++) {
                        d[i][k] = accumulateSquaredDifference(d[i][k], tiles[i], tiles[k], len);
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int k = i + 1; k < n; k++) {
                d[k][i] = d[i][k];
            }
        }
        return d;
    }

    private static double accumulateSquaredDifference(double sum, float[] a, float[] b, int len) {
        for (int j = 0; j < len; j++) {
            double diff = (double) a[j] - (double) b[j];
            sum += diff * diff;
        }
        return sum;
    }

    /**
     * Krum scores: for each input, the sum of its {@code neighbours} smallest squared distances to the
     * other inputs, added smallest first.
     */
    static double[] krumScores(double[][] distances, int neighbours) {
        int n = distances.length;
        double[] scores = new double[n];
        double[] others = new double[n - 1];
        for (int i = 0; i < n; i++) {
            int o = 0;
            for (int k = 0; k < n; k++) {
                if (k != i) {
                    others[o++] = distances[i][k];
                }
            }
            Arrays.sort(others);
            double score = 0.0;
            for (int k = 0; k < neighbours; k++) {
                score += others[k];
            }
            scores[i] = score;
        }
        return scores;
    }

    /** @return the squared L2 norm of {@code model - base}, one double accumulator in canonical order */
    static double squaredDistance(Model model, Model base) {
        List<Tensor> x = model.tensors();
        List<Tensor> b = base.tensors();
        float[] xs = new float[LINEAR_TILE];
        float[] bs = new float[LINEAR_TILE];
        double sum = 0.0;
        for (int t = 0; t < x.size(); t++) {
            int size = x.get(t).size();
            for (int start = 0; start < size; start += LINEAR_TILE) {
                int len = Math.min(LINEAR_TILE, size - start);
                x.get(t).copyValues(start, xs, 0, len);
                b.get(t).copyValues(start, bs, 0, len);
                sum = accumulateSquaredDifference(sum, xs, bs, len);
            }
        }
        return sum;
    }

    /** @return the L2 norm of {@code model - base}: {@link StrictMath#sqrt(double)} of {@link #squaredDistance} */
    static double norm(Model model, Model base) {
        return StrictMath.sqrt(squaredDistance(model, base));
    }

    /** @return the factor clipping to {@code clipNorm} scales an update of norm {@code norm} by: 1, or {@code clipNorm / norm} */
    static double clipFactor(double norm, double clipNorm) {
        return norm <= clipNorm ? 1.0 : clipNorm / norm;
    }

    /**
     * Clips {@code model}'s difference from {@code base} to L2 norm {@code clipNorm}, given that
     * difference's {@link #norm}: returns {@code model} itself when the norm is at most
     * {@code clipNorm}, otherwise the model with values {@code (float) (b + s * ((double) x - b))} for
     * {@code s = clipNorm / norm}.
     */
    static Model clip(Model model, Model base, double clipNorm, double norm) {
        if (norm <= clipNorm) {
            return model;
        }
        double s = clipFactor(norm, clipNorm);
        List<Tensor> x = model.tensors();
        List<Tensor> b = base.tensors();
        List<Tensor> out = new ArrayList<>(x.size());
        for (int t = 0; t < x.size(); t++) {
            float[] xv = x.get(t).values();
            float[] bv = b.get(t).values();
            for (int j = 0; j < xv.length; j++) {
                double bj = bv[j];
                xv[j] = (float) (bj + s * ((double) xv[j] - bj));
            }
            out.add(Tensor.of(x.get(t).spec(), xv));
        }
        return Model.of(out);
    }

    private static int gatherTile(int inputs) {
        int tile = GATHER_BYTES / (Float.BYTES * Math.max(1, inputs));
        return Math.max(64, Math.min(LINEAR_TILE, tile));
    }
}

package org.fedledger.core.aggregation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelSchema;
import org.fedledger.core.model.Tensor;

/**
 * A partial sum of an exact rule ({@link RuleName#sumsExactly()}): per coordinate the exact integer
 * sum of {@code weight_i * code(x_i)} over some inputs ({@link FixedPoint} codes, integer weights from
 * the rule's {@link Weighting#integerWeight}), with the ids and sample counts of those inputs. Sums over
 * disjoint sets of inputs {@link #merge} exactly, so any grouping of a round's inputs into partial sums,
 * computed in any order on any number of threads or machines, merges to the same sums, and
 * {@link #result()} to the same output bits as {@link AggregationRule#aggregate} over all of them.
 *
 * <pre>{@code
 * RuleSpec spec = RuleSpec.of(RuleName.EXACT_FEDAVG, Map.of("scale_bits", "24"));
 * ExactSum left = ExactSum.of(spec, firstHalf, base);
 * ExactSum right = ExactSum.of(spec, secondHalf, base);
 * Model next = left.merge(right).result().orElseThrow().model(); // = the rule over both halves
 * }</pre>
 *
 * <p>Immutable: {@link #merge} returns a new sum.
 */
public final class ExactSum {
    private final RuleSpec spec;
    private final Model base;
    private final SortedMap<String, Long> samplesById;
    private final ExactAccumulator sums;
    /** Clipping's evidence by input id; empty when the spec does not clip. */
    private final SortedMap<String, InputEvidence> clipping;

    private ExactSum(RuleSpec spec, Model base, SortedMap<String, Long> samplesById, ExactAccumulator sums,
            SortedMap<String, InputEvidence> clipping) {
        this.spec = spec;
        this.base = base;
        this.samplesById = Collections.unmodifiableSortedMap(samplesById);
        this.sums = sums;
        this.clipping = Collections.unmodifiableSortedMap(clipping);
    }

    /**
     * The partial sum over {@code inputs}. When the spec clips ({@link RuleSpec#clipped()}), each input
     * is clipped against {@code base} first, as the rule does.
     *
     * @param spec an exact rule's spec
     * @param inputs the inputs, in any order, ids unique; may be empty
     * @param base the round's base model: every input must have its schema
     * @return the sum
     * @throws IllegalArgumentException when the rule does not sum exactly, two inputs share an id or the
     *     total weight overflows a {@code long}
     * @throws org.fedledger.core.model.ModelFormatException with
     *     {@link org.fedledger.core.model.FormatError#SCHEMA_MISMATCH} when an input does not have the
     *     base model's schema
     */
    public static ExactSum of(RuleSpec spec, List<AggregationInput> inputs, Model base) {
        Objects.requireNonNull(spec, "spec");
        FixedPoint.of(spec);
        List<AggregationInput> sorted = Inputs.canonical(inputs, base);
        if (!spec.clipped()) {
            return unclipped(spec, sorted, base);
        }
        List<AggregationInput> clipped = new ArrayList<>(sorted.size());
        SortedMap<String, InputEvidence> evidence = new TreeMap<>();
        for (AggregationInput input : sorted) {
            ClippedInput c = ClippedInput.of(input, base, spec.clipNorm());
            clipped.add(c.input());
            evidence.put(input.id(), c.evidence());
        }
        ExactSum sum = unclipped(spec, clipped, base);
        return new ExactSum(spec, base, sum.samplesById, sum.sums, evidence);
    }

    /** The sum over inputs already canonical, checked and (if the spec clips) clipped. */
    static ExactSum unclipped(RuleSpec spec, List<AggregationInput> sorted, Model base) {
        SortedMap<String, Long> samples = new TreeMap<>();
        List<AggregationInput> plain = new ArrayList<>(sorted.size());
        List<AggregationInput> coded = new ArrayList<>();
        for (AggregationInput input : sorted) {
            samples.put(input.id(), input.sampleCount());
            (input.codes().isPresent() ? coded : plain).add(input);
        }
        long[] weights = new long[plain.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = spec.rule().weighting().integerWeight(plain.get(i).sampleCount());
        }
        ExactAccumulator sums = new ExactAccumulator(base.schema(), spec.scaleBits());
        sums.addAll(Inputs.tensors(plain), weights);
        for (AggregationInput input : coded) { // integer sums: the order of the additions changes no bit
            sums.add(input, spec.rule().weighting().integerWeight(input.sampleCount()));
        }
        return new ExactSum(spec, base, samples, sums, new TreeMap<>());
    }

    /**
     * One input's contribution to an exact sum, as the integers secure aggregation masks: per coordinate
     * (tensors in schema order, then row-major) {@code w * code(x)} with {@code w} the rule's integer
     * weight of {@code samples}. Unclipped and uncompressed inputs only.
     *
     * <pre>{@code
     * long[] wq = ExactSum.weightedCodes(spec, update, 600); // 600 * code(v) per coordinate
     * }</pre>
     *
     * @param spec an exact rule's spec that neither clips nor compresses
     * @param update the input's model
     * @param samples its declared sample count, at least 1
     * @return one integer per coordinate
     * @throws IllegalArgumentException when the rule does not sum exactly, clips or compresses, or
     *     {@code samples} is below 1
     */
    public static long[] weightedCodes(RuleSpec spec, Model update, long samples) {
        FixedPoint format = plainExact(spec);
        Objects.requireNonNull(update, "update");
        long w = spec.rule().weighting().integerWeight(samples);
        if (samples < 1 || w < 1 || w > ExactMath.NARROW_WEIGHT_LIMIT) {
            throw new IllegalArgumentException("an input's weight must be in [1, 2^32 - 1], was " + w);
        }
        long[] out = new long[Math.toIntExact(update.parameterCount())];
        int k = 0;
        for (Tensor t : update.tensors()) {
            for (int j = 0; j < t.size(); j++) {
                out[k++] = w * format.code(t.value(j));
            }
        }
        return out;
    }

    /**
     * The sum an unmasking recovered: per coordinate the exact {@code sum(w_i * code(x_i))} over the inputs
     * named in {@code samplesById}, as {@link #weightedCodes} lays them out. Valid while the total weight
     * is at most {@code 2^32 - 1}, so every such sum fits a signed 64-bit word.
     *
     * <pre>{@code
     * ExactSum sum = ExactSum.ofSums(spec, base, samplesById, unmasked);
     * Model next = sum.result().orElseThrow().model(); // = the rule over those inputs
     * }</pre>
     *
     * @param spec an exact rule's spec that neither clips nor compresses
     * @param base the round's base model (fixes the schema)
     * @param samplesById the summed inputs' ids with their declared sample counts
     * @param sums one integer per coordinate
     * @return the sum
     * @throws IllegalArgumentException when the rule does not fit, the length differs from the schema's
     *     parameter count or the total weight exceeds {@code 2^32 - 1}
     */
    public static ExactSum ofSums(RuleSpec spec, Model base, SortedMap<String, Long> samplesById, long[] sums) {
        plainExact(spec);
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(sums, "sums");
        long weight = 0;
        for (long samples : samplesById.values()) {
            weight += spec.rule().weighting().integerWeight(samples);
            if (samples < 1 || weight > ExactMath.NARROW_WEIGHT_LIMIT) {
                throw new IllegalArgumentException("the total weight of an unmasked sum must be in [1, 2^32 - 1]");
            }
        }
        if (sums.length != base.parameterCount()) {
            throw new IllegalArgumentException(sums.length + " sums for a schema of " + base.parameterCount()
                    + " parameters");
        }
        ExactAccumulator acc = new ExactAccumulator(base.schema(), spec.scaleBits());
        acc.setSums(sums, weight);
        return new ExactSum(spec, base, new TreeMap<>(samplesById), acc, new TreeMap<>());
    }

    private static FixedPoint plainExact(RuleSpec spec) {
        FixedPoint format = FixedPoint.of(Objects.requireNonNull(spec, "spec"));
        if (spec.clipped() || spec.codec().kind() != CodecKind.FLOAT32) {
            throw new IllegalArgumentException("secure aggregation sums plain exact updates; " + spec
                    + " clips or compresses");
        }
        return format;
    }

    /**
     * @param other a sum for the same rule and base model over inputs with other ids
     * @return the sum over the inputs of both
     * @throws IllegalArgumentException when the specs or base schemas differ, an id is in both, or the
     *     total weight overflows a {@code long}
     */
    public ExactSum merge(ExactSum other) {
        Objects.requireNonNull(other, "other");
        if (!spec.equals(other.spec)) {
            throw new IllegalArgumentException("cannot merge sums of different rules: " + spec + " and " + other.spec);
        }
        ModelSchema schema = base.schema();
        if (!schema.equals(other.base.schema())) {
            throw new IllegalArgumentException("cannot merge sums over different model schemas");
        }
        SortedMap<String, Long> samples = new TreeMap<>(samplesById);
        for (Map.Entry<String, Long> e : other.samplesById.entrySet()) {
            if (samples.put(e.getKey(), e.getValue()) != null) {
                throw new IllegalArgumentException("input '" + e.getKey()
                        + "' is in both sums; each input is summed once");
            }
        }
        ExactAccumulator merged = sums.copy();
        merged.add(other.sums);
        SortedMap<String, InputEvidence> evidence = new TreeMap<>(clipping);
        evidence.putAll(other.clipping);
        return new ExactSum(spec, base, samples, merged, evidence);
    }

    /** @return the rule and parameters */
    public RuleSpec spec() {
        return spec;
    }

    /** @return the ids of the summed inputs with their declared sample counts; unmodifiable */
    public SortedMap<String, Long> samplesById() {
        return samplesById;
    }

    /**
     * Rounds each coordinate once: the float32 nearest to {@code sum / (W * 2^scale_bits)} for the
     * total integer weight {@code W}, ties to even.
     *
     * @return the output with the weights {@link Weights#expected} gives and, when the spec clips, each
     *     input's clipping evidence; empty for a sum over no input
     */
    public Optional<AggregationResult> result() {
        if (spec.centrallyNoised()) {
            throw new IllegalStateException("rule " + spec + " adds central noise: take the result with the round's"
                    + " noise seed, result(seed)");
        }
        if (samplesById.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(AggregationResult.of(sums.average(), Weights.expected(spec, samplesById), List.of(),
                List.copyOf(clipping.values())));
    }

    /**
     * The rule's output with its central noise ({@link RuleSpec#CENTRAL_NOISE_SIGMA}) from
     * {@code noiseSeed}, added to the exact sums before the single rounding; for a rule without central
     * noise, {@link #result()}.
     *
     * <pre>{@code
     * Model next = sum.result(RoundInputs.noiseSeed(task, round)).orElseThrow().model();
     * }</pre>
     *
     * @param noiseSeed the round's noise seed, fixed by the ledger
     * @return the output, or empty when no input was summed
     */
    public Optional<AggregationResult> result(ContentHash noiseSeed) {
        Objects.requireNonNull(noiseSeed, "noiseSeed");
        if (!spec.centrallyNoised()) {
            return result();
        }
        if (samplesById.isEmpty()) {
            return Optional.empty();
        }
        ExactAccumulator noisy = sums.copy();
        CentralNoise.add(noisy, spec, samplesById.values(), noiseSeed);
        return Optional.of(AggregationResult.of(noisy.average(), Weights.expected(spec, samplesById), List.of(),
                List.copyOf(clipping.values())));
    }

    @Override
    public String toString() {
        return "ExactSum{spec=" + spec + ", inputs=" + samplesById.keySet() + ", sums=" + sums + "}";
    }
}

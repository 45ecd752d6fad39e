package org.fedledger.core.aggregation;

import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelSchema;

/**
 * A linear combination {@code sum(c_i x_i) / divisor} fed one input at a time in id order, with the
 * arithmetic of {@link AggregationMath#linearCombination}: the first input scales, every further one
 * adds, one double accumulator per coordinate, then one division.
 */
final class LinearStream implements StreamingAggregation {
    private final Model base;
    private final ModelSchema schema;
    private final List<String> ids;
    private final List<Long> samples;
    private final ToDoubleFunction<Long> coefficient;
    private final double divisor;
    private final List<InputWeight> weights;
    private final double[][] acc;
    private int next;
    private boolean finished;

    /**
     * @param spec the rule, for the weights
     * @param samplesById the inputs to come: id to declared sample count, at least one
     * @param base the round's base model
     * @param coefficient an input's coefficient from its declared sample count
     * @param divisor the divisor
     */
    LinearStream(RuleSpec spec, SortedMap<String, Long> samplesById, Model base, ToDoubleFunction<Long> coefficient,
            double divisor) {
        this.base = Objects.requireNonNull(base, "base");
        this.schema = base.schema();
        SortedMap<String, Long> sorted = new TreeMap<>(samplesById);
        this.ids = List.copyOf(sorted.keySet());
        this.samples = List.copyOf(sorted.values());
        this.coefficient = coefficient;
        this.divisor = divisor;
        this.weights = Weights.expected(spec, sorted);
        this.acc = new double[schema.tensors().size()][];
        for (int t = 0; t < acc.length; t++) {
            acc[t] = new double[schema.tensors().get(t).elementCount()];
        }
    }

    /** The ids and sample counts of a rule's streamed inputs, or empty when there are none. */
    static SortedMap<String, Long> declared(SortedMap<String, Long> samplesById) {
        Objects.requireNonNull(samplesById, "samplesById");
        return new TreeMap<>(samplesById);
    }

    @Override
    public void add(AggregationInput input) {
        Objects.requireNonNull(input, "input");
        if (finished) {
            throw new IllegalStateException("the aggregation is finished");
        }
        if (next == ids.size() || !ids.get(next).equals(input.id())) {
            throw new IllegalArgumentException("input '" + input.id() + "' is not the next one declared ("
                    + (next == ids.size() ? "all " + ids.size() + " were added" : "expected '" + ids.get(next) + "'")
                    + "); add the declared inputs once each, in ascending id order");
        }
        if (input.sampleCount() != samples.get(next)) {
            throw new IllegalArgumentException("input '" + input.id() + "' declares " + input.sampleCount()
                    + " samples; " + samples.get(next) + " were declared for it");
        }
        Inputs.checkSchema(input, schema);
        double c = coefficient.applyAsDouble(samples.get(next));
        if (next == 0) {
            AggregationMath.scaleInto(acc, input.model(), c);
        } else {
            AggregationMath.addScaledInto(acc, input.model(), c);
        }
        next++;
    }

    @Override
    public AggregationResult finish() {
        if (finished) {
            throw new IllegalStateException("the aggregation is finished");
        }
        if (next != ids.size()) {
            throw new IllegalStateException("only " + next + " of the " + ids.size() + " declared inputs were added");
        }
        finished = true;
        return AggregationResult.of(AggregationMath.divide(acc, divisor, base), weights, List.of());
    }

    @Override
    public String toString() {
        return "LinearStream{inputs=" + ids.size() + ", added=" + next + ", divisor=" + divisor + "}";
    }
}

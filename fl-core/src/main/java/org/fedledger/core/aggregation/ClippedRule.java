package org.fedledger.core.aggregation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.fedledger.core.model.Model;

/**
 * Wraps a rule so that it aggregates clipped updates (in the style of Flower's differential-privacy
 * wrappers): each input's difference from the base model is scaled by
 * {@code min(1, clipNorm / ||input - base||_2)}, the norm taken over all tensors in canonical order.
 * Inputs already within the bound are passed on unchanged. The output, weights and exclusions are the
 * wrapped rule's; the evidence is the wrapped rule's joined with each input's norm and clip factor.
 */
final class ClippedRule implements AggregationRule {
    private final AggregationRule inner;
    private final double clipNorm;

    ClippedRule(AggregationRule inner, double clipNorm) {
        if (!(clipNorm > 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("clip_norm must be positive and finite, was " + clipNorm);
        }
        this.inner = inner;
        this.clipNorm = clipNorm;
    }

    @Override
    public RuleSpec spec() {
        return inner.spec();
    }

    @Override
    public Optional<AggregationResult> aggregate(List<AggregationInput> inputs, Model base) {
        List<AggregationInput> sorted = Inputs.canonical(inputs, base);
        if (sorted.isEmpty()) {
            return Optional.empty();
        }
        List<AggregationInput> clipped = new ArrayList<>(sorted.size());
        SortedMap<String, InputEvidence> evidence = new TreeMap<>();
        for (AggregationInput input : sorted) {
            ClippedInput c = ClippedInput.of(input, base, clipNorm);
            clipped.add(c.input());
            evidence.put(input.id(), c.evidence());
        }
        return inner.aggregate(clipped, base).map(result -> withEvidence(result, evidence));
    }

    /** The wrapped rule's streaming, each input clipped as it arrives (clipping needs only it and the base). */
    @Override
    public Optional<StreamingAggregation> streaming(SortedMap<String, Long> samplesById, Model base) {
        return inner.streaming(samplesById, base).map(stream -> new StreamingAggregation() {
            private final SortedMap<String, InputEvidence> evidence = new TreeMap<>();

            @Override
            public void add(AggregationInput input) {
                Objects.requireNonNull(input, "input");
                Inputs.checkSchema(input, base.schema());
                ClippedInput c = ClippedInput.of(input, base, clipNorm);
                stream.add(c.input());
                evidence.put(input.id(), c.evidence());
            }

            @Override
            public AggregationResult finish() {
                return withEvidence(stream.finish(), evidence);
            }
        });
    }

    /**
     * @param result a rule's result
     * @param clipping each input's clipping evidence, by id
     * @return the result with its evidence joined with {@code clipping}
     */
    static AggregationResult withEvidence(AggregationResult result, SortedMap<String, InputEvidence> clipping) {
        SortedMap<String, InputEvidence> joined = new TreeMap<>(clipping);
        for (InputEvidence e : result.evidence()) {
            joined.merge(e.id(), e, InputEvidence::with);
        }
        return AggregationResult.of(result.model(), result.weights(), result.exclusions(),
                List.copyOf(joined.values()));
    }

    @Override
    public String toString() {
        return "ClippedRule{clipNorm=" + clipNorm + ", inner=" + inner + "}";
    }
}

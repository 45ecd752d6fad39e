package org.fedledger.core.aggregation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import org.fedledger.core.model.Model;

/**
 * Wraps a rule so that it aggregates clipped updates (in the style of Flower's differential-privacy
 * wrappers): each input's difference from the base model is scaled by
 * {@code min(1, clipNorm / ||input - base||_2)}, the norm taken over all tensors in canonical order.
 * Inputs already within the bound are passed on unchanged. The output, weights and exclusions are the
 * wrapped rule's.
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
        for (AggregationInput input : sorted) {
            Model model = AggregationMath.clip(input.model(), base, clipNorm);
            clipped.add(model == input.model() ? input : input.withModel(model));
        }
        return inner.aggregate(clipped, base);
    }

    /** The wrapped rule's streaming, each input clipped as it arrives (clipping needs only it and the base). */
    @Override
    public Optional<StreamingAggregation> streaming(SortedMap<String, Long> samplesById, Model base) {
        return inner.streaming(samplesById, base).map(stream -> new StreamingAggregation() {
            @Override
            public void add(AggregationInput input) {
                java.util.Objects.requireNonNull(input, "input");
                Inputs.checkSchema(input, base.schema());
                Model model = AggregationMath.clip(input.model(), base, clipNorm);
                stream.add(model == input.model() ? input : input.withModel(model));
            }

            @Override
            public AggregationResult finish() {
                return stream.finish();
            }
        });
    }

    @Override
    public String toString() {
        return "ClippedRule{clipNorm=" + clipNorm + ", inner=" + inner + "}";
    }
}

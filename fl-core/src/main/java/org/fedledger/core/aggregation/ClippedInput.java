package org.fedledger.core.aggregation;

import org.fedledger.core.model.Model;

/**
 * One input clipped against the round's base model, with the evidence of what clipping did to it:
 * the norm of its difference from the base and the factor that difference was scaled by.
 *
 * @param input the input as the rule aggregates it (the original one when within the bound)
 * @param evidence its {@link EvidenceMeasure#UPDATE_NORM} and {@link EvidenceMeasure#CLIP_FACTOR}
 */
record ClippedInput(AggregationInput input, InputEvidence evidence) {
    /**
     * @param input an input of the base model's schema
     * @param base the round's base model
     * @param clipNorm the bound on the L2 norm of the input's difference from {@code base}
     * @return the input clipped, with its evidence
     */
    static ClippedInput of(AggregationInput input, Model base, double clipNorm) {
        double norm = AggregationMath.norm(input.model(), base);
        Model model = AggregationMath.clip(input.model(), base, clipNorm, norm);
        return new ClippedInput(model == input.model() ? input : input.withModel(model),
                InputEvidence.clipped(input.id(), norm, AggregationMath.clipFactor(norm, clipNorm)));
    }
}

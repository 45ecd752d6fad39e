package org.fedledger.core.aggregation;

import java.util.Objects;
import org.fedledger.core.model.ContentHash;

/**
 * Entry point of the aggregation package: turns a task's {@link RuleSpec} into the rule that
 * implements it.
 *
 * <pre>{@code
 * RuleSpec spec = RuleSpec.of(RuleName.MULTI_KRUM, Map.of("f", "1", "m", "3", "clip_norm", "5.0"));
 * AggregationRule rule = AggregationRules.of(spec); // Multi-Krum over clipped updates
 * }</pre>
 */
public final class AggregationRules {
    private AggregationRules() {
    }

    /**
     * @param spec the rule and its parameters
     * @return the rule; when {@link RuleSpec#clipped()}, every input's difference from the base model
     *     is clipped to {@link RuleSpec#clipNorm()} before the rule runs
     * @throws NullPointerException when {@code spec} is null
     */
    public static AggregationRule of(RuleSpec spec) {
        Objects.requireNonNull(spec, "spec");
        AggregationRule rule = spec.rule().newRule(spec);
        return spec.clipped() ? new ClippedRule(rule, spec.clipNorm()) : rule;
    }

    /**
     * The rule of a spec with central noise ({@link RuleSpec#CENTRAL_NOISE_SIGMA}), adding the noise the
     * round's seed makes; every verifier and auditor regenerates it bit for bit from the same seed.
     *
     * <pre>{@code
     * AggregationRule rule = AggregationRules.of(spec, RoundInputs.noiseSeed(task, round));
     * }</pre>
     *
     * @param spec an exact rule with central noise (and, as it requires, clipping)
     * @param noiseSeed the round's noise seed, fixed by the ledger
     * @return the rule
     * @throws IllegalArgumentException when the spec adds no central noise
     * @throws NullPointerException when an argument is null
     */
    public static AggregationRule of(RuleSpec spec, ContentHash noiseSeed) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(noiseSeed, "noiseSeed");
        if (!spec.centrallyNoised() || spec.rule() != RuleName.EXACT_FEDAVG) {
            throw new IllegalArgumentException("rule " + spec + " adds no central noise; use of(spec)");
        }
        return new ClippedRule(new ExactFedAvgRule(spec, java.util.Optional.of(noiseSeed)), spec.clipNorm());
    }

    /**
     * The fewest inputs the rule can aggregate (a non-empty round with fewer is refused), as the rule
     * states it ({@link RuleName#minimumInputs(RuleSpec)}): {@code 2f + 3} for Krum (Blanchard et al.'s
     * {@code n > 2f + 2}), {@code max(2f + 3, m + f)} for Multi-Krum, 1 for every other rule.
     *
     * <pre>{@code
     * AggregationRules.minimumInputs(RuleSpec.of(RuleName.KRUM, Map.of("f", "2"))); // 7
     * }</pre>
     *
     * @param spec the rule and its parameters
     * @return the minimum number of inputs
     * @throws NullPointerException when {@code spec} is null
     */
    public static int minimumInputs(RuleSpec spec) {
        Objects.requireNonNull(spec, "spec");
        return spec.rule().minimumInputs(spec);
    }
}

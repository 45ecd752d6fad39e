package org.fedledger.core.aggregation;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.Model;

/**
 * Exact FedAvg: per coordinate the float32 nearest to
 * {@code sum(samples_i * code(x_i)) / (sum(samples_i) * 2^scale_bits)}, the sum taken exactly in
 * integers ({@link ExactSum}), so the input order never matters.
 */
final class ExactFedAvgRule extends CanonicalRule {
    /** The round's seed of a centrally noised spec; empty otherwise, or when the caller gave none. */
    private final Optional<ContentHash> noiseSeed;

    ExactFedAvgRule(RuleSpec spec) {
        this(spec, Optional.empty());
    }

    ExactFedAvgRule(RuleSpec spec, Optional<ContentHash> noiseSeed) {
        super(spec);
        FixedPoint.of(spec);
        this.noiseSeed = noiseSeed;
    }

    private ContentHash seed() {
        return noiseSeed.orElseThrow(() -> new IllegalStateException("rule " + spec() + " adds central noise and"
                + " needs the round's noise seed: AggregationRules.of(spec, seed)"));
    }

    @Override
    AggregationResult aggregateCanonical(List<AggregationInput> sorted, Model base) {
        ExactSum sum = ExactSum.unclipped(spec(), sorted, base);
        return (spec().centrallyNoised() ? sum.result(seed()) : sum.result()).orElseThrow();
    }

    /** One accumulator; inputs may come in any order, each declared one exactly once. */
    @Override
    public Optional<StreamingAggregation> streaming(SortedMap<String, Long> samplesById, Model base) {
        SortedMap<String, Long> declared = LinearStream.declared(samplesById);
        if (declared.isEmpty()) {
            return Optional.empty();
        }
        List<InputWeight> weights = Weights.expected(spec(), declared);
        return Optional.of(new Stream(spec(), declared, weights, base,
                spec().centrallyNoised() ? Optional.of(seed()) : Optional.empty()));
    }

    /** Exact sums fed one input at a time. */
    private static final class Stream implements StreamingAggregation {
        private final RuleSpec spec;
        private final SortedMap<String, Long> declared;
        private final List<InputWeight> weights;
        private final Model base;
        private final ExactAccumulator sums;
        private final Set<String> added = new HashSet<>();
        private boolean finished;
        private final Optional<ContentHash> noiseSeed;

        Stream(RuleSpec spec, SortedMap<String, Long> declared, List<InputWeight> weights, Model base,
                Optional<ContentHash> noiseSeed) {
            this.noiseSeed = noiseSeed;
            this.spec = spec;
            this.declared = new TreeMap<>(declared);
            this.weights = weights;
            this.base = Objects.requireNonNull(base, "base");
            this.sums = new ExactAccumulator(base.schema(), spec.scaleBits());
        }

        @Override
        public void add(AggregationInput input) {
            Objects.requireNonNull(input, "input");
            if (finished) {
                throw new IllegalStateException("the aggregation is finished");
            }
            Long samples = declared.get(input.id());
            if (samples == null || added.contains(input.id())) {
                throw new IllegalArgumentException("input '" + input.id() + "' is "
                        + (samples == null ? "not declared" : "already added")
                        + "; add the declared inputs once each");
            }
            if (input.sampleCount() != samples) {
                throw new IllegalArgumentException("input '" + input.id() + "' declares " + input.sampleCount()
                        + " samples; " + samples + " were declared for it");
            }
            Inputs.checkSchema(input, base.schema());
            sums.add(input, spec.rule().weighting().integerWeight(samples));
            added.add(input.id());
        }

        @Override
        public AggregationResult finish() {
            if (finished) {
                throw new IllegalStateException("the aggregation is finished");
            }
            if (added.size() != declared.size()) {
                throw new IllegalStateException("only " + added.size() + " of the " + declared.size()
                        + " declared inputs were added");
            }
            finished = true;
            noiseSeed.ifPresent(seed -> CentralNoise.add(sums, spec, declared.values(), seed));
            return AggregationResult.of(sums.average(), weights, List.of());
        }

        @Override
        public String toString() {
            return "ExactFedAvgRule.Stream{inputs=" + declared.size() + ", added=" + added.size() + "}";
        }
    }
}

package org.fedledger.core.aggregation;

import java.util.List;
import java.util.Set;

/**
 * The aggregation rules FedLedger knows, each describing itself: its parameters, the fewest inputs
 * it can aggregate, how many of them it includes, how it weights them and which exclusion reasons it
 * may give. The wire names (lower case) are stored on the ledger and never change meaning. Nothing
 * outside this enum branches on a rule's name: the chaincode, the aggregator, every verifier and the
 * auditor ask the rule.
 *
 * <p>Multi-Krum's weighting is {@link Weighting#EQUAL} on purpose: the {@code m} selected updates are
 * averaged with weight {@code 1/m} each, not by sample count as some Multi-Krum variants do. The
 * selection is there for robustness, and sample counts are declared by the trainers themselves: a
 * sample-weighted average would let one update that passes the selection multiply its influence by
 * declaring more samples.
 *
 * <pre>{@code
 * RuleName rule = RuleName.fromWireName("multi_krum");
 * rule.parameters();            // [f, m]
 * rule.weighting();             // EQUAL
 * rule.exclusionReasons();      // [krum_rejected]
 * rule.evidence();              // [] (Krum's evidence is its exclusions)
 * }</pre>
 */
public enum RuleName {
    /** Weighted average, weights proportional to declared sample counts (McMahan et al. 2017). */
    FEDAVG("fedavg", Weighting.SAMPLE_PROPORTIONAL, List.of(), Set.of()) {
        @Override
        AggregationRule newRule(RuleSpec spec) {
            return new FedAvgRule(spec);
        }
    },
    /** Unweighted average of the included updates. */
    MEAN("mean", Weighting.EQUAL, List.of(), Set.of()) {
        @Override
        AggregationRule newRule(RuleSpec spec) {
            return new MeanRule(spec);
        }
    },
    /** Coordinate-wise median. */
    MEDIAN("median", Weighting.EQUAL, List.of(), Set.of()) {
        @Override
        AggregationRule newRule(RuleSpec spec) {
            return new MedianRule(spec);
        }

        @Override
        public Set<EvidenceMeasure> evidence() {
            return Set.of(EvidenceMeasure.MEDIAN_COORDINATES);
        }
    },
    /**
     * Coordinate-wise median weighted by admitted weights ({@link WeightedMedianRule}): the median of the
     * weight, so that reputation weights move it; with equal weights, the median.
     */
    WEIGHTED_MEDIAN("weighted_median", Weighting.SAMPLE_PROPORTIONAL, List.of(), Set.of()) {
        @Override
        AggregationRule newRule(RuleSpec spec) {
            return new WeightedMedianRule(spec);
        }

        @Override
        public Set<EvidenceMeasure> evidence() {
            return Set.of(EvidenceMeasure.MEDIAN_COORDINATES);
        }
    },
    /** Coordinate-wise trimmed mean: drop the {@code beta} fraction lowest and highest per coordinate. */
    TRIMMED_MEAN("trimmed_mean", Weighting.EQUAL, List.of(RuleParameter.BETA), Set.of()) {
        @Override
        AggregationRule newRule(RuleSpec spec) {
            return new TrimmedMeanRule(spec);
        }

        @Override
        public Set<EvidenceMeasure> evidence() {
            return Set.of(EvidenceMeasure.TRIMMED_LOW, EvidenceMeasure.TRIMMED_HIGH);
        }
    },
    /**
     * Coordinate-wise trimmed mean of the admitted weight ({@link WeightedTrimmedMeanRule}): the {@code beta}
     * fraction of the weight cut at each end, the rest averaged by weight, so that reputation weights decide
     * whose values are cut; with equal weights, the trimmed mean.
     */
    WEIGHTED_TRIMMED_MEAN("weighted_trimmed_mean", Weighting.SAMPLE_PROPORTIONAL, List.of(RuleParameter.BETA),
            Set.of()) {
        @Override
        AggregationRule newRule(RuleSpec spec) {
            return new WeightedTrimmedMeanRule(spec);
        }

        @Override
        public Set<EvidenceMeasure> evidence() {
            return Set.of(EvidenceMeasure.TRIMMED_LOW, EvidenceMeasure.TRIMMED_HIGH);
        }
    },
    /**
     * Krum (Blanchard et al. 2017): pick the one update closest to its neighbours; tolerates {@code f}
     * byzantine. Needs {@code 2f + 3} inputs ({@code n > 2f + 2}).
     */
    KRUM("krum", Weighting.EQUAL, List.of(RuleParameter.F), Set.of(ExclusionReason.KRUM_REJECTED)) {
        @Override
        AggregationRule newRule(RuleSpec spec) {
            return new KrumRule(spec, false);
        }

        @Override
        public int minimumInputs(RuleSpec spec) {
            return 2 * spec.f() + 3;
        }

        @Override
        public int includedInputs(RuleSpec spec, int available) {
            return 1;
        }
    },
    /**
     * Multi-Krum: the {@code m} best-scored updates under Krum's score, averaged with equal weights
     * (see the class description). Needs {@code max(2f + 3, m + f)} inputs.
     */
    MULTI_KRUM("multi_krum", Weighting.EQUAL, List.of(RuleParameter.F, RuleParameter.M),
            Set.of(ExclusionReason.KRUM_REJECTED)) {
        @Override
        AggregationRule newRule(RuleSpec spec) {
            return new KrumRule(spec, true);
        }

        @Override
        public int minimumInputs(RuleSpec spec) {
            return Math.max(2 * spec.f() + 3, spec.m() + spec.f());
        }

        @Override
        public int includedInputs(RuleSpec spec, int available) {
            return spec.m();
        }
    },
    /**
     * FedAvg summed exactly: each value becomes a fixed-point integer code with {@code scale_bits}
     * fractional bits ({@link FixedPoint}), the codes weighted by declared sample counts are summed in
     * integers with no rounding, and each coordinate is rounded to float32 once, at the end. The output
     * is the same bits under any input order, any grouping into partial sums ({@link ExactSum}) and any
     * thread count.
     */
    EXACT_FEDAVG("exact_fedavg", Weighting.SAMPLE_PROPORTIONAL, List.of(RuleParameter.SCALE_BITS), Set.of()) {
        @Override
        AggregationRule newRule(RuleSpec spec) {
            return new ExactFedAvgRule(spec);
        }

        @Override
        public boolean sumsExactly() {
            return true;
        }
    };

    private final String wireName;
    private final Weighting weighting;
    private final List<RuleParameter> parameters;
    private final Set<String> exclusionReasons;

    RuleName(String wireName, Weighting weighting, List<RuleParameter> parameters, Set<String> exclusionReasons) {
        this.wireName = wireName;
        this.weighting = weighting;
        this.parameters = List.copyOf(parameters);
        this.exclusionReasons = Set.copyOf(exclusionReasons);
    }

    /** @return the name stored on the ledger */
    public String wireName() {
        return wireName;
    }

    /** @return how the included inputs are weighted from their sample counts */
    public Weighting weighting() {
        return weighting;
    }

    /**
     * @return the rule's own parameters, every one required; {@link RuleParameter#CLIP_NORM} may be
     *     added to any rule and is not listed
     */
    public List<RuleParameter> parameters() {
        return parameters;
    }

    /** @return the reasons for which this rule may leave an accepted input out; empty: it uses them all */
    public Set<String> exclusionReasons() {
        return exclusionReasons;
    }

    /**
     * What the rule records about each input it is given ({@link InputEvidence}), without clipping's
     * measures, which {@link RuleSpec#evidence()} adds when the spec clips.
     *
     * <pre>{@code
     * RuleName.MEDIAN.evidence(); // [MEDIAN_COORDINATES]
     * RuleName.FEDAVG.evidence(); // []: a plain weighted sum has nothing to record
     * }</pre>
     *
     * @return the rule's measures; empty for a rule that records nothing
     */
    public Set<EvidenceMeasure> evidence() {
        return Set.of();
    }

    /**
     * The fewest inputs the rule can aggregate; a task's minimum updates per round must be at least this.
     *
     * <pre>{@code
     * RuleName.KRUM.minimumInputs(RuleSpec.of(RuleName.KRUM, Map.of("f", "2"))); // 7
     * }</pre>
     *
     * @param spec the rule with its parameters
     * @return the minimum number of inputs, at least 1
     */
    public int minimumInputs(RuleSpec spec) {
        return 1;
    }

    /**
     * @param spec the rule with its parameters
     * @param available how many inputs the round offers
     * @return how many of them the rule includes in its output (the rest are excluded with a reason)
     */
    public int includedInputs(RuleSpec spec, int available) {
        return available;
    }

    /**
     * Whether the rule sums fixed-point integer codes exactly ({@link ExactSum}), so that partial sums
     * over any grouping of the inputs merge to the same output bits; such a rule has the
     * {@code scale_bits} parameter.
     *
     * <pre>{@code
     * RuleName.EXACT_FEDAVG.sumsExactly(); // true
     * RuleName.FEDAVG.sumsExactly();       // false: double sums in id order
     * }</pre>
     *
     * @return true for exact rules
     */
    public boolean sumsExactly() {
        return false;
    }

    /**
     * Whether a task may run buffered asynchronous rounds with this rule (the parameter {@code max_staleness}):
     * the rules whose output is the mean weighted by admitted weight, which staleness weights then scale.
     *
     * <pre>{@code
     * RuleName.FEDAVG.buffers();          // true
     * RuleName.WEIGHTED_MEDIAN.buffers(); // false: weighted by admitted weight, but not a mean
     * }</pre>
     *
     * @return true for FedAvg and exact FedAvg
     */
    public boolean buffers() {
        return this == FEDAVG || this == EXACT_FEDAVG;
    }

    /** @return a new instance of the rule (without clipping) */
    abstract AggregationRule newRule(RuleSpec spec);

    /**
     * @param wireName a name as stored on the ledger
     * @return the rule
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static RuleName fromWireName(String wireName) {
        for (RuleName r : values()) {
            if (r.wireName.equals(wireName)) {
                return r;
            }
        }
        StringBuilder known = new StringBuilder();
        for (RuleName r : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(r.wireName);
        }
        throw new IllegalArgumentException("unknown aggregation rule '" + wireName + "'; known rules: " + known);
    }
}

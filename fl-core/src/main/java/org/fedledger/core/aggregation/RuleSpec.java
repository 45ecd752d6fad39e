package org.fedledger.core.aggregation;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An aggregation rule and its parameters, exactly as a task fixes them on the ledger.
 *
 * <p>Parameters are strings so that they are stored and compared exactly (no float formatting
 * differences between machines). Each rule lists its own ({@link RuleName#parameters()}, with their
 * {@link RuleParameter} schema); {@code clip_norm} may be added to any rule:
 * <ul>
 *   <li>{@code beta}: trimmed_mean and weighted_trimmed_mean; decimal in [0, 0.5), the fraction (of the
 *       values, or of the weight) trimmed at each end.</li>
 *   <li>{@code f}: krum and multi_krum; the number of byzantine updates tolerated, integer &gt;= 0.</li>
 *   <li>{@code m}: multi_krum only; how many updates to average, integer &gt;= 1.</li>
 *   <li>{@code scale_bits}: exact_fedavg only; integer in [0, 32], the fractional bits of the
 *       fixed-point codes the rule sums exactly (see {@link FixedPoint}).</li>
 *   <li>{@code codec}: exact_fedavg only, optional; the encoding of the task's updates
 *       ({@link UpdateCodec#parse}, such as {@code int8/64}), absent for float32. Not with
 *       {@code clip_norm}: a compressed update is summed as the codes it carries.</li>
 *   <li>{@code hierarchical}: exact_fedavg only, optional, the value {@code 1}; each organisation sums its
 *       own trainers' updates and publishes that partial sum ({@link RuleParameter#HIERARCHICAL}). Not with
 *       {@code clip_norm}, {@code codec}, {@code central_noise_sigma} or {@code max_staleness}.</li>
 *   <li>{@code clip_norm}: any rule; positive decimal. Each update's difference from the round's base
 *       model is scaled down to at most this L2 norm before the rule runs.</li>
 * </ul>
 *
 * <pre>{@code
 * RuleSpec spec = RuleSpec.of(RuleName.TRIMMED_MEAN, Map.of("beta", "0.1"));
 * }</pre>
 */
public final class RuleSpec {
    /** Parameter name: trimmed fraction at each end for {@link RuleName#TRIMMED_MEAN}. */
    public static final String BETA = RuleParameter.BETA.name();
    /** Parameter name: byzantine updates tolerated by {@link RuleName#KRUM} and {@link RuleName#MULTI_KRUM}. */
    public static final String F = RuleParameter.F.name();
    /** Parameter name: updates averaged by {@link RuleName#MULTI_KRUM}. */
    public static final String M = RuleParameter.M.name();
    /** Parameter name: fractional bits of the fixed-point codes of {@link RuleName#EXACT_FEDAVG}. */
    public static final String SCALE_BITS = RuleParameter.SCALE_BITS.name();
    /** Parameter name: L2 clipping bound on each update's difference from the base model. */
    public static final String CLIP_NORM = RuleParameter.CLIP_NORM.name();
    /** Parameter name: the central noise multiplier of an exact rule; absent for none. */
    public static final String CENTRAL_NOISE_SIGMA = RuleParameter.CENTRAL_NOISE_SIGMA.name();
    /** Parameter name: the staleness bound of a buffered task ({@link RuleParameter#MAX_STALENESS}). */
    public static final String MAX_STALENESS = RuleParameter.MAX_STALENESS.name();
    /** Parameter name: a hierarchical exact task ({@link RuleParameter#HIERARCHICAL}). */
    public static final String HIERARCHICAL = RuleParameter.HIERARCHICAL.name();
    /** Parameter name: a hierarchical task's median inside each organisation ({@link RuleParameter#ORG_MEDIAN}). */
    public static final String ORG_MEDIAN = RuleParameter.ORG_MEDIAN.name();
    /** Parameter name: the update encoding of an exact rule ({@link UpdateCodec}); absent for float32. */
    public static final String CODEC = "codec";

    private final RuleName rule;
    private final SortedMap<String, String> params;

    private RuleSpec(RuleName rule, SortedMap<String, String> params) {
        this.rule = rule;
        this.params = Collections.unmodifiableSortedMap(params);
    }

    /**
     * @param rule a rule that needs no parameters ({@code fedavg}, {@code mean}, {@code median})
     * @return the rule with no parameters
     * @throws IllegalArgumentException when the rule requires a parameter, naming it
     */
    public static RuleSpec of(RuleName rule) {
        return of(rule, Map.of());
    }

    /**
     * @param rule the rule
     * @param params its parameters (see the class description)
     * @return the validated spec
     * @throws IllegalArgumentException naming the missing, unknown or out-of-range parameter
     */
    public static RuleSpec of(RuleName rule, Map<String, String> params) {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(params, "params");
        SortedMap<String, String> copy = new TreeMap<>(params);
        SortedMap<String, RuleParameter> allowed = new TreeMap<>();
        for (RuleParameter p : rule.parameters()) {
            allowed.put(p.name(), p);
        }
        allowed.put(RuleParameter.CLIP_NORM.name(), RuleParameter.CLIP_NORM);
        for (Map.Entry<String, String> e : copy.entrySet()) {
            boolean exactOnly = (e.getKey().equals(CODEC) || e.getKey().equals(CENTRAL_NOISE_SIGMA)
                    || e.getKey().equals(HIERARCHICAL) || e.getKey().equals(ORG_MEDIAN)) && rule.sumsExactly();
            boolean bySamples = e.getKey().equals(MAX_STALENESS) && rule.buffers();
            if (!allowed.containsKey(e.getKey()) && !exactOnly && !bySamples) {
                throw new IllegalArgumentException("rule " + rule.wireName() + " takes no parameter '" + e.getKey()
                        + "'; allowed: " + allowed.keySet());
            }
            Objects.requireNonNull(e.getValue(), e.getKey());
        }
        for (RuleParameter p : rule.parameters()) {
            p.check(copy.get(p.name()));
        }
        if (copy.containsKey(RuleParameter.CLIP_NORM.name())) {
            RuleParameter.CLIP_NORM.check(copy.get(RuleParameter.CLIP_NORM.name()));
        }
        if (copy.containsKey(MAX_STALENESS)) {
            RuleParameter.MAX_STALENESS.check(copy.get(MAX_STALENESS));
        }
        if (copy.containsKey(CENTRAL_NOISE_SIGMA)) {
            RuleParameter.CENTRAL_NOISE_SIGMA.check(copy.get(CENTRAL_NOISE_SIGMA));
            if (!copy.containsKey(CLIP_NORM)) {
                throw new IllegalArgumentException("parameter 'central_noise_sigma' needs 'clip_norm': the noise is"
                        + " scaled to the clipped updates' sensitivity");
            }
        }
        if (copy.containsKey(CODEC)) {
            UpdateCodec codec = UpdateCodec.parse(copy.get(CODEC));
            if (codec.kind() == CodecKind.FLOAT32 || !codec.name().equals(copy.get(CODEC))) {
                throw new IllegalArgumentException("parameter 'codec' must be a compressed codec's canonical name,"
                        + " such as int8/64; leave it out for float32, was '" + copy.get(CODEC) + "'");
            }
            if (copy.containsKey(CLIP_NORM)) {
                throw new IllegalArgumentException("parameter 'codec' cannot be combined with 'clip_norm': a compressed"
                        + " update is summed as the codes it carries");
            }
        }
        if (copy.containsKey(ORG_MEDIAN)) {
            RuleParameter.ORG_MEDIAN.check(copy.get(ORG_MEDIAN));
            if (!copy.containsKey(HIERARCHICAL)) {
                throw new IllegalArgumentException("parameter 'org_median' needs 'hierarchical': it is the rule each"
                        + " organisation runs over its own trainers' updates");
            }
        }
        if (copy.containsKey(HIERARCHICAL)) {
            RuleParameter.HIERARCHICAL.check(copy.get(HIERARCHICAL));
            for (String other : new String[] {CLIP_NORM, CODEC, CENTRAL_NOISE_SIGMA, MAX_STALENESS}) {
                if (copy.containsKey(other)) {
                    throw new IllegalArgumentException("parameter 'hierarchical' cannot be combined with '" + other
                            + "': an organisation's partial is the plain exact sum (or median) of its trainers' updates");
                }
            }
        }
        return new RuleSpec(rule, copy);
    }

    /**
     * Reads a spec in its text form, as the command line takes it: the rule's wire name, then
     * optionally a colon and {@code PARAM=VALUE} pairs separated by commas (spaces around them ignored).
     *
     * <pre>{@code
     * RuleSpec.parse("trimmed_mean:beta=0.2");
     * RuleSpec.parse("multi_krum:f=1, m=5");
     * }</pre>
     *
     * @param text {@code NAME} or {@code NAME:PARAM=VALUE,...}
     * @return the validated spec
     * @throws IllegalArgumentException for an unknown rule, a pair that is not {@code PARAM=VALUE}, or
     *     a parameter the rule refuses
     */
    public static RuleSpec parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.indexOf(':');
        Map<String, String> params = new TreeMap<>();
        if (colon >= 0) {
            for (String pair : text.substring(colon + 1).split(",")) {
                int eq = pair.indexOf('=');
                if (eq < 1) {
                    throw new IllegalArgumentException("rule parameter '" + pair + "' is not PARAM=VALUE");
                }
                params.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return of(RuleName.fromWireName((colon >= 0 ? text.substring(0, colon) : text).trim()), params);
    }

    /**
     * @return the spec in the text form {@link #parse} reads: {@code trimmed_mean:beta=0.2},
     *     {@code fedavg}
     */
    public String text() {
        StringBuilder b = new StringBuilder(rule.wireName());
        String separator = ":";
        for (Map.Entry<String, String> e : params.entrySet()) {
            b.append(separator).append(e.getKey()).append('=').append(e.getValue());
            separator = ",";
        }
        return b.toString();
    }

    /** @return the rule */
    public RuleName rule() {
        return rule;
    }

    /** @return the parameters, sorted by name; unmodifiable */
    public SortedMap<String, String> params() {
        return params;
    }

    /** @return {@code beta} for the trimmed means, 0 otherwise */
    public double beta() {
        return params.containsKey(BETA) ? Double.parseDouble(params.get(BETA)) : 0.0;
    }

    /** @return {@code f} for Krum rules, 0 otherwise */
    public int f() {
        return params.containsKey(F) ? Integer.parseInt(params.get(F)) : 0;
    }

    /** @return {@code m} for Multi-Krum, 1 otherwise */
    public int m() {
        return params.containsKey(M) ? Integer.parseInt(params.get(M)) : 1;
    }

    /** @return {@code scale_bits} for exact rules, 0 otherwise */
    public int scaleBits() {
        return params.containsKey(SCALE_BITS) ? Integer.parseInt(params.get(SCALE_BITS)) : 0;
    }

    /** @return the encoding of the task's updates: {@code codec} for exact rules, float32 when absent */
    public UpdateCodec codec() {
        return params.containsKey(CODEC) ? UpdateCodec.parse(params.get(CODEC)) : UpdateCodec.FLOAT32;
    }

    /** @return whether the rule adds central noise to its exact sum ({@link #CENTRAL_NOISE_SIGMA}) */
    public boolean centrallyNoised() {
        return params.containsKey(CENTRAL_NOISE_SIGMA);
    }

    /** @return the central noise multiplier; 0 when {@link #centrallyNoised()} is false */
    public double centralNoiseSigma() {
        return params.containsKey(CENTRAL_NOISE_SIGMA) ? Double.parseDouble(params.get(CENTRAL_NOISE_SIGMA)) : 0;
    }

    /**
     * @return how many global versions behind the round's base an update may have trained from: 0 for
     *     a synchronous task, {@link #MAX_STALENESS} for a buffered one
     */
    public int maxStaleness() {
        return params.containsKey(MAX_STALENESS) ? Integer.parseInt(params.get(MAX_STALENESS)) : 0;
    }

    /** @return whether the task runs buffered (asynchronous) rounds: {@link #maxStaleness()} above 0 */
    public boolean buffered() {
        return maxStaleness() > 0;
    }

    /**
     * @return whether the task is hierarchical ({@link #HIERARCHICAL}): its trainers' updates stay in their
     *     organisations, whose exact partial sums the global model merges
     */
    public boolean hierarchical() {
        return params.containsKey(HIERARCHICAL);
    }

    /**
     * @return whether each organisation of a hierarchical task publishes its trainers' coordinate-wise median
     *     ({@link #ORG_MEDIAN}) instead of their sum
     */
    public boolean orgMedian() {
        return params.containsKey(ORG_MEDIAN);
    }

    /** @return whether updates are clipped before aggregation */
    public boolean clipped() {
        return params.containsKey(CLIP_NORM);
    }

    /** @return the clipping bound; only meaningful when {@link #clipped()} */
    public double clipNorm() {
        return params.containsKey(CLIP_NORM) ? Double.parseDouble(params.get(CLIP_NORM)) : Double.POSITIVE_INFINITY;
    }

    /**
     * What the rule records about each input it is given: the rule's own measures
     * ({@link RuleName#evidence()}) and, when the spec clips, {@link EvidenceMeasure#UPDATE_NORM} and
     * {@link EvidenceMeasure#CLIP_FACTOR}.
     *
     * <pre>{@code
     * RuleSpec.of(RuleName.FEDAVG, Map.of("clip_norm", "5")).evidence(); // [UPDATE_NORM, CLIP_FACTOR]
     * }</pre>
     *
     * @return the measures every input's evidence carries, in declaration order; empty when the rule
     *     records none (a manifest then carries no evidence); a new mutable set
     */
    public java.util.Set<EvidenceMeasure> evidence() {
        java.util.Set<EvidenceMeasure> measures = java.util.EnumSet.noneOf(EvidenceMeasure.class);
        measures.addAll(rule.evidence());
        if (clipped()) {
            measures.add(EvidenceMeasure.UPDATE_NORM);
            measures.add(EvidenceMeasure.CLIP_FACTOR);
        }
        return measures;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RuleSpec other && rule == other.rule && params.equals(other.params);
    }

    @Override
    public int hashCode() {
        return 31 * rule.hashCode() + params.hashCode();
    }

    @Override
    public String toString() {
        return "RuleSpec{rule=" + rule.wireName() + ", params=" + params + "}";
    }
}

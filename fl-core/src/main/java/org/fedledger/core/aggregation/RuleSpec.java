package org.fedledger.core.aggregation;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An aggregation rule and its parameters, exactly as a task fixes them on the ledger.
 *
 * <p>Parameters are strings so that they are stored and compared exactly (no float formatting
 * differences between machines):
 * <ul>
 *   <li>{@code beta}: trimmed mean only; decimal in [0, 0.5), the fraction trimmed at each end.</li>
 *   <li>{@code f}: krum and multi_krum; the number of byzantine updates tolerated, integer &gt;= 0.</li>
 *   <li>{@code m}: multi_krum only; how many updates to average, integer &gt;= 1.</li>
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
    public static final String BETA = "beta";
    /** Parameter name: byzantine updates tolerated by {@link RuleName#KRUM} and {@link RuleName#MULTI_KRUM}. */
    public static final String F = "f";
    /** Parameter name: updates averaged by {@link RuleName#MULTI_KRUM}. */
    public static final String M = "m";
    /** Parameter name: L2 clipping bound on each update's difference from the base model. */
    public static final String CLIP_NORM = "clip_norm";

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
        Set<String> allowed = switch (rule) {
            case FEDAVG, MEAN, MEDIAN -> Set.of(CLIP_NORM);
            case TRIMMED_MEAN -> Set.of(BETA, CLIP_NORM);
            case KRUM -> Set.of(F, CLIP_NORM);
            case MULTI_KRUM -> Set.of(F, M, CLIP_NORM);
        };
        for (Map.Entry<String, String> e : copy.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw new IllegalArgumentException("rule " + rule.wireName() + " takes no parameter '" + e.getKey()
                        + "'; allowed: " + new java.util.TreeSet<>(allowed));
            }
            Objects.requireNonNull(e.getValue(), e.getKey());
        }
        if (rule == RuleName.TRIMMED_MEAN) {
            BigDecimal beta = decimal(copy, BETA);
            if (beta.signum() < 0 || beta.compareTo(new BigDecimal("0.5")) >= 0) {
                throw new IllegalArgumentException("beta must be in [0, 0.5), was " + copy.get(BETA));
            }
        }
        if (rule == RuleName.KRUM || rule == RuleName.MULTI_KRUM) {
            integer(copy, F, 0);
        }
        if (rule == RuleName.MULTI_KRUM) {
            integer(copy, M, 1);
        }
        if (copy.containsKey(CLIP_NORM) && decimal(copy, CLIP_NORM).signum() <= 0) {
            throw new IllegalArgumentException("clip_norm must be positive, was " + copy.get(CLIP_NORM));
        }
        return new RuleSpec(rule, copy);
    }

    /** @return the rule */
    public RuleName rule() {
        return rule;
    }

    /** @return the parameters, sorted by name; unmodifiable */
    public SortedMap<String, String> params() {
        return params;
    }

    /** @return {@code beta} for trimmed mean, 0 otherwise */
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

    /** @return whether updates are clipped before aggregation */
    public boolean clipped() {
        return params.containsKey(CLIP_NORM);
    }

    /** @return the clipping bound; only meaningful when {@link #clipped()} */
    public double clipNorm() {
        return params.containsKey(CLIP_NORM) ? Double.parseDouble(params.get(CLIP_NORM)) : Double.POSITIVE_INFINITY;
    }

    private static BigDecimal decimal(Map<String, String> params, String name) {
        String value = params.get(name);
        if (value == null) {
            throw new IllegalArgumentException("parameter '" + name + "' is required");
        }
        if (!value.matches("-?[0-9]{1,9}(\\.[0-9]{1,9})?")) {
            throw new IllegalArgumentException("parameter '" + name + "' must be a plain decimal such as 0.1, was '" + value + "'");
        }
        return new BigDecimal(value);
    }

    private static int integer(Map<String, String> params, String name, int min) {
        String value = params.get(name);
        if (value == null) {
            throw new IllegalArgumentException("parameter '" + name + "' is required");
        }
        if (!value.matches("-?[0-9]{1,6}")) {
            throw new IllegalArgumentException("parameter '" + name + "' must be a whole number, was '" + value + "'");
        }
        int n = Integer.parseInt(value);
        if (n < min) {
            throw new IllegalArgumentException("parameter '" + name + "' must be at least " + min + ", was " + n);
        }
        return n;
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

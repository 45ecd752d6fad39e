package org.fedledger.core.aggregation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.fedledger.core.model.Model;

/**
 * What an aggregation produced: the output model, the exact weight of every included input, every
 * excluded input with its reason, and what the rule did to each input ({@link InputEvidence}: what a
 * trimmed mean trimmed, what a median selected, how clipping scaled it; empty for rules that record
 * nothing). Together with the rule spec this is the content of a proposal's manifest.
 *
 * <pre>{@code
 * AggregationResult result = rule.aggregate(inputs, base).orElseThrow();
 * for (InputWeight w : result.weights()) {
 *     System.out.println(w.id() + " " + w.numerator() + "/" + w.denominator());
 * }
 * }</pre>
 */
public final class AggregationResult {
    private final Model model;
    private final List<InputWeight> weights;
    private final List<Exclusion> exclusions;
    private final List<InputEvidence> evidence;

    private AggregationResult(Model model, List<InputWeight> weights, List<Exclusion> exclusions,
            List<InputEvidence> evidence) {
        this.model = model;
        this.weights = weights;
        this.exclusions = exclusions;
        this.evidence = evidence;
    }

    /**
     * @param model the output model
     * @param weights included inputs in ascending id order; copied
     * @param exclusions excluded inputs in ascending id order; copied
     * @return the result
     * @throws IllegalArgumentException when {@code weights} is empty, a list is not in strictly
     *     ascending id order, or an id is both included and excluded
     * @throws NullPointerException when an argument or element is null
     */
    public static AggregationResult of(Model model, List<InputWeight> weights, List<Exclusion> exclusions) {
        return of(model, weights, exclusions, List.of());
    }

    /**
     * @param model the output model
     * @param weights included inputs in ascending id order; copied
     * @param exclusions excluded inputs in ascending id order; copied
     * @param evidence what the rule did to each input, in ascending id order, each id included or
     *     excluded; copied
     * @return the result
     * @throws IllegalArgumentException when {@code weights} is empty, a list is not in strictly
     *     ascending id order, an id is both included and excluded, or evidence names an input that is
     *     neither
     * @throws NullPointerException when an argument or element is null
     */
    public static AggregationResult of(Model model, List<InputWeight> weights, List<Exclusion> exclusions,
            List<InputEvidence> evidence) {
        Objects.requireNonNull(model, "model");
        List<InputWeight> w = List.copyOf(weights);
        List<Exclusion> x = List.copyOf(exclusions);
        if (w.isEmpty()) {
            throw new IllegalArgumentException("an aggregation result includes at least one input");
        }
        Set<String> named = new HashSet<>();
        String previous = null;
        for (InputWeight weight : w) {
            requireAscending(previous, weight.id(), "weights");
            previous = weight.id();
            named.add(weight.id());
        }
        previous = null;
        for (Exclusion exclusion : x) {
            requireAscending(previous, exclusion.id(), "exclusions");
            previous = exclusion.id();
            if (!named.add(exclusion.id())) {
                throw new IllegalArgumentException("input '" + exclusion.id() + "' is both included and excluded");
            }
        }
        List<InputEvidence> e = List.copyOf(evidence);
        previous = null;
        for (InputEvidence one : e) {
            requireAscending(previous, one.id(), "evidence");
            previous = one.id();
            if (!named.contains(one.id())) {
                throw new IllegalArgumentException("evidence names input '" + one.id()
                        + "', which is neither included nor excluded");
            }
        }
        return new AggregationResult(model, w, x, e);
    }

    private static void requireAscending(String previous, String id, String what) {
        if (previous != null && previous.compareTo(id) >= 0) {
            throw new IllegalArgumentException(what + " must be in strictly ascending id order; '" + id
                    + "' follows '" + previous + "'");
        }
    }

    /** @return the aggregated model */
    public Model model() {
        return model;
    }

    /** @return the included inputs with their exact weights, ascending by id; unmodifiable */
    public List<InputWeight> weights() {
        return weights;
    }

    /** @return the excluded inputs with their reasons, ascending by id; unmodifiable */
    public List<Exclusion> exclusions() {
        return exclusions;
    }

    /**
     * @return what the rule did to each input, ascending by id; empty for a rule that records nothing
     *     ({@link RuleSpec#evidence()}); unmodifiable
     */
    public List<InputEvidence> evidence() {
        return evidence;
    }

    /** @return the ids of the included inputs, ascending */
    public List<String> includedIds() {
        List<String> ids = new ArrayList<>(weights.size());
        for (InputWeight w : weights) {
            ids.add(w.id());
        }
        return List.copyOf(ids);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AggregationResult other && model.equals(other.model) && weights.equals(other.weights)
                && exclusions.equals(other.exclusions) && evidence.equals(other.evidence);
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, weights, exclusions, evidence);
    }

    @Override
    public String toString() {
        return "AggregationResult{model=" + model + ", weights=" + weights + ", exclusions=" + exclusions
                + ", evidence=" + evidence + "}";
    }
}

package org.fedledger.core.aggregation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.fedledger.core.model.Model;

/**
 * What an aggregation produced: the output model, the exact weight of every included input and every
 * excluded input with its reason. Together with the rule spec this is the content of a proposal's
 * manifest.
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

    private AggregationResult(Model model, List<InputWeight> weights, List<Exclusion> exclusions) {
        this.model = model;
        this.weights = weights;
        this.exclusions = exclusions;
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
        Objects.requireNonNull(model, "model");
        List<InputWeight> w = List.copyOf(weights);
        List<Exclusion> x = List.copyOf(exclusions);
        if (w.isEmpty()) {
            throw new IllegalArgumentException("an aggregation result includes at least one input");
        }
        Set<String> included = new HashSet<>();
        String previous = null;
        for (InputWeight weight : w) {
            requireAscending(previous, weight.id(), "weights");
            previous = weight.id();
            included.add(weight.id());
        }
        previous = null;
        for (Exclusion exclusion : x) {
            requireAscending(previous, exclusion.id(), "exclusions");
            previous = exclusion.id();
            if (included.contains(exclusion.id())) {
                throw new IllegalArgumentException("input '" + exclusion.id() + "' is both included and excluded");
            }
        }
        return new AggregationResult(model, w, x);
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
                && exclusions.equals(other.exclusions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, weights, exclusions);
    }

    @Override
    public String toString() {
        return "AggregationResult{model=" + model + ", weights=" + weights + ", exclusions=" + exclusions + "}";
    }
}

package org.fedledger.core.aggregation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The exact weights a rule gives its included inputs, computed from ids and declared sample counts
 * only. The chaincode uses it to check a proposed manifest without the model bytes; the rules use it
 * to report the weights of their results, so both always agree.
 *
 * <p>The rule says how ({@link RuleName#weighting()}): {@link Weighting#SAMPLE_PROPORTIONAL}
 * (FedAvg) gives {@code samples_i / sum(samples)} over the included inputs, {@link Weighting#EQUAL}
 * (every other rule, Multi-Krum included) gives {@code 1 / k} for {@code k} included inputs. The rule
 * also says how many it includes ({@link RuleName#includedInputs(RuleSpec, int)}: Krum exactly one,
 * Multi-Krum exactly {@code m}, the others all).
 *
 * <pre>{@code
 * List<InputWeight> w = Weights.expected(RuleSpec.of(RuleName.FEDAVG), new TreeMap<>(Map.of("a", 30L, "b", 70L)));
 * // [InputWeight[id=a, numerator=30, denominator=100], InputWeight[id=b, numerator=70, denominator=100]]
 * }</pre>
 */
public final class Weights {
    private Weights() {
    }

    /**
     * @param spec the task's rule
     * @param samplesById the included inputs (not the excluded ones): id to declared sample count
     * @return one weight per included input, ascending by id; empty when nothing is included
     * @throws IllegalArgumentException when a sample count is below 1, the total overflows a
     *     {@code long}, or the count of included inputs is impossible for the rule (Krum includes
     *     exactly 1, Multi-Krum exactly {@code m})
     * @throws NullPointerException when an argument, key or value is null
     */
    public static List<InputWeight> expected(RuleSpec spec, SortedMap<String, Long> samplesById) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(samplesById, "samplesById");
        // Re-sort with natural order whatever comparator the caller's map uses (the TreeMap(SortedMap)
        // constructor would keep the caller's comparator).
        SortedMap<String, Long> sorted = new TreeMap<>();
        sorted.putAll(samplesById);
        if (sorted.isEmpty()) {
            return List.of();
        }
        int k = sorted.size();
        long total = 0;
        for (Map.Entry<String, Long> e : sorted.entrySet()) {
            long samples = Objects.requireNonNull(e.getValue(), "sample count of " + e.getKey());
            if (samples < 1) {
                throw new IllegalArgumentException("input '" + e.getKey() + "' declares " + samples
                        + " samples; every input needs at least 1");
            }
            try {
                total = Math.addExact(total, samples);
            } catch (ArithmeticException overflow) {
                throw new IllegalArgumentException("the sum of the declared sample counts overflows a 64-bit integer");
            }
        }
        int included = spec.rule().includedInputs(spec, k);
        if (included != k) {
            throw new IllegalArgumentException(spec.rule().wireName() + " includes exactly " + included
                    + (included == 1 ? " input" : " inputs") + ", not " + k);
        }
        boolean bySamples = spec.rule().weighting() == Weighting.SAMPLE_PROPORTIONAL;
        List<InputWeight> weights = new ArrayList<>(k);
        for (Map.Entry<String, Long> e : sorted.entrySet()) {
            weights.add(bySamples ? new InputWeight(e.getKey(), e.getValue(), total) : new InputWeight(e.getKey(), 1,
                    k));
        }
        return List.copyOf(weights);
    }

    /**
     * Same as {@link #expected(RuleSpec, SortedMap)} with the ids and sample counts of {@code included}.
     *
     * @param spec the task's rule
     * @param included the included inputs in any order
     * @return one weight per included input, ascending by id
     * @throws IllegalArgumentException when two inputs share an id, or as {@link #expected(RuleSpec, SortedMap)}
     */
    public static List<InputWeight> expected(RuleSpec spec, List<AggregationInput> included) {
        Objects.requireNonNull(included, "included");
        SortedMap<String, Long> samples = new TreeMap<>();
        for (AggregationInput input : included) {
            Objects.requireNonNull(input, "input");
            if (samples.put(input.id(), input.sampleCount()) != null) {
                throw new IllegalArgumentException("input id '" + input.id() + "' appears more than once");
            }
        }
        return expected(spec, samples);
    }
}

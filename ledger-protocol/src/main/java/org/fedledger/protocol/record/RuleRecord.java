package org.fedledger.protocol.record;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;

/**
 * A task's aggregation rule as stored: {@code {"name":"fedavg","params":{}}}. It maps to and from
 * fl-core's {@link RuleSpec} here only: {@link #of(RuleSpec)} and {@link #spec()}.
 *
 * <pre>{@code
 * RuleRecord stored = RuleRecord.of(RuleSpec.of(RuleName.KRUM, Map.of("f", "1")));
 * RuleSpec rule = task.rule().spec();
 * }</pre>
 *
 * @param name the rule's wire name
 * @param params the rule's parameters, sorted by name
 */
public record RuleRecord(String name, SortedMap<String, String> params) {
    /**
     * Copies the parameters into a sorted map.
     *
     * @param name the rule's wire name
     * @param params the rule's parameters, sorted by name
     */
    public RuleRecord {
        params = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(params == null ? Map.of() : params));
    }

    /**
     * @param spec a validated rule and its parameters
     * @return the rule as a task record stores it
     */
    public static RuleRecord of(RuleSpec spec) {
        return new RuleRecord(spec.rule().wireName(), spec.params());
    }

    /**
     * @return the rule and parameters as fl-core runs and checks them
     * @throws IllegalArgumentException naming the unknown rule, or the missing, unknown or out-of-range parameter
     */
    public RuleSpec spec() {
        return RuleSpec.of(RuleName.fromWireName(name), params);
    }
}

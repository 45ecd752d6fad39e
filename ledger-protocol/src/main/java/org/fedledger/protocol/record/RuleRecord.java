package org.fedledger.protocol.record;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A task's aggregation rule as stored: {@code {"name":"fedavg","params":{}}}.
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
}

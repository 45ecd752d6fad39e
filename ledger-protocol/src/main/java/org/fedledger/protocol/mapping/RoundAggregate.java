package org.fedledger.protocol.mapping;

import java.util.Objects;
import org.fedledger.core.manifest.AggregationManifest;
import org.fedledger.core.model.Model;

/**
 * A round aggregated from its records: the manifest that says how, and the output model it names.
 *
 * @param manifest the inputs, weights, exclusions, rule and output hash
 * @param output the aggregated model
 */
public record RoundAggregate(AggregationManifest manifest, Model output) {
    /**
     * Checks both are present.
     *
     * @param manifest the inputs, weights, exclusions, rule and output hash
     * @param output the aggregated model
     */
    public RoundAggregate {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(output, "output");
    }
}

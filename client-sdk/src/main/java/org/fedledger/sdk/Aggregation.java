package org.fedledger.sdk;

import java.util.Objects;
import org.fedledger.core.manifest.AggregationManifest;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;

/**
 * An aggregator's result for one round, before it is proposed: the manifest (inputs, weights,
 * exclusions, rule, output hash) and the output model.
 *
 * <pre>{@code
 * Aggregation next = aggregator.aggregate(3);
 * aggregator.propose(next);
 * }</pre>
 *
 * @param manifest what was aggregated and how
 * @param output the next global model
 */
public record Aggregation(AggregationManifest manifest, Model output) {
    /** Checks the output matches the manifest's output hash. */
    public Aggregation {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(output, "output");
        if (!ModelCodec.hash(output).equals(manifest.outputHash())) {
            throw new IllegalArgumentException("the output model does not hash to the manifest's output hash "
                    + manifest.outputHash().hex());
        }
    }

    /** @return the round aggregated */
    public int round() {
        return Math.toIntExact(manifest.round());
    }
}

package org.fedledger.core.aggregation;

import java.util.Objects;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.Model;

/**
 * One update taking part in an aggregation: its ledger identity, the hash of its canonical bytes,
 * the decoded model and the sample count its contributor declared.
 *
 * <pre>{@code
 * AggregationInput input = new AggregationInput(updateKey, ContentHash.of(bytes), ModelCodec.decode(bytes), 120);
 * }</pre>
 *
 * @param id unique within one aggregation, for example the ledger key of the update record; inputs
 *     are processed in ascending order of this id
 * @param hash SHA-256 of the update's canonical bytes
 * @param model the update's weights
 * @param sampleCount number of training samples declared by the contributor, at least 1
 */
public record AggregationInput(String id, ContentHash hash, Model model, long sampleCount) {
    /**
     * Checks every component.
     *
     * @param id unique within one aggregation
     * @param hash SHA-256 of the update's canonical bytes
     * @param model the update's weights
     * @param sampleCount declared training samples, at least 1
     * @throws NullPointerException when a component is null
     * @throws IllegalArgumentException when {@code id} is empty or {@code sampleCount} is below 1
     */
    public AggregationInput {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(model, "model");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("an aggregation input needs a non-empty id");
        }
        if (sampleCount < 1) {
            throw new IllegalArgumentException("input '" + id + "' declares " + sampleCount
                    + " samples; every input needs at least 1");
        }
    }

    /**
     * @param replacement the new weights
     * @return this input with its model replaced, same id, hash and sample count (used by wrappers
     *     such as clipping that transform weights before the wrapped rule runs)
     */
    public AggregationInput withModel(Model replacement) {
        return new AggregationInput(id, hash, replacement, sampleCount);
    }

    @Override
    public String toString() {
        return "AggregationInput{id=" + id + ", hash=" + hash + ", model=" + model + ", sampleCount=" + sampleCount + "}";
    }
}

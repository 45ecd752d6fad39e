package org.fedledger.core.aggregation;

import java.util.Objects;
import java.util.Optional;
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
 * @param codes the exact codes of a compressed update ({@link UpdateCodec}), which an exact rule sums
 *     as they are; {@code model} is then their nearest float32 view. Empty for a float32 update.
 */
public record AggregationInput(String id, ContentHash hash, Model model, long sampleCount,
        Optional<FixedPointUpdate> codes) {
    /**
     * A float32 update.
     *
     * @param id unique within one aggregation
     * @param hash SHA-256 of the update's canonical bytes
     * @param model the update's weights
     * @param sampleCount declared training samples, at least 1
     * @throws NullPointerException when a component is null
     * @throws IllegalArgumentException when {@code id} is empty or {@code sampleCount} is below 1
     */
    public AggregationInput(String id, ContentHash hash, Model model, long sampleCount) {
        this(id, hash, model, sampleCount, Optional.empty());
    }

    /**
     * A compressed update, as its exact codes.
     *
     * <pre>{@code
     * AggregationInput input = AggregationInput.coded(key, ContentHash.of(bytes), codec.decode(bytes, base, 24), 120);
     * }</pre>
     *
     * @param id unique within one aggregation
     * @param hash SHA-256 of the update's canonical bytes
     * @param codes the decoded codes
     * @param sampleCount declared training samples, at least 1
     * @return the input
     * @throws IllegalArgumentException when {@code id} is empty or {@code sampleCount} is below 1
     */
    public static AggregationInput coded(String id, ContentHash hash, FixedPointUpdate codes, long sampleCount) {
        return new AggregationInput(id, hash, codes.model(), sampleCount, Optional.of(codes));
    }

    /**
     * Checks every component.
     *
     * @param id unique within one aggregation
     * @param hash SHA-256 of the update's canonical bytes
     * @param model the update's weights
     * @param sampleCount declared training samples, at least 1
     * @param codes the exact codes of a compressed update, or empty
     * @throws NullPointerException when a component is null
     * @throws IllegalArgumentException when {@code id} is empty or {@code sampleCount} is below 1
     */
    public AggregationInput {
        Objects.requireNonNull(codes, "codes");
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
     *     such as clipping that transform weights before the wrapped rule runs); a float32 input
     */
    public AggregationInput withModel(Model replacement) {
        return new AggregationInput(id, hash, replacement, sampleCount, Optional.empty());
    }

    @Override
    public String toString() {
        return "AggregationInput{id=" + id + ", hash=" + hash + ", model=" + model + ", sampleCount=" + sampleCount
                + (codes.isPresent() ? ", coded" : "") + "}";
    }
}

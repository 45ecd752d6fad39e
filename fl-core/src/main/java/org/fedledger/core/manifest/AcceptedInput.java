package org.fedledger.core.manifest;

import java.util.Objects;
import org.fedledger.core.model.ContentHash;

/**
 * One update a closed round accepted, as the ledger records it: what a manifest must name as an
 * input or an exclusion.
 *
 * <pre>{@code
 * AcceptedInput a = new AcceptedInput(updateKey, contributorId, ContentHash.parse(hashHex), 120);
 * }</pre>
 *
 * @param updateKey the update record's ledger key
 * @param contributor the contributor's identity id
 * @param hash the update payload's hash
 * @param sampleCount the declared sample count
 */
public record AcceptedInput(String updateKey, String contributor, ContentHash hash, long sampleCount) {
    /**
     * Checks every component is present.
     *
     * @param updateKey the update record's ledger key
     * @param contributor the contributor's identity id
     * @param hash the update payload's hash
     * @param sampleCount the declared sample count
     */
    public AcceptedInput {
        Objects.requireNonNull(updateKey, "updateKey");
        Objects.requireNonNull(contributor, "contributor");
        Objects.requireNonNull(hash, "hash");
    }
}

package org.fedledger.core.manifest;

import java.util.Objects;
import org.fedledger.core.model.ContentHash;

/**
 * One accepted update an aggregation left out, and why; nothing is dropped silently.
 *
 * <pre>{@code
 * ManifestExclusion rejected = new ManifestExclusion(updateKey, contributorId, updateHash, "krum_rejected");
 * }</pre>
 *
 * @param updateKey the ledger key of the update record
 * @param contributor the contributor identity of the update
 * @param hash SHA-256 of the update's canonical bytes
 * @param reason a stable lower-case code such as {@code krum_rejected}: 1-64 characters of
 *     {@code [a-z0-9_]}, starting with a letter
 */
public record ManifestExclusion(String updateKey, String contributor, ContentHash hash, String reason) {

    /**
     * Checks every component.
     *
     * @param updateKey the ledger key of the update record, 1-4096 characters
     * @param contributor the contributor identity, 1-4096 characters
     * @param hash SHA-256 of the update's canonical bytes
     * @param reason a lower-case code such as {@code krum_rejected}
     * @throws NullPointerException for a null component
     * @throws ManifestFormatException naming the component that is empty, too long or malformed
     */
    public ManifestExclusion {
        Checks.text("updateKey", updateKey);
        Checks.text("contributor", contributor);
        Objects.requireNonNull(hash, "hash");
        Checks.reason("reason", reason);
    }
}

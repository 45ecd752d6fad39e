package org.fedledger.core.manifest;

import java.util.Objects;
import org.fedledger.core.model.ContentHash;

/**
 * One update an aggregation used, with the weight it was given.
 *
 * <p>The weight is the exact fraction {@code weightNumerator / weightDenominator} in (0, 1]
 * (fedavg: {@code samples / total samples}; the other rules: {@code 1 / k}). Whether the weights
 * follow the rule is checked elsewhere, against the round's accepted set.
 *
 * <pre>{@code
 * ManifestInput input = new ManifestInput(updateKey, contributorId, updateHash, 120, 120, 300);
 * }</pre>
 *
 * @param updateKey the ledger key of the update record
 * @param contributor the contributor identity of the update
 * @param hash SHA-256 of the update's canonical bytes
 * @param sampleCount declared sample count, at least 1
 * @param weightNumerator numerator of the weight, at least 1 and at most the denominator
 * @param weightDenominator denominator of the weight, at least 1
 */
public record ManifestInput(String updateKey, String contributor, ContentHash hash, long sampleCount,
        long weightNumerator, long weightDenominator) {

    /**
     * Checks every component.
     *
     * @param updateKey the ledger key of the update record, 1-4096 characters
     * @param contributor the contributor identity, 1-4096 characters
     * @param hash SHA-256 of the update's canonical bytes
     * @param sampleCount declared sample count, at least 1
     * @param weightNumerator numerator of the weight, 1 to {@code weightDenominator}
     * @param weightDenominator denominator of the weight, at least 1
     * @throws NullPointerException for a null component
     * @throws ManifestFormatException naming the component that is empty, too long or out of range
     */
    public ManifestInput {
        Checks.text("updateKey", updateKey);
        Checks.text("contributor", contributor);
        Objects.requireNonNull(hash, "hash");
        Checks.atLeast("sampleCount", sampleCount, 1);
        Checks.atLeast("weightNumerator", weightNumerator, 1);
        Checks.atLeast("weightDenominator", weightDenominator, 1);
        if (weightNumerator > weightDenominator) {
            throw new ManifestFormatException("weightNumerator", "weight " + weightNumerator + "/" + weightDenominator
                    + " is more than 1");
        }
    }
}

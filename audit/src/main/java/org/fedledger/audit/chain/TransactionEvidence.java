package org.fedledger.audit.chain;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fedledger.sdk.ledger.ValidationCode;

/**
 * What the chain itself proves about one endorser transaction.
 *
 * @param txId the transaction id
 * @param block the block holding it
 * @param index its position in the block
 * @param validationCode Fabric's validation code from the block's transaction filter (NOT_VALIDATED
 *     where the filter has no entry, UNRECOGNIZED for a number Fabric does not define)
 * @param timestamp the proposal's timestamp, seconds since the epoch
 * @param function the invoked chaincode function
 * @param creatorMsp the creator's organisation as the envelope names it
 * @param creatorId the creator's identity id ({@code x509::<subject>::<issuer>}), empty when its certificate is unreadable
 * @param creatorProblem why the creator's certificate or signature is not good, when it is not
 * @param endorsingOrganisations distinct organisations whose peer endorsement verified
 * @param endorsementProblems one line per endorsement that did not verify
 * @param policySatisfied whether the good endorsements satisfy the policies its writes need: the channel's
 *     endorsement policy, and for a private write into a collection with its own endorsement policy (an
 *     organisation's internal collection) that policy instead
 * @param writes the public writes in the chaincode's namespace: key to value (empty for a delete)
 * @param privateWrites the hashed private writes in the chaincode's namespace: collection to SHA-256 of the key
 *     (hex) to SHA-256 of the value (hex; empty for a delete)
 */
public record TransactionEvidence(String txId, long block, int index, ValidationCode validationCode, long timestamp,
        String function, String creatorMsp, Optional<String> creatorId, Optional<String> creatorProblem,
        Set<String> endorsingOrganisations, List<String> endorsementProblems, boolean policySatisfied,
        Map<String, byte[]> writes, Map<String, Map<String, String>> privateWrites) {
    /** Copies the collections. */
    public TransactionEvidence {
        endorsingOrganisations = Set.copyOf(endorsingOrganisations);
        endorsementProblems = List.copyOf(endorsementProblems);
        writes = Map.copyOf(writes);
        privateWrites = Map.copyOf(privateWrites);
    }

    /**
     * @param collection a private data collection
     * @param key a private key
     * @return the SHA-256 (hex) of the value this transaction wrote under {@code key} in {@code collection}, if any
     */
    public Optional<String> privateWriteHash(String collection, String key) {
        Map<String, String> hashes = privateWrites.get(collection);
        return hashes == null ? Optional.empty()
                : Optional.ofNullable(hashes.get(org.fedledger.core.model.ContentHash.of(
                        key.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hex()));
    }

    /** @return whether the block's filter marks it VALID */
    public boolean valid() {
        return validationCode == ValidationCode.VALID;
    }
}

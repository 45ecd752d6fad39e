package org.fedledger.protocol.key;

/**
 * Names of the transient-data entries that carry payload bytes to the chaincode: chunk {@code i} of
 * an update travels under {@code payload/i}, chunk {@code i} of a model under {@code model/i}, with
 * no gap. The chaincode and the SDK both read these names from here, so they cannot drift apart.
 *
 * <pre>{@code
 * transientData.put(TransientKeys.UPDATE_PREFIX + 0, firstChunk); // "payload/0"
 * }</pre>
 */
public final class TransientKeys {
    /** Prefix of update payload chunks. */
    public static final String UPDATE_PREFIX = "payload/";
    /** Prefix of model payload chunks. */
    public static final String MODEL_PREFIX = "model/";
    /** submitUpdate of a secure task: the sender's sealed share bundles, a {@code MaskSharesArgument} as JSON. */
    public static final String MASK_SHARES = "maskshares";

    private TransientKeys() {
    }
}

package org.fedledger.protocol.key;

/**
 * Names of the private data collections; they must match {@code network-config}'s collections file.
 *
 * <pre>{@code
 * stub.getPrivateData(Collections.UPDATES, Keys.updateChunk("mnist", 1, id, 0));
 * }</pre>
 */
public final class Collections {
    /** Update payload chunks. */
    public static final String UPDATES = "updates";
    /** Global model payload chunks (initial models and proposal outputs). */
    public static final String MODELS = "models";

    private Collections() {
    }
}

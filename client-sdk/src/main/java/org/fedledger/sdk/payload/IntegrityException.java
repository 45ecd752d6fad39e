package org.fedledger.sdk.payload;

import java.util.Objects;
import org.fedledger.core.model.ContentHash;
import org.fedledger.sdk.errors.FedLedgerClientException;

/**
 * Bytes read back from a payload store do not match the hash recorded on the ledger. Never
 * retryable against the same store: the store returned wrong bytes, and the caller must not use them.
 *
 * <pre>{@code
 * try {
 *     byte[] bytes = Payloads.join("update " + updateKey, chunks, record.hash());
 * } catch (IntegrityException e) {
 *     alertAuditors(e.expected(), e.actual());
 * }
 * }</pre>
 */
public final class IntegrityException extends FedLedgerClientException {
    private static final long serialVersionUID = 1L;

    private final transient ContentHash expected;
    private final transient ContentHash actual;

    /**
     * @param what which payload was read, for the message (for example an update key)
     * @param expected the on-chain hash
     * @param actual the hash of the bytes received
     */
    public IntegrityException(String what, ContentHash expected, ContentHash actual) {
        super("INTEGRITY_VIOLATION: " + what + " hashes to " + actual + " but the ledger records " + expected
                + "; the bytes were discarded", null, null);
        this.expected = Objects.requireNonNull(expected, "expected");
        this.actual = Objects.requireNonNull(actual, "actual");
    }

    /** @return the hash recorded on the ledger */
    public ContentHash expected() {
        return expected;
    }

    /** @return the hash of the bytes actually received */
    public ContentHash actual() {
        return actual;
    }

    @Override
    public boolean retryable() {
        return false;
    }
}

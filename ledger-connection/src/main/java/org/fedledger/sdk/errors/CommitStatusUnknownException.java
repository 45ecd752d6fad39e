package org.fedledger.sdk.errors;

/**
 * The transaction was endorsed and sent for ordering, but its commit status was not learned (the
 * connection dropped or the wait timed out): it may or may not be on the ledger. Retryable: every
 * FedLedger submit is idempotent for the same content, so submitting the same thing again either
 * commits it or returns the record already there.
 *
 * <pre>{@code
 * catch (CommitStatusUnknownException e) { retryLater(e.transactionId()); }
 * }</pre>
 */
public final class CommitStatusUnknownException extends FedLedgerClientException {
    private static final long serialVersionUID = 1L;

    /**
     * @param transactionId the transaction whose outcome is unknown
     * @param cause what interrupted the wait
     */
    public CommitStatusUnknownException(String transactionId, Throwable cause) {
        super("transaction " + transactionId + " was sent but its commit status is unknown", transactionId, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}

package org.fedledger.sdk.errors;

/**
 * The ledger was not reached (peer down, network error, deadline exceeded before sending); nothing
 * was sent for ordering. Retryable.
 *
 * <pre>{@code
 * catch (LedgerUnavailableException e) { backOffAndRetry(); }
 * }</pre>
 */
public final class LedgerUnavailableException extends FedLedgerClientException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what could not be reached
     * @param cause the transport's exception
     */
    public LedgerUnavailableException(String message, Throwable cause) {
        super(message, null, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}

package org.fedledger.sdk.errors;

/**
 * The ledger answered but refused the request itself, not through the chaincode: access to the
 * channel denied, unknown channel or chaincode, a malformed request. Retrying the same call cannot
 * help; the configuration or identity must change.
 *
 * <pre>{@code
 * catch (LedgerRejectedException e) { log.error("check the connection profile: " + e.getMessage()); }
 * }</pre>
 */
public final class LedgerRejectedException extends FedLedgerClientException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was refused and why
     * @param transactionId the transaction concerned, or null
     * @param cause the transport's exception
     */
    public LedgerRejectedException(String message, String transactionId, Throwable cause) {
        super(message, transactionId, cause);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}

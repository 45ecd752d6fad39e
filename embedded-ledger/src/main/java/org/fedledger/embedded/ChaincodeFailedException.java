package org.fedledger.embedded;

import org.fedledger.sdk.errors.FedLedgerClientException;

/**
 * The chaincode failed without one of the protocol's error codes (a fault, not a refusal: the
 * chaincode threw something other than a coded refusal). Nothing was ordered. Not retryable: the
 * same call fails the same way.
 *
 * <pre>{@code
 * catch (ChaincodeFailedException e) { report(e.status(), e.getMessage()); }
 * }</pre>
 */
public final class ChaincodeFailedException extends FedLedgerClientException {
    private static final long serialVersionUID = 1L;
    private final int status;

    /**
     * @param status the chaincode response status
     * @param message the chaincode's message
     * @param transactionId the transaction, or null for a query
     */
    public ChaincodeFailedException(int status, String message, String transactionId) {
        super("chaincode failed with status " + status + ": " + message, transactionId, null);
        this.status = status;
    }

    /** @return the chaincode response status */
    public int status() {
        return status;
    }

    @Override
    public boolean retryable() {
        return false;
    }
}

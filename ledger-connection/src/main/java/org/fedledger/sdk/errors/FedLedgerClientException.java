package org.fedledger.sdk.errors;

import java.util.Optional;

/**
 * Every failure the SDK reports. Each subtype is one failure step, and says whether retrying the
 * same call can help ({@link #retryable()}); the details are fields, never parsed from the message.
 *
 * <pre>{@code
 * try { trainer.submitUpdate(...); } catch (FedLedgerClientException e) { if (e.retryable()) { ... } }
 * }</pre>
 */
public abstract class FedLedgerClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String transactionId;

    /**
     * @param message what went wrong, for a person
     * @param transactionId the transaction concerned, or null when none was made
     * @param cause the underlying failure, or null
     */
    protected FedLedgerClientException(String message, String transactionId, Throwable cause) {
        super(message, cause);
        this.transactionId = transactionId;
    }

    /** @return the transaction concerned, when one was made */
    public Optional<String> transactionId() {
        return Optional.ofNullable(transactionId);
    }

    /** @return whether the same call, made again, can succeed */
    public abstract boolean retryable();
}

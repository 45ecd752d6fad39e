package org.fedledger.sdk.errors;

import java.time.Duration;

/**
 * What a caller waited for (an open round, a final model) did not happen in time. Retryable: the
 * ledger may still get there.
 *
 * <pre>{@code
 * catch (AwaitTimeoutException e) { log.warn("still waiting after " + e.waited()); }
 * }</pre>
 */
public final class AwaitTimeoutException extends FedLedgerClientException {
    private static final long serialVersionUID = 1L;
    private final transient Duration waited;

    /**
     * @param what what was awaited, for a person
     * @param waited how long the caller waited
     */
    public AwaitTimeoutException(String what, Duration waited) {
        super(what + " did not happen within " + waited, null, null);
        this.waited = waited;
    }

    /** @return how long the caller waited */
    public Duration waited() {
        return waited;
    }

    @Override
    public boolean retryable() {
        return true;
    }
}

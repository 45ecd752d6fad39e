package org.fedledger.sdk.errors;

import java.time.Duration;
import java.util.Optional;

/**
 * What a caller waited for (an open round, a final model) did not happen in time. Retryable: the
 * ledger may still get there. Where the SDK could read it, the exception says where the ledger
 * stood when the wait ended (for a model: the round's state, and its attestations against the
 * quorum), so a person sees whether trainers, the aggregator or the verifiers are missing.
 *
 * <pre>{@code
 * catch (AwaitTimeoutException e) { log.warn("still waiting after " + e.waited() + ": " + e.standing().orElse("")); }
 * }</pre>
 */
public final class AwaitTimeoutException extends FedLedgerClientException {
    private static final long serialVersionUID = 1L;
    private final transient Duration waited;
    private final String standing;

    /**
     * @param what what was awaited, for a person
     * @param waited how long the caller waited
     */
    public AwaitTimeoutException(String what, Duration waited) {
        this(what, waited, null);
    }

    /**
     * @param what what was awaited, for a person
     * @param waited how long the caller waited
     * @param standing where the ledger stood when the wait ended, for a person; null when unknown
     */
    public AwaitTimeoutException(String what, Duration waited, String standing) {
        super(what + " did not happen within " + waited + (standing == null ? "" : "; " + standing), null, null);
        this.waited = waited;
        this.standing = standing;
    }

    /** @return where the ledger stood when the wait ended, when the SDK could read it */
    public Optional<String> standing() {
        return Optional.ofNullable(standing);
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

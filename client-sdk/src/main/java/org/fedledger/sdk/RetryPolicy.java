package org.fedledger.sdk;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How the SDK retries a call that failed transiently: the ledger was unreachable, a commit status was
 * lost, or a commit was invalidated by a read conflict. Retries are bounded, with exponential backoff
 * and full jitter. A refusal by the chaincode is never retried automatically: its error code says
 * what to do. Every FedLedger submit is idempotent for the same content, so a retry after a lost
 * commit status never creates a second record.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.of(5, Duration.ofMillis(200), Duration.ofSeconds(5));
 * }</pre>
 *
 * @param maxAttempts attempts in all, at least 1 (1 = no retry)
 * @param initialBackoff the first wait's upper bound
 * @param maxBackoff the largest wait's upper bound
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    /** Checks the bounds. */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
        }
    }

    /** @return the same as the constructor */
    public static RetryPolicy of(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff);
    }

    /** @return 5 attempts, waits up to 200 ms doubling to 5 s */
    public static RetryPolicy defaults() {
        return new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    /** @return one attempt, no retry */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
    }

    /** @return the wait before attempt {@code attempt + 1} (attempt counts from 1): uniform in [0, bound] */
    Duration backoff(int attempt) {
        long bound = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
        bound = Math.min(Math.max(bound, 0), maxBackoff.toMillis());
        return Duration.ofMillis(bound == 0 ? 0 : ThreadLocalRandom.current().nextLong(bound + 1));
    }
}

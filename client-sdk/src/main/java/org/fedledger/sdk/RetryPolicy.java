package org.fedledger.sdk;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.fedledger.sdk.ledger.ConnectionProfile;

/**
 * How the SDK retries a call that failed transiently: the ledger was unreachable (a peer or a
 * chaincode server restarting), a commit status was lost, or a commit was invalidated by a read
 * conflict. Retries are bounded by a number of attempts and by a time budget, with exponential
 * backoff and full jitter. A refusal by the chaincode is never retried automatically: its error code
 * says what to do. Every FedLedger submit is idempotent for the same content, so a retry after a lost
 * commit status never creates a second record.
 *
 * <p>The default retries for 30 s (backoff from 200 ms doubling to 3 s), long enough to outlast the
 * restart of a peer (back in 3-5 s on the local network) or of a chaincode server (about 10 s to listen).
 * A connection profile sets it with {@code retryBudgetSeconds}, {@code retryInitialBackoffMillis},
 * {@code retryMaxBackoffMillis} and {@code retryMaxAttempts} ({@link #from(ConnectionProfile)}).
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.within(Duration.ofSeconds(30), Duration.ofMillis(200), Duration.ofSeconds(3));
 * RetryPolicy fewer = RetryPolicy.of(5, Duration.ofMillis(200), Duration.ofSeconds(5));
 * }</pre>
 *
 * @param maxAttempts attempts in all, at least 1 (1 = no retry)
 * @param initialBackoff the first wait's upper bound
 * @param maxBackoff the largest wait's upper bound
 * @param budget how long after the first attempt began a retry may still start (its wait included)
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration budget) {
    /** The default time budget: outlasts a peer's or a chaincode server's restart. */
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(30);
    private static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);
    private static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(3);
    /** No limit on time: only the attempts bound the retries. */
    private static final Duration UNBOUNDED = Duration.ofDays(365);

    /** Checks the bounds. */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(budget, "budget");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
        }
        if (budget.isNegative()) {
            throw new IllegalArgumentException("budget must not be negative, was " + budget);
        }
    }

    /**
     * At most {@code maxAttempts} attempts, however long they take.
     *
     * @param maxAttempts attempts in all, at least 1
     * @param initialBackoff the first wait's upper bound
     * @param maxBackoff the largest wait's upper bound
     * @return the policy
     */
    public static RetryPolicy of(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, UNBOUNDED);
    }

    /**
     * Retries as often as {@code budget} allows.
     *
     * @param budget how long after the first attempt a retry may still start
     * @param initialBackoff the first wait's upper bound
     * @param maxBackoff the largest wait's upper bound
     * @return the policy
     */
    public static RetryPolicy within(Duration budget, Duration initialBackoff, Duration maxBackoff) {
        return new RetryPolicy(Integer.MAX_VALUE, initialBackoff, maxBackoff, budget);
    }

    /** @return retries for 30 s, waits up to 200 ms doubling to 3 s */
    public static RetryPolicy defaults() {
        return within(DEFAULT_BUDGET, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF);
    }

    /** @return one attempt, no retry */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    /**
     * The defaults, with what the profile sets: {@code retryBudgetSeconds} (30),
     * {@code retryInitialBackoffMillis} (200), {@code retryMaxBackoffMillis} (3000) and
     * {@code retryMaxAttempts} (unbounded).
     *
     * <pre>{@code
     * RetryPolicy p = RetryPolicy.from(ConnectionProfile.load(file));   // retryBudgetSeconds=60 in the file
     * }</pre>
     *
     * @param profile a connection profile
     * @return the policy it asks for
     * @throws IllegalArgumentException when a value is not a number or out of bounds
     */
    public static RetryPolicy from(ConnectionProfile profile) {
        Objects.requireNonNull(profile, "profile");
        return new RetryPolicy(
                (int) number(profile, "retryMaxAttempts", Integer.MAX_VALUE),
                Duration.ofMillis(number(profile, "retryInitialBackoffMillis", DEFAULT_INITIAL_BACKOFF.toMillis())),
                Duration.ofMillis(number(profile, "retryMaxBackoffMillis", DEFAULT_MAX_BACKOFF.toMillis())),
                Duration.ofSeconds(number(profile, "retryBudgetSeconds", DEFAULT_BUDGET.toSeconds())));
    }

    private static long number(ConnectionProfile profile, String key, long otherwise) {
        String value = profile.get(key).orElse(null);
        if (value == null) {
            return otherwise;
        }
        try {
            long n = Long.parseLong(value);
            if (n < 0 || n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("connection profile: " + key + " must be between 0 and "
                        + Integer.MAX_VALUE + ", was " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("connection profile: " + key + " must be a whole number, was '" + value
                    + "'", e);
        }
    }

    /** @return the wait before attempt {@code attempt + 1} (attempt counts from 1): uniform in [0, bound] */
    Duration backoff(int attempt) {
        long bound = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
        bound = Math.min(Math.max(bound, 0), maxBackoff.toMillis());
        return Duration.ofMillis(bound == 0 ? 0 : ThreadLocalRandom.current().nextLong(bound + 1));
    }
}

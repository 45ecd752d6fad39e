package org.fedledger.sdk;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.sdk.errors.CommitInvalidatedException;
import org.fedledger.sdk.errors.CommitStatusUnknownException;
import org.fedledger.sdk.errors.FedLedgerClientException;
import org.fedledger.sdk.errors.LedgerUnavailableException;
import org.fedledger.sdk.ledger.Committed;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.fedledger.sdk.progress.Progress;
import org.fedledger.sdk.progress.ProgressListener;

/**
 * Every ledger call of the role APIs goes through here: arguments in the protocol's order, results
 * parsed strictly into protocol records, transient failures retried under the {@link RetryPolicy}
 * (its attempts and its time budget, measured on an injected clock), each retry reported to the
 * {@link ProgressListener}.
 */
final class Calls {
    /** Waits between attempts; tests replace it to run without sleeping. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final LedgerConnection connection;
    private final RetryPolicy retry;
    private final Sleeper sleeper;
    /**
     * Retries are reported once the call has waited this long: a read conflict resolved by one quick
     * retry is part of a normal call, an outage is not.
     */
    static final Duration REPORT_AFTER = Duration.ofSeconds(1);

    private final LongSupplier nanoClock;
    private final ProgressListener progress;

    Calls(LedgerConnection connection, RetryPolicy retry, Sleeper sleeper) {
        this(connection, retry, sleeper, System::nanoTime, ProgressListener.none());
    }

    /**
     * @param nanoClock a monotonic clock in nanoseconds ({@link System#nanoTime()}); tests advance a
     *     fake one from their sleeper
     * @param progress hears each retry
     */
    Calls(LedgerConnection connection, RetryPolicy retry, Sleeper sleeper, LongSupplier nanoClock,
            ProgressListener progress) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    <T extends Record> Receipt<T> submit(TransactionName tx, Map<String, byte[]> transientData, Class<T> type,
            Object... args) {
        Committed committed = withRetry(tx.wireName(), () -> connection.submit(tx, strings(args), transientData), true);
        return receipt(committed, type);
    }

    /** A submit whose transient data is a payload of a task of {@code taskOrganisations}, endorsed by them only. */
    <T extends Record> Receipt<T> submitPayload(TransactionName tx, Map<String, byte[]> payload,
            Collection<String> taskOrganisations, Class<T> type, Object... args) {
        Set<String> organisations = Set.copyOf(taskOrganisations);
        Committed committed = withRetry(tx.wireName(), () -> connection.submit(tx, strings(args), payload,
                organisations), true);
        return receipt(committed, type);
    }

    private static <T extends Record> Receipt<T> receipt(Committed committed, Class<T> type) {
        T record = RecordJson.read(new String(committed.result(), StandardCharsets.UTF_8), type);
        return new Receipt<>(committed.transactionId(), committed.blockNumber(), record);
    }

    <T extends Record> T evaluate(TransactionName tx, Class<T> type, Object... args) {
        return RecordJson.read(text(evaluateBytes(tx, args)), type);
    }

    <T extends Record> List<T> evaluateList(TransactionName tx, Class<T> type, Object... args) {
        return RecordJson.readList(text(evaluateBytes(tx, args)), type);
    }

    byte[] evaluateBytes(TransactionName tx, Object... args) {
        return withRetry(tx.wireName(), () -> connection.evaluate(tx, strings(args)), false);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static List<String> strings(Object... args) {
        return java.util.Arrays.stream(args).map(String::valueOf).toList();
    }

    /**
     * Runs {@code call}, retrying what can succeed on a later attempt while the policy's attempts and
     * time budget last; a retry starts only if its wait ends within the budget.
     */
    <R> R withRetry(String what, Supplier<R> call, boolean submit) {
        long start = nanoClock.getAsLong();
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (FedLedgerClientException e) {
                // An interrupted caller has cancelled the call: it is not retried.
                if (attempt >= retry.maxAttempts() || !worthRetrying(e, submit)
                        || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                Duration wait = retry.backoff(attempt);
                Duration waited = Duration.ofNanos(nanoClock.getAsLong() - start);
                Duration left = retry.budget().minus(waited);
                if (wait.compareTo(left) > 0) {
                    throw e;
                }
                if (waited.plus(wait).compareTo(REPORT_AFTER) >= 0) {
                    progress.waiting(new Progress(what, waited, "attempt " + attempt + " failed (" + e.getMessage()
                        + "); retrying in " + seconds(wait) + " (" + seconds(left) + " of the " + seconds(retry.budget())
                        + " retry budget left)"));
                }
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static boolean worthRetrying(FedLedgerClientException e, boolean submit) {
        if (e instanceof LedgerUnavailableException) {
            return true;
        }
        // Only a submit can lose its commit status or meet a read conflict; resubmitting the same
        // content is idempotent in the chaincode.
        return submit && (e instanceof CommitStatusUnknownException
                || e instanceof CommitInvalidatedException invalid && invalid.retryable());
    }
}

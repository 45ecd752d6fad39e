package org.fedledger.sdk;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.sdk.errors.CommitInvalidatedException;
import org.fedledger.sdk.errors.CommitStatusUnknownException;
import org.fedledger.sdk.errors.FedLedgerClientException;
import org.fedledger.sdk.errors.LedgerUnavailableException;
import org.fedledger.sdk.ledger.Committed;
import org.fedledger.sdk.ledger.LedgerConnection;

/**
 * Every ledger call of the role APIs goes through here: arguments in the protocol's order, results
 * parsed strictly into protocol records, transient failures retried under the {@link RetryPolicy}.
 */
final class Calls {
    /** Waits between attempts; tests replace it to run without sleeping. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final LedgerConnection connection;
    private final RetryPolicy retry;
    private final Sleeper sleeper;

    Calls(LedgerConnection connection, RetryPolicy retry, Sleeper sleeper) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    <T extends Record> Receipt<T> submit(TransactionName tx, Map<String, byte[]> transientData, Class<T> type,
            Object... args) {
        Committed committed = withRetry(() -> connection.submit(tx, strings(args), transientData), true);
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
        return withRetry(() -> connection.evaluate(tx, strings(args)), false);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static List<String> strings(Object... args) {
        return java.util.Arrays.stream(args).map(String::valueOf).toList();
    }

    /** Runs {@code call}, retrying what can succeed on a later attempt. */
    <R> R withRetry(Supplier<R> call, boolean submit) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (FedLedgerClientException e) {
                if (attempt >= retry.maxAttempts() || !worthRetrying(e, submit)) {
                    throw e;
                }
                try {
                    sleeper.sleep(retry.backoff(attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
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

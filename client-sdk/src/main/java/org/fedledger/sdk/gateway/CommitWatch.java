package org.fedledger.sdk.gateway;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.fedledger.sdk.errors.CommitStatusUnknownException;
import org.fedledger.sdk.errors.LedgerUnavailableException;
import org.fedledger.sdk.ledger.ValidationCode;
import org.fedledger.sdk.progress.Progress;
import org.fedledger.sdk.progress.ProgressListener;

/**
 * Gets one endorsed, signed transaction committed and learns its status, without waiting out a long
 * deadline when the orderer that took it failed. It asks the peer for the status for a short while
 * ({@code statusWait}); when none comes, the transaction may have been lost with an orderer (a Raft
 * leader that died before replicating it), so it sends the same signed transaction again and asks
 * again. That is idempotent whatever the chaincode does: a transaction id commits at most once, and a
 * second copy is marked {@code DUPLICATE_TXID} and changes nothing. Sends that the orderers refuse
 * (no Raft leader during an election) and status requests the peer does not answer are tried again
 * after a backoff. After {@code timeout} in all the outcome is unknown.
 */
final class CommitWatch {
    /** Waits between tries; tests pass one that advances their clock. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** The transaction on its way: its commit status, and sending it again. */
    interface Sent {
        /** @return its id */
        String transactionId();

        /**
         * Asks the peer for the transaction's commit status, waiting at most {@code wait}.
         *
         * @return the status, or empty when it did not come within {@code wait}
         * @throws LedgerUnavailableException the peer did not answer
         */
        Optional<Outcome> status(Duration wait);

        /**
         * Sends the same signed transaction to the orderers again.
         *
         * @throws LedgerUnavailableException the orderers did not take it
         */
        void resend();
    }

    /**
     * A transaction's commit status.
     *
     * @param code Fabric's validation code
     * @param blockNumber the block that holds it
     */
    record Outcome(ValidationCode code, long blockNumber) {
        /** @return whether it committed as valid */
        boolean valid() {
            return code == ValidationCode.VALID;
        }
    }

    private final Duration statusWait;
    private final Duration timeout;
    private final Duration backoff;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private final ProgressListener progress;

    /**
     * @param statusWait how long to wait for a status before sending the transaction again
     * @param timeout how long to try in all before the outcome is unknown
     * @param backoff the wait before trying again after the peer or the orderers did not answer
     */
    CommitWatch(Duration statusWait, Duration timeout, Duration backoff, LongSupplier nanoClock, Sleeper sleeper,
            ProgressListener progress) {
        this.statusWait = positive(statusWait, "statusWait");
        this.timeout = positive(timeout, "timeout");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    private static Duration positive(Duration d, String name) {
        if (Objects.requireNonNull(d, name).isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
        return d;
    }

    /**
     * Waits for the commit status of a transaction already sent once.
     *
     * @param what the call, for progress lines
     * @param sent the transaction
     * @return its status
     * @throws CommitStatusUnknownException when no status came within the timeout
     */
    Outcome await(String what, Sent sent) {
        return watch(what, sent, true);
    }

    /**
     * Sends a transaction not sent yet (a first send the orderers refused is tried again) and waits
     * for its commit status.
     *
     * @param what the call, for progress lines
     * @param sent the transaction
     * @return its status
     * @throws CommitStatusUnknownException when no status came within the timeout
     */
    Outcome sendAndAwait(String what, Sent sent) {
        return watch(what, sent, false);
    }

    private Outcome watch(String what, Sent sent, boolean alreadySent) {
        long start = nanoClock.getAsLong();
        boolean toSend = !alreadySent;
        int sends = alreadySent ? 1 : 0;
        RuntimeException last = null;
        while (true) {
            if (toSend) {
                try {
                    sent.resend();
                    sends++;
                    toSend = false;
                } catch (LedgerUnavailableException e) {
                    last = e;
                    pause(what, sent, start, "the orderers did not take transaction " + sent.transactionId() + " ("
                            + e.getMessage() + ")");
                    continue;
                }
            }
            Duration left = timeout.minus(elapsed(start));
            if (left.isNegative() || left.isZero()) {
                throw new CommitStatusUnknownException(sent.transactionId(), last);
            }
            try {
                Optional<Outcome> outcome = sent.status(statusWait.compareTo(left) < 0 ? statusWait : left);
                if (outcome.isPresent()) {
                    return outcome.get();
                }
                if (!timeLeft(start)) {
                    throw new CommitStatusUnknownException(sent.transactionId(), last);
                }
                progress.waiting(new Progress(what, elapsed(start), "no commit status for transaction "
                        + sent.transactionId() + " within " + seconds(statusWait) + " (the orderer that took it may have"
                        + " failed); sending the same signed transaction again (send " + (sends + 1)
                        + "; a transaction id commits at most once)"));
                toSend = true;
            } catch (LedgerUnavailableException e) {
                last = e;
                pause(what, sent, start, "the peer did not give the commit status of transaction "
                        + sent.transactionId() + " (" + e.getMessage() + ")");
            }
        }
    }

    /** Backs off after a failure, reporting it, or gives up when the time is used. */
    private void pause(String what, Sent sent, long start, String why) {
        if (Thread.currentThread().isInterrupted()) {
            // The caller cancelled the wait (a gRPC call interrupted says so too): no "trying again" then.
            throw new CommitStatusUnknownException(sent.transactionId(), new LedgerUnavailableException(why
                    + "; the waiting thread was interrupted", null));
        }
        Duration left = timeout.minus(elapsed(start));
        if (left.compareTo(backoff) <= 0) {
            throw new CommitStatusUnknownException(sent.transactionId(), new LedgerUnavailableException(why, null));
        }
        progress.waiting(new Progress(what, elapsed(start), why + "; trying again in " + seconds(backoff) + " ("
                + seconds(left) + " left of " + seconds(timeout) + ")"));
        try {
            sleeper.sleep(backoff);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommitStatusUnknownException(sent.transactionId(), e);
        }
    }

    private boolean timeLeft(long start) {
        return elapsed(start).compareTo(timeout) < 0;
    }

    private Duration elapsed(long start) {
        return Duration.ofNanos(nanoClock.getAsLong() - start);
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}

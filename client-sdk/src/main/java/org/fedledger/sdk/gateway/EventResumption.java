package org.fedledger.sdk.gateway;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.fedledger.sdk.errors.LedgerUnavailableException;
import org.fedledger.sdk.progress.Progress;
import org.fedledger.sdk.progress.ProgressListener;

/**
 * Whether an event stream whose peer went away is opened again, and when: after a backoff, as long
 * as the outage has lasted less than {@code budget}. An outage starts with the first failure after
 * the stream ran for {@code budget} without one (or ever), so a stream that fails once a day resumes
 * every time, while one whose peer stays down gives up after the budget.
 */
final class EventResumption {
    /** Waits between tries; tests pass one that advances their clock. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** While an outage lasts, a progress line this often. */
    static final Duration REPORT_EVERY = Duration.ofSeconds(5);

    private final Duration budget;
    private final Duration backoff;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private final ProgressListener progress;

    EventResumption(Duration budget, Duration backoff, LongSupplier nanoClock, Sleeper sleeper,
            ProgressListener progress) {
        this.budget = Objects.requireNonNull(budget, "budget");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** @return the outages of one stream */
    Outages start() {
        return new Outages();
    }

    /** One stream's outages. */
    final class Outages {
        private long outageStart;
        private long lastFailure;
        private long lastReport;
        private boolean failedBefore;

        /**
         * After the stream failed: returns, after the backoff, when it should be opened again.
         *
         * @param what the stream, for the progress line
         * @param failure why it failed
         * @throws LedgerUnavailableException {@code failure} when the outage has used the budget
         */
        void pauseOrGiveUp(String what, LedgerUnavailableException failure) {
            long now = nanoClock.getAsLong();
            if (!failedBefore || now - lastFailure > budget.toNanos()) {
                outageStart = now;
            }
            failedBefore = true;
            lastFailure = now;
            Duration down = Duration.ofNanos(now - outageStart);
            if (down.plus(backoff).compareTo(budget) > 0) {
                throw failure;
            }
            // The first failure of an outage, then one line every REPORT_EVERY: not one per try.
            if (down.isZero() || now - lastReport >= REPORT_EVERY.toNanos()) {
                lastReport = now;
                progress.waiting(new Progress(what, down, failure.getMessage() + "; opening it again every "
                        + String.format(java.util.Locale.ROOT, "%.1f s", backoff.toMillis() / 1000.0)
                        + " from the last event delivered"));
            }
            try {
                sleeper.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure;
            }
        }
    }
}

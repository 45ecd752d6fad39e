package org.fedledger.it.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits in tests for something another thread or organisation does, with a bound: the test fails
 * when it does not happen within the time given (a guard, not a timing assertion).
 *
 * <pre>{@code
 * Await.until(() -> auditor.round(task, 1).state() == RoundState.FINAL, Duration.ofSeconds(60));
 * }</pre>
 */
public final class Await {
    private Await() {
    }

    /** As {@link #until(BooleanSupplier, Duration)} with a minute's bound. */
    public static void until(BooleanSupplier condition) {
        until(condition, Duration.ofSeconds(60));
    }

    /** Polls {@code condition} every 100 ms until it holds; fails the test after {@code limit}. */
    public static void until(BooleanSupplier condition, Duration limit) {
        long until = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within %s", limit).isLessThan(until);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting", e);
            }
        }
    }
}

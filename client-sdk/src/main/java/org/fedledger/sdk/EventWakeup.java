package org.fedledger.sdk;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.fedledger.protocol.event.LedgerEvent;
import org.fedledger.sdk.events.Checkpointer;
import org.fedledger.sdk.events.ProtocolEvents;
import org.fedledger.sdk.events.Subscription;
import org.fedledger.sdk.ledger.EventPosition;
import org.fedledger.sdk.ledger.LedgerConnection;

/**
 * Wakes an await when an event it waits for is committed, so a trainer sees its round open, and a
 * coordinator its model final, as soon as this connection's peer commits it rather than up to a poll
 * interval later. It listens from a block at or before the await's first look, so nothing committed
 * in between is missed. The await still re-reads the ledger after every wake and at a slow interval:
 * the events only say when to look. Where the connection delivers no events (or the subscription
 * fails, say on an event this SDK does not know), {@link #live()} is false and the await polls.
 */
final class EventWakeup implements AutoCloseable {
    private final Semaphore signal = new Semaphore(0);
    private final Subscription subscription;

    private EventWakeup(LedgerConnection connection, long fromBlock, Predicate<LedgerEvent> wakeOn) {
        Subscription s;
        try {
            s = ProtocolEvents.over(connection).subscribe(NO_CHECKPOINT, fromBlock, e -> {
                if (wakeOn.test(e.event())) {
                    signal.release();
                }
            });
        } catch (RuntimeException unavailable) {
            s = null;
        }
        this.subscription = s;
    }

    /**
     * @param connection the connection the await reads through
     * @param fromBlock a block committed no later than the await's first look
     * @param wakeOn the events that may end the wait
     * @return a wake-up listening from {@code fromBlock}
     */
    static EventWakeup listen(LedgerConnection connection, long fromBlock, Predicate<LedgerEvent> wakeOn) {
        return new EventWakeup(connection, fromBlock, wakeOn);
    }

    /** @return whether events arrive; when not, the caller polls at its short interval */
    boolean live() {
        return subscription != null && subscription.failure().isEmpty();
    }

    /**
     * Waits for a matching event (any since the last wait counts), {@code timeout}, or the
     * subscription failing (noticed within {@code check}), whichever comes first.
     *
     * @return whether a matching event arrived
     * @throws InterruptedException when interrupted
     */
    boolean await(Duration timeout, Duration check) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (signal.tryAcquire(Math.max(0, Math.min(left, check.toNanos())), TimeUnit.NANOSECONDS)) {
                signal.drainPermits();
                return true;
            }
            if (!live() || deadline - System.nanoTime() <= 0) {
                return false;
            }
        }
    }

    @Override
    public void close() {
        if (subscription != null) {
            subscription.close();
        }
    }

    /** Listens from the given block every time: the wake-up keeps no position across awaits. */
    private static final Checkpointer NO_CHECKPOINT = new Checkpointer() {
        @Override
        public Optional<EventPosition> position() {
            return Optional.empty();
        }

        @Override
        public void checkpoint(long blockNumber, String transactionId) {
            // nothing to remember
        }
    };
}

package org.fedledger.sdk.events;

import java.time.Duration;
import java.util.Optional;

/**
 * A running event subscription; close it to stop.
 *
 * <pre>{@code
 * subscription.close();
 * }</pre>
 */
public interface Subscription extends AutoCloseable {
    /**
     * Waits until the subscription stops (closed, or its handler or the stream failed).
     *
     * @return whether it stopped within {@code timeout}
     * @throws InterruptedException when the waiting thread is interrupted
     */
    boolean awaitTermination(Duration timeout) throws InterruptedException;

    /** @return what stopped the subscription, when it was not {@link #close()} */
    Optional<Throwable> failure();

    /**
     * Stops delivering events; an event being handled finishes (and is checkpointed) before this
     * returns, so nothing of the subscription writes after it.
     */
    @Override
    void close();
}

package org.fedledger.sdk.ledger;

import java.util.Iterator;

/**
 * Chaincode events in commit order; {@link #hasNext()} waits for the next one until the stream is
 * closed (then it returns false).
 *
 * <pre>{@code
 * try (EventStream events = connection.events(EventPosition.startOf(0))) {
 *     while (events.hasNext()) { handle(events.next()); }
 * }
 * }</pre>
 */
public interface EventStream extends Iterator<ChaincodeEventRecord>, AutoCloseable {
    /** Stops the stream; a waiting {@link #hasNext()} returns false. */
    @Override
    void close();
}

package org.fedledger.sdk.ledger;

import java.util.Objects;
import java.util.Optional;

/**
 * A place in the channel's event history: a block number and, optionally, the last transaction of
 * that block already handled (events up to and including it are skipped). This is what a
 * checkpointer stores, so a restarted listener neither misses nor repeats an event.
 *
 * <pre>{@code
 * EventStream events = connection.events(EventPosition.after(41, lastTxId));
 * }</pre>
 *
 * @param blockNumber the block to start reading at
 * @param lastTransactionId the last handled transaction in that block, if any
 */
public record EventPosition(long blockNumber, Optional<String> lastTransactionId) {
    /** Checks the block number is not negative. */
    public EventPosition {
        if (blockNumber < 0) {
            throw new IllegalArgumentException("blockNumber must be >= 0, was " + blockNumber);
        }
        Objects.requireNonNull(lastTransactionId, "lastTransactionId");
    }

    /** @return the position before every event of {@code blockNumber} */
    public static EventPosition startOf(long blockNumber) {
        return new EventPosition(blockNumber, Optional.empty());
    }

    /** @return the position just after the event of {@code transactionId} in {@code blockNumber} */
    public static EventPosition after(long blockNumber, String transactionId) {
        return new EventPosition(blockNumber, Optional.of(transactionId));
    }
}

package org.fedledger.sdk.events;

/**
 * The channel's protocol events, typed and checkpointed.
 *
 * <pre>{@code
 * try (Subscription s = ledger.events().subscribe(FileCheckpointer.at(path), 0, e -> handle(e))) {
 *     s.awaitTermination();
 * }
 * }</pre>
 */
public interface ProtocolEvents {
    /** The events of {@code connection}'s channel; the connection stays the caller's. */
    static ProtocolEvents over(org.fedledger.sdk.ledger.LedgerConnection connection) {
        return new ConnectionEvents(connection);
    }

    /**
     * Delivers events to {@code handler}, one at a time in commit order, on a thread of the
     * subscription's own, from just after the checkpoint (or from {@code startBlock} when the
     * checkpointer has none). The checkpoint is written only after the handler returns, so an
     * event whose handling was interrupted is delivered again after a restart, and a handled one
     * never is. A handler that throws stops the subscription ({@link Subscription#failure()}).
     */
    Subscription subscribe(Checkpointer checkpointer, long startBlock, EventHandler handler);

    /** Handles one event. */
    @FunctionalInterface
    interface EventHandler {
        /**
         * @param event the event
         * @throws Exception to stop the subscription without checkpointing this event
         */
        void handle(ProtocolEvent event) throws Exception;
    }
}

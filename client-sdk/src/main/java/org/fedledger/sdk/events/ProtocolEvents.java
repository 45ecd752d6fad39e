package org.fedledger.sdk.events;

import org.fedledger.protocol.event.LedgerEvent;

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

    /**
     * As {@link #subscribe(Checkpointer, long, EventHandler)}, handing {@code handler} only the events of
     * the given types. The others are passed over unparsed: never handed to the handler and never
     * checkpointed on their own (the next handled event's checkpoint lies past them), so after a restart
     * they are passed over again. Every handled event is still checkpointed as it is handled: no handled
     * event missed, none repeated.
     *
     * @param types the event types the handler acts on
     */
    Subscription subscribe(Checkpointer checkpointer, long startBlock, java.util.Set<Class<? extends LedgerEvent>> types,
            EventHandler handler);

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

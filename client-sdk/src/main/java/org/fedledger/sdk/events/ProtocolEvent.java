package org.fedledger.sdk.events;

import java.util.Objects;
import org.fedledger.protocol.event.LedgerEvent;

/**
 * One protocol event, typed, with the block and transaction that emitted it.
 *
 * <pre>{@code
 * if (e.event() instanceof LedgerEvent.ModelProposed p) { verify(p.round(), p.seq()); }
 * }</pre>
 *
 * @param blockNumber the block of the transaction
 * @param transactionId the transaction
 * @param event what happened, as the protocol's typed event
 */
public record ProtocolEvent(long blockNumber, String transactionId, LedgerEvent event) {
    /** Checks the fields. */
    public ProtocolEvent {
        Objects.requireNonNull(transactionId, "transactionId");
        Objects.requireNonNull(event, "event");
    }
}

package org.fedledger.chaincode.events;

import java.util.Objects;
import org.fedledger.protocol.event.LedgerEvent;
import org.fedledger.protocol.record.RecordJson;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Emits the transaction's single chaincode event: the event's name and its canonical JSON payload. A
 * second emit in the same transaction is a programming error (Fabric would silently keep only the
 * last).
 *
 * <pre>{@code
 * events.emit(new LedgerEvent.RoundOpened("mnist", 1, 0, 1_700_000_600L));
 * }</pre>
 */
public final class EventSink {
    private final ChaincodeStub stub;
    private LedgerEvent emitted;

    /** @param stub the transaction's stub */
    public EventSink(ChaincodeStub stub) {
        this.stub = Objects.requireNonNull(stub, "stub");
    }

    /**
     * @param event the event; its name is {@link LedgerEvent#name()}
     * @throws IllegalStateException when this transaction already emitted an event
     */
    public void emit(LedgerEvent event) {
        Objects.requireNonNull(event, "event");
        if (emitted != null) {
            throw new IllegalStateException("transaction already emitted " + emitted.name() + "; cannot also emit "
                    + event.name());
        }
        emitted = event;
        stub.setEvent(event.name(), RecordJson.toBytes(event));
    }
}

package org.fedledger.chaincode.events;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.fedledger.core.json.CanonicalJson;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Emits the transaction's single chaincode event with a canonical JSON payload. A second emit in the
 * same transaction is a programming error (Fabric would silently keep only the last).
 *
 * <pre>{@code
 * events.emit(EventNames.ROUND_OPENED, Map.of("taskId", "mnist", "round", 1));
 * }</pre>
 */
public final class EventSink {
    private final ChaincodeStub stub;
    private String emitted;

    /** @param stub the transaction's stub */
    public EventSink(ChaincodeStub stub) {
        this.stub = Objects.requireNonNull(stub, "stub");
    }

    /**
     * @param name one of {@link EventNames}
     * @param payload fields of the payload; written with sorted keys
     * @throws IllegalStateException when this transaction already emitted an event
     */
    public void emit(String name, Map<String, ?> payload) {
        Objects.requireNonNull(name, "name");
        if (emitted != null) {
            throw new IllegalStateException("transaction already emitted " + emitted + "; cannot also emit " + name);
        }
        emitted = name;
        stub.setEvent(name, CanonicalJson.toBytes(new TreeMap<>(payload)));
    }
}

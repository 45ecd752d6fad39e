package org.fedledger.embedded.block;

import java.util.Arrays;
import java.util.Objects;

/**
 * A transaction's chaincode event: Fabric keeps one per transaction (the last one set).
 *
 * <pre>{@code
 * Event e = new Event("UpdateAccepted", json);
 * }</pre>
 *
 * @param name the event name
 * @param payload its payload
 */
public record Event(String name, byte[] payload) {
    /** Checks the parts and copies the payload. */
    public Event {
        Objects.requireNonNull(name, "name");
        payload = Objects.requireNonNull(payload, "payload").clone();
    }

    /** @return a copy of the payload */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Event e && e.name.equals(name) && Arrays.equals(e.payload, payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "Event[name=" + name + ", " + payload.length + " bytes]";
    }
}

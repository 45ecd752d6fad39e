package org.fedledger.chaincode.testing;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A chaincode event of a committed, valid transaction (Fabric keeps one event per transaction).
 *
 * <pre>{@code assertThat(ledger.events()).extracting(LedgerEvent::name).containsExactly("RoundOpened"); }</pre>
 *
 * @param txId    the transaction that set the event
 * @param name    the event name
 * @param payload the payload (empty when none was given); a copy is returned
 */
public record LedgerEvent(String txId, String name, byte[] payload) {
    /** Copies the payload. */
    public LedgerEvent {
        Objects.requireNonNull(txId, "txId");
        Objects.requireNonNull(name, "name");
        payload = payload == null ? new byte[0] : payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** The payload decoded as UTF-8. */
    public String payloadUtf8() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LedgerEvent e && txId.equals(e.txId) && name.equals(e.name)
                && java.util.Arrays.equals(payload, e.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(txId, name, java.util.Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "LedgerEvent{txId=" + txId + ", name=" + name + ", payload=" + payloadUtf8() + "}";
    }
}

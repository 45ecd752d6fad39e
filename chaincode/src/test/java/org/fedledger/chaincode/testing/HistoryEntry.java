package org.fedledger.chaincode.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import org.hyperledger.fabric.shim.ledger.KeyModification;

/**
 * One committed write of a public key, as {@code getHistoryForKey} returns it.
 *
 * <pre>{@code assertThat(ledger.history("k")).extracting(HistoryEntry::isDeleted).containsExactly(false, true); }</pre>
 *
 * @param txId      the writing transaction
 * @param timestamp that transaction's timestamp
 * @param value     the value written (empty for a delete); a copy is returned
 * @param deleted   whether the write deleted the key
 */
public record HistoryEntry(String txId, Instant timestamp, byte[] value, boolean deleted) implements KeyModification {
    /** Copies the value. */
    public HistoryEntry {
        Objects.requireNonNull(txId, "txId");
        Objects.requireNonNull(timestamp, "timestamp");
        value = value == null ? new byte[0] : value.clone();
    }

    @Override
    public String getTxId() {
        return txId;
    }

    @Override
    public byte[] getValue() {
        return value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public String getStringValue() {
        return new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public Instant getTimestamp() {
        return timestamp;
    }

    @Override
    public boolean isDeleted() {
        return deleted;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HistoryEntry h && txId.equals(h.txId) && timestamp.equals(h.timestamp)
                && Arrays.equals(value, h.value) && deleted == h.deleted;
    }

    @Override
    public int hashCode() {
        return Objects.hash(txId, timestamp, Arrays.hashCode(value), deleted);
    }

    @Override
    public String toString() {
        return "HistoryEntry{txId=" + txId + ", timestamp=" + timestamp + ", value=" + getStringValue()
                + ", deleted=" + deleted + "}";
    }
}

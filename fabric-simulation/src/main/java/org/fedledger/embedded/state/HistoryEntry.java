package org.fedledger.embedded.state;

import java.time.Instant;
import java.util.Objects;

/**
 * One committed write of a public key: the transaction, its timestamp, the value, and whether it
 * was a delete.
 *
 * <pre>{@code
 * for (HistoryEntry e : state.history(key)) { e.txId(); }
 * }</pre>
 *
 * @param txId the writing transaction
 * @param timestamp its timestamp
 * @param value the value written (empty for a delete)
 * @param deleted whether the write was a delete
 */
public record HistoryEntry(String txId, Instant timestamp, byte[] value, boolean deleted) {
    /** Checks the parts; the value is not copied (the state hands out copies). */
    public HistoryEntry {
        Objects.requireNonNull(txId, "txId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HistoryEntry h && h.txId.equals(txId) && h.timestamp.equals(timestamp)
                && java.util.Arrays.equals(h.value, value) && h.deleted == deleted;
    }

    @Override
    public int hashCode() {
        return Objects.hash(txId, timestamp, java.util.Arrays.hashCode(value), deleted);
    }

    @Override
    public String toString() {
        return "HistoryEntry[txId=" + txId + ", deleted=" + deleted + ", " + value.length + " bytes]";
    }
}

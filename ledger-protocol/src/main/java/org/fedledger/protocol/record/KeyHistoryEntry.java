package org.fedledger.protocol.record;

/**
 * One committed value of a public key, as {@code keyHistory} lists them.
 *
 * <pre>{@code
 * List<KeyHistoryEntry> history = RecordJson.readList(json, KeyHistoryEntry.class);
 * }</pre>
 *
 * @param txId the writing transaction
 * @param timestamp its timestamp, seconds since the epoch
 * @param isDelete whether it deleted the key
 * @param value the value written (UTF-8 text), empty for a delete
 */
public record KeyHistoryEntry(String txId, long timestamp, boolean isDelete, String value) {
}

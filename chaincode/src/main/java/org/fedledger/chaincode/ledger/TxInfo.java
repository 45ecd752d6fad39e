package org.fedledger.chaincode.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * The transaction's id and its timestamp from the signed proposal: the chaincode's only notion of
 * time (it never reads the clock).
 *
 * <pre>{@code
 * TxInfo tx = new TxInfo(stub.getTxId(), stub.getTxTimestamp());
 * long seconds = tx.epochSecond();
 * }</pre>
 *
 * @param txId the transaction id
 * @param timestamp the client-chosen transaction timestamp
 */
public record TxInfo(String txId, Instant timestamp) {
    /**
     * Checks both components are present.
     *
     * @param txId the transaction id
     * @param timestamp the client-chosen transaction timestamp
     */
    public TxInfo {
        Objects.requireNonNull(txId, "txId");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /** @return the timestamp in whole seconds since the epoch, as records store it */
    public long epochSecond() {
        return timestamp.getEpochSecond();
    }

    /**
     * How every message shows a time: ISO-8601 in UTC, whatever the record stores.
     *
     * <pre>{@code
     * TxInfo.time(1_700_000_000L); // "2023-11-14T22:13:20Z"
     * }</pre>
     *
     * @param epochSecond seconds since the epoch, as records store times
     * @return the time as ISO-8601 UTC
     */
    public static String time(long epochSecond) {
        return Instant.ofEpochSecond(epochSecond).toString();
    }

    /** @return this transaction's timestamp as ISO-8601 UTC, as messages show times */
    public String time() {
        return timestamp.toString();
    }

    /**
     * @param epochSecond seconds since the epoch
     * @return whether the transaction timestamp is strictly after {@code epochSecond}
     */
    public boolean isAfter(long epochSecond) {
        return timestamp.isAfter(Instant.ofEpochSecond(epochSecond));
    }

    /**
     * @param epochSecond seconds since the epoch
     * @return whether the transaction timestamp is strictly before {@code epochSecond}
     */
    public boolean isBefore(long epochSecond) {
        return timestamp.isBefore(Instant.ofEpochSecond(epochSecond));
    }
}

package org.fedledger.sdk.ledger;

import java.util.Arrays;
import java.util.Objects;

/**
 * One chaincode event as the ledger delivers it, after commit: the block and transaction that
 * emitted it, its name (one of {@link org.fedledger.protocol.event.EventNames}) and its canonical
 * JSON payload.
 *
 * <pre>{@code
 * ChaincodeEventRecord e = events.next();
 * checkpointer.checkpoint(e.blockNumber(), e.transactionId());
 * }</pre>
 *
 * @param blockNumber the block of the transaction
 * @param transactionId the transaction that emitted the event
 * @param name the event name
 * @param payload the event's canonical JSON bytes
 */
public record ChaincodeEventRecord(long blockNumber, String transactionId, String name, byte[] payload) {
    /** Checks the fields and copies the payload. */
    public ChaincodeEventRecord {
        Objects.requireNonNull(transactionId, "transactionId");
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
        return o instanceof ChaincodeEventRecord e && e.blockNumber == blockNumber
                && e.transactionId.equals(transactionId) && e.name.equals(name) && Arrays.equals(e.payload, payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(blockNumber, transactionId, name, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "ChaincodeEventRecord[block=" + blockNumber + ", tx=" + transactionId + ", name=" + name + "]";
    }
}

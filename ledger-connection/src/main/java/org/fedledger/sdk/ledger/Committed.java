package org.fedledger.sdk.ledger;

import java.util.Objects;

/**
 * A transaction committed as valid.
 *
 * <pre>{@code
 * Committed c = connection.submit(TransactionName.OPEN_ROUND, List.of("mnist"), Map.of());
 * }</pre>
 *
 * @param transactionId its Fabric transaction id
 * @param blockNumber the block that holds it
 * @param result the chaincode's result bytes
 */
public record Committed(String transactionId, long blockNumber, byte[] result) {
    /** Checks the fields and copies the result. */
    public Committed {
        Objects.requireNonNull(transactionId, "transactionId");
        result = Objects.requireNonNull(result, "result").clone();
    }

    /** @return a copy of the chaincode's result */
    @Override
    public byte[] result() {
        return result.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Committed c && c.transactionId.equals(transactionId) && c.blockNumber == blockNumber
                && java.util.Arrays.equals(c.result, result);
    }

    @Override
    public int hashCode() {
        return Objects.hash(transactionId, blockNumber, java.util.Arrays.hashCode(result));
    }

    @Override
    public String toString() {
        return "Committed[transactionId=" + transactionId + ", blockNumber=" + blockNumber + ", result="
                + result.length + " bytes]";
    }
}

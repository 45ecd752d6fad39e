package org.fedledger.embedded;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.fedledger.embedded.block.Event;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * How an ordered transaction ended: its block and Fabric's validation code.
 *
 * <pre>{@code
 * CommitStatus s = ledger.submit(endorsed).join();
 * if (s.code() == TxValidationCode.MVCC_READ_CONFLICT) { endorseAgain(); }
 * }</pre>
 *
 * @param txId the transaction
 * @param blockNumber the block that holds it
 * @param code the validation code
 * @param result the chaincode's result bytes
 * @param event the event it emitted (delivered only when valid)
 */
public record CommitStatus(String txId, long blockNumber, TxValidationCode code, byte[] result, Optional<Event> event) {
    /** Checks the parts and copies the result. */
    public CommitStatus {
        Objects.requireNonNull(txId, "txId");
        Objects.requireNonNull(code, "code");
        result = Objects.requireNonNull(result, "result").clone();
        Objects.requireNonNull(event, "event");
    }

    /** @return a copy of the result */
    @Override
    public byte[] result() {
        return result.clone();
    }

    /** @return whether the transaction is valid */
    public boolean valid() {
        return code == TxValidationCode.VALID;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CommitStatus s && s.txId.equals(txId) && s.blockNumber == blockNumber && s.code == code
                && Arrays.equals(s.result, result) && s.event.equals(event);
    }

    @Override
    public int hashCode() {
        return Objects.hash(txId, blockNumber, code);
    }

    @Override
    public String toString() {
        return "CommitStatus[txId=" + txId + ", block=" + blockNumber + ", code=" + code.name() + "]";
    }
}

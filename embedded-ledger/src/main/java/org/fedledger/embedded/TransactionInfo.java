package org.fedledger.embedded;

import java.util.Objects;
import org.fedledger.embedded.block.Transaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * A committed transaction found by id: its block, position, validation code and content.
 *
 * <pre>{@code
 * TransactionInfo t = ledger.transaction(txId).orElseThrow();
 * }</pre>
 *
 * @param blockNumber the block
 * @param index its index in the block
 * @param code its validation code
 * @param transaction the transaction
 */
public record TransactionInfo(long blockNumber, int index, TxValidationCode code, Transaction transaction) {
    /** Checks the parts. */
    public TransactionInfo {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(transaction, "transaction");
    }
}

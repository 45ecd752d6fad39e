package org.fedledger.sdk.errors;

import java.util.Objects;
import org.fedledger.sdk.ledger.ValidationCode;

/**
 * The transaction was ordered into a block but the peers marked it invalid, with Fabric's validation
 * code (for example {@code MVCC_READ_CONFLICT}: another transaction changed what it read, such as a
 * round closed between endorsement and commit; {@code ENDORSEMENT_POLICY_FAILURE}: too few
 * organisations endorsed). Nothing it wrote took effect. Read conflicts are retryable: endorsing
 * again reads the new state.
 *
 * <pre>{@code
 * catch (CommitInvalidatedException e) { if (e.validationCode() == ValidationCode.MVCC_READ_CONFLICT) { ... } }
 * }</pre>
 */
public final class CommitInvalidatedException extends FedLedgerClientException {
    private static final long serialVersionUID = 1L;
    private final ValidationCode validationCode;
    private final long blockNumber;

    /**
     * @param transactionId the invalid transaction
     * @param validationCode Fabric's validation code
     * @param blockNumber the block that holds it
     */
    public CommitInvalidatedException(String transactionId, ValidationCode validationCode, long blockNumber) {
        super("transaction " + transactionId + " was committed in block " + blockNumber + " as invalid: "
                + validationCode, Objects.requireNonNull(transactionId, "transactionId"), null);
        this.validationCode = Objects.requireNonNull(validationCode, "validationCode");
        this.blockNumber = blockNumber;
    }

    /** @return Fabric's validation code, such as {@link ValidationCode#MVCC_READ_CONFLICT} */
    public ValidationCode validationCode() {
        return validationCode;
    }

    /** @return the block that holds the invalid transaction */
    public long blockNumber() {
        return blockNumber;
    }

    @Override
    public boolean retryable() {
        return validationCode.readConflict();
    }
}

package org.fedledger.sdk.errors;

import java.util.Objects;
import java.util.Set;

/**
 * The transaction was ordered into a block but the peers marked it invalid, with Fabric's validation
 * code (for example {@code MVCC_READ_CONFLICT}: another transaction changed what it read, such as a
 * round closed between endorsement and commit; {@code ENDORSEMENT_POLICY_FAILURE}: too few
 * organisations endorsed). Nothing it wrote took effect. Read conflicts are retryable: endorsing
 * again reads the new state.
 *
 * <pre>{@code
 * catch (CommitInvalidatedException e) { log(e.validationCode()); }
 * }</pre>
 */
public final class CommitInvalidatedException extends FedLedgerClientException {
    private static final long serialVersionUID = 1L;
    private static final Set<String> RETRYABLE = Set.of("MVCC_READ_CONFLICT", "PHANTOM_READ_CONFLICT");
    private final String validationCode;
    private final long blockNumber;

    /**
     * @param transactionId the invalid transaction
     * @param validationCode Fabric's name of the validation code
     * @param blockNumber the block that holds it
     */
    public CommitInvalidatedException(String transactionId, String validationCode, long blockNumber) {
        super("transaction " + transactionId + " was committed in block " + blockNumber + " as invalid: "
                + validationCode, Objects.requireNonNull(transactionId, "transactionId"), null);
        this.validationCode = Objects.requireNonNull(validationCode, "validationCode");
        this.blockNumber = blockNumber;
    }

    /** @return Fabric's validation code name, such as {@code MVCC_READ_CONFLICT} */
    public String validationCode() {
        return validationCode;
    }

    /** @return the block that holds the invalid transaction */
    public long blockNumber() {
        return blockNumber;
    }

    @Override
    public boolean retryable() {
        return RETRYABLE.contains(validationCode);
    }
}

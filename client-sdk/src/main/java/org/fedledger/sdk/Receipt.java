package org.fedledger.sdk;

import java.util.Objects;

/**
 * What a committed submit returns: the transaction's id, the block holding it and the record the
 * chaincode returned. For an idempotent resubmission (the same update again) the record is the one
 * already on the ledger, with its original transaction id in the record itself.
 *
 * <pre>{@code
 * Receipt<UpdateRecord> r = trainer.submitUpdate(1, model, 455);
 * log.info("update " + r.record().hash() + " in block " + r.blockNumber());
 * }</pre>
 *
 * @param transactionId the committed transaction
 * @param blockNumber its block
 * @param record the record the chaincode returned
 * @param <T> the record type
 */
public record Receipt<T>(String transactionId, long blockNumber, T record) {
    /** Checks the fields. */
    public Receipt {
        Objects.requireNonNull(transactionId, "transactionId");
        Objects.requireNonNull(record, "record");
    }
}

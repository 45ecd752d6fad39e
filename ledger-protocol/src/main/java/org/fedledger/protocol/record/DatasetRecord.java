package org.fedledger.protocol.record;

/**
 * An organisation's named data with the differential-privacy budget that every task training on it
 * shares, under {@link org.fedledger.protocol.key.Keys#dataset(String, String)}. The budget is written
 * as the exact decimal strings its creator sent, so that every peer compares against the same number.
 *
 * <pre>{@code
 * DatasetRecord wisconsin = RecordJson.read(json, DatasetRecord.class);
 * BigDecimal budget = new BigDecimal(wisconsin.epsilon());
 * }</pre>
 *
 * @param msp the organisation that holds the data (the creator's, never an argument)
 * @param datasetId the dataset's name within its organisation
 * @param epsilon the budget's epsilon, a positive decimal
 * @param delta the budget's delta, a decimal in (0, 1)
 * @param createdBy the identity id of the admin or coordinator that created it
 * @param txId creating transaction
 * @param timestamp creating transaction's timestamp
 */
@RecordJson.Schema(1)
public record DatasetRecord(String msp, String datasetId, String epsilon, String delta, String createdBy, String txId,
        long timestamp) {
}

package org.fedledger.protocol.record;

import org.fedledger.core.model.ContentHash;

/**
 * An accepted update (its payload lives in the
 * {@link org.fedledger.protocol.key.Collections#UPDATES} collection), under
 * {@link org.fedledger.protocol.key.Keys#update(String, int, String)}.
 *
 * @param taskId the task
 * @param round the round
 * @param contributor the creator's identity id (never an argument)
 * @param msp the creator's organisation
 * @param hash SHA-256 of the concatenated payload chunks
 * @param size payload size in bytes
 * @param chunks number of payload chunks
 * @param samples declared sample count
 * @param baseVersion global model version trained from
 * @param txId submitting transaction
 * @param timestamp submitting transaction's timestamp
 */
@RecordJson.Schema(1)
public record UpdateRecord(String taskId, int round, String contributor, String msp, ContentHash hash, long size, int chunks,
        long samples, long baseVersion, String txId, long timestamp) {
}

package org.fedledger.protocol.record;

import java.util.List;
import org.fedledger.core.model.ContentHash;

/**
 * One organisation's exact partial sum in a round of a hierarchical task, under
 * {@link org.fedledger.protocol.key.Keys#partialSum(String, int, String)}: the records of the internal
 * updates it sums (each checked, when published, against the hash of the private record that the trainer's
 * own transaction wrote into the organisation's internal collection), and the hash of its payload, the
 * 64-bit sums {@code sum(samples_i * code(x_i))} per coordinate. A round admits it once a second identity
 * of the organisation, a verifier, has recomputed and attested it.
 *
 * @param taskId the task
 * @param round the round
 * @param msp the summing organisation
 * @param aggregator the publishing aggregator's identity id
 * @param updates the summed internal update records, in contributor order
 * @param samples the total of their declared samples
 * @param hash SHA-256 of the partial sum payload
 * @param size payload size in bytes (8 a parameter)
 * @param chunks number of payload chunks
 * @param attestedBy the attesting verifier's identity id, or null while unattested
 * @param publishTxId the publishing transaction
 * @param txId the transaction that last wrote this record (the publish, then the attestation)
 * @param timestamp that transaction's timestamp
 */
@RecordJson.Schema(1)
public record PartialSumRecord(String taskId, int round, String msp, String aggregator, List<UpdateRecord> updates,
        long samples, ContentHash hash, long size, int chunks, @RecordJson.Nullable String attestedBy, String publishTxId, String txId,
        long timestamp) {
    /**
     * Copies the update list.
     *
     * @param taskId the task
     * @param round the round
     * @param msp the summing organisation
     * @param aggregator the publishing aggregator's identity id
     * @param updates the summed internal update records, in contributor order
     * @param samples the total of their declared samples
     * @param hash SHA-256 of the partial sum payload
     * @param size payload size in bytes (8 a parameter)
     * @param chunks number of payload chunks
     * @param attestedBy the attesting verifier's identity id, or null while unattested
     * @param publishTxId the publishing transaction
     * @param txId the transaction that last wrote this record (the publish, then the attestation)
     * @param timestamp that transaction's timestamp
     */
    public PartialSumRecord {
        updates = List.copyOf(updates);
    }

    /** @return whether a verifier of the organisation has attested it, so that a close admits it */
    public boolean attested() {
        return attestedBy != null;
    }

    /**
     * @param verifier the attesting verifier's identity id
     * @param byTxId the attesting transaction
     * @param at its timestamp
     * @return this record attested
     */
    public PartialSumRecord attestedBy(String verifier, String byTxId, long at) {
        return new PartialSumRecord(taskId, round, msp, aggregator, updates, samples, hash, size, chunks, verifier,
                publishTxId, byTxId, at);
    }
}

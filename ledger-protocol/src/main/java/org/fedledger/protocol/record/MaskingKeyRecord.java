package org.fedledger.protocol.record;

/**
 * A trainer's masking keys for a secure task, under
 * {@link org.fedledger.protocol.key.Keys#maskingKey(String, String)}: written by a transaction that the
 * trainer's own certificate signed, so the ledger is the public key directory. A round's cohort copies
 * the keys when it opens; a trainer that drops out of a round whose survivors' sum is unmasked has its
 * mask key revealed, so the close marks the record {@code droppedInRound} and the next rounds leave it
 * out until the trainer records new keys.
 *
 * @param taskId the task
 * @param trainer the trainer's identity id
 * @param msp the trainer's organisation
 * @param maskPublicKey the X25519 mask public key, 64 lowercase hex characters
 * @param sharePublicKey the X25519 share public key, 64 lowercase hex characters
 * @param droppedInRound the round whose close found the trainer dropped; 0 while the keys are usable
 * @param txId the transaction that wrote the record
 * @param timestamp its timestamp
 */
@RecordJson.Schema(1)
public record MaskingKeyRecord(String taskId, String trainer, String msp, String maskPublicKey,
        String sharePublicKey, int droppedInRound, String txId, long timestamp) {
    /**
     * @param round the round whose close found the trainer dropped
     * @param closeTxId that close's transaction
     * @param closeTimestamp its timestamp
     * @return the record marked as revealed
     */
    public MaskingKeyRecord dropped(int round, String closeTxId, long closeTimestamp) {
        return new MaskingKeyRecord(taskId, trainer, msp, maskPublicKey, sharePublicKey, round, closeTxId,
                closeTimestamp);
    }
}

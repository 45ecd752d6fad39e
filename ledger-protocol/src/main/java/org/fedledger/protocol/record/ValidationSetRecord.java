package org.fedledger.protocol.record;

import org.fedledger.core.model.ContentHash;

/**
 * One organisation's private validation set for a task valued under {@link ValidationMode#PRIVATE},
 * committed by its SHA-256 alone (the samples never leave the organisation), once and for good, under
 * {@link org.fedledger.protocol.key.Keys#validationSet(String, String)}. It counts from the first round
 * opened after it, so that no organisation picks its set after seeing the updates it values.
 *
 * @param taskId the task
 * @param msp the organisation
 * @param validationSetHash SHA-256 of the set's canonical bytes
 * @param fromRound the first round whose contributions the organisation may attest: the task's last round
 *     when it committed, plus one
 * @param verifier the identity id of the verifier that committed it
 * @param txId the committing transaction
 * @param timestamp its timestamp
 */
@RecordJson.Schema(1)
public record ValidationSetRecord(String taskId, String msp, ContentHash validationSetHash, int fromRound,
        String verifier, String txId, long timestamp) {
    /**
     * @param round a round of the task
     * @return whether the organisation's contributions for that round are valued on this set
     */
    public boolean coversRound(int round) {
        return round >= fromRound;
    }
}

package org.fedledger.protocol.record;

import org.fedledger.core.model.ContentHash;

/**
 * One organisation's verdict on a proposal, under
 * {@link org.fedledger.protocol.key.Keys#attestation(String, int, int, String)}.
 *
 * @param taskId the task
 * @param round the round
 * @param seq the proposal
 * @param msp the verifier's organisation
 * @param verifier the verifier's identity id
 * @param verdict AGREE or DISAGREE
 * @param computedHash the hash the verifier computed
 * @param txId attesting transaction
 * @param timestamp attesting transaction's timestamp
 */
@RecordJson.Schema(1)
public record AttestationRecord(String taskId, int round, int seq, String msp, String verifier, Verdict verdict,
        ContentHash computedHash, String txId, long timestamp) {
}

package org.fedledger.protocol.record;

import org.fedledger.core.model.ContentHash;

/**
 * The contributions one organisation's verifier computed for a proposal of an incentives task,
 * written by the same transaction as its {@link AttestationRecord}, under
 * {@link org.fedledger.protocol.key.Keys#contributionAttestation(String, int, int, String)}.
 *
 * @param taskId the task
 * @param round the round
 * @param seq the proposal
 * @param msp the verifier's organisation
 * @param verifier the verifier's identity id
 * @param contributions the vector it computed
 * @param contributionsHash {@link ContributionVector#hash()} of it
 * @param txId the attesting transaction
 * @param timestamp its timestamp
 */
@RecordJson.Schema(1)
public record ContributionAttestationRecord(String taskId, int round, int seq, String msp, String verifier,
        ContributionVector contributions, ContentHash contributionsHash, String txId, long timestamp) {
}

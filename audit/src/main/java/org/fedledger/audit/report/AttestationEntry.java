package org.fedledger.audit.report;

/**
 * One organisation's attestation of a proposal.
 *
 * @param msp the organisation
 * @param verifier the verifier's identity id
 * @param verdict AGREE or DISAGREE
 * @param computedHash the hash the verifier computed
 * @param txId the attesting transaction
 * @param block its block; -1 when the chain does not hold it
 */
public record AttestationEntry(String msp, String verifier, String verdict, String computedHash, String txId,
        long block) {
}

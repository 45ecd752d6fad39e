package org.fedledger.audit.report;

import java.util.List;

/**
 * One proposal of a round and what the replay made of it.
 *
 * @param seq the proposal's sequence number in its round
 * @param proposer the aggregator's identity id
 * @param msp the aggregator's organisation
 * @param outputHash the proposed output's hash
 * @param replayedHash the output hash the replay computed; empty when it could not run
 * @param replay what the replay made of it
 * @param attestations the organisations' attestations, in MSP order
 * @param txId the proposing transaction
 * @param block its block; -1 when the chain does not hold it
 */
public record ProposalEntry(int seq, String proposer, String msp, String outputHash, String replayedHash,
        ProposalReplay replay, List<AttestationEntry> attestations, String txId, long block) {
    /** Copies the list. */
    public ProposalEntry {
        attestations = List.copyOf(attestations);
    }
}

package org.fedledger.audit.report;

/** A finding's stable code; {@code docs/audit.md} lists them with what each means. */
public enum FindingCode {
    /** A block's previous hash or data hash does not match. */
    CHAIN_BROKEN,
    /** A block does not parse, or the ledger refused to open its block store. */
    BLOCK_UNREADABLE,
    /** A record names a transaction that is not in the chain. */
    TX_NOT_FOUND,
    /** A record names a transaction whose validation code is not VALID. */
    TX_INVALID,
    /** The creator's certificate or signature does not verify. */
    BAD_CREATOR_SIGNATURE,
    /** An endorsement's certificate, role or signature does not verify. */
    BAD_ENDORSEMENT,
    /** The good endorsements' organisations do not satisfy the endorsement policy. */
    ENDORSEMENT_POLICY_NOT_MET,
    /** The transaction was signed by someone other than the identity the record names. */
    CREATOR_MISMATCH,
    /** The transaction's write set does not hold the record the peer answered with. */
    RECORD_MISMATCH,
    /** A stored payload does not hash to its on-chain hash. */
    PAYLOAD_MISMATCH,
    /** A proposal's manifest fails the chaincode's own checks against its closed round. */
    MANIFEST_REJECTED,
    /** The replayed aggregation's output differs from the proposal's. */
    OUTPUT_MISMATCH,
    /** An organisation attested AGREE to an output the replay does not reproduce. */
    WRONG_ATTESTATION,
    /**
     * A final model's {@code attestedBy} is not a quorum of organisations, other than the proposer's,
     * whose AGREE attestations to its proposal are on the ledger.
     */
    QUORUM_UNSUPPORTED,
    /**
     * An incentives record (a round's agreed contributions, a credit, a reputation, a penalty) is not
     * what replaying the task's contribution attestations with the integer rules gives (issue 24).
     */
    INCENTIVES_MISMATCH
}

package org.fedledger.audit.report;

/**
 * What the audit's replay made of one proposal; written to the report by name.
 *
 * <pre>{@code
 * if (entry.replay() == ProposalReplay.OUTPUT_MISMATCH) { flag(entry.seq()); }
 * }</pre>
 */
public enum ProposalReplay {
    /** The replay computed the proposed manifest and output. */
    MATCH,
    /** The replay computed another output or manifest, or could not aggregate the round. */
    OUTPUT_MISMATCH,
    /** The proposal's manifest fails the round's checks, so it was not aggregated. */
    MANIFEST_REJECTED,
    /** The base model or the round's payloads were not available to replay it. */
    NOT_REPLAYED
}

package org.fedledger.audit.report;

/**
 * What the audit's replay says of one global model version; written to the report by name.
 *
 * <pre>{@code
 * boolean reproduced = version.replay() == VersionReplay.MATCH;
 * }</pre>
 */
public enum VersionReplay {
    /** The replay of the proposal that produced it computed this model. */
    MATCH,
    /** The replay computed another model, or rejected the proposal that produced it. */
    MISMATCH,
    /** Its proposal could not be replayed, or is not on the ledger. */
    NOT_REPLAYED,
    /** The task's initial model: nothing to replay. */
    INITIAL;

    /**
     * @param proposal what the replay made of the proposal that produced the version
     * @param reproduced whether the replayed output is the version's model
     * @return what the replay says of the version
     */
    public static VersionReplay of(ProposalReplay proposal, boolean reproduced) {
        return switch (proposal) {
            case MATCH -> reproduced ? MATCH : MISMATCH;
            case NOT_REPLAYED -> NOT_REPLAYED;
            case OUTPUT_MISMATCH, MANIFEST_REJECTED -> MISMATCH;
        };
    }
}

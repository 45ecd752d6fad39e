package org.fedledger.protocol.record;

/**
 * Why a round became FAILED, as the {@code RoundFailed} event names it: a closed set, so a listener
 * branches on it and never on a message.
 *
 * <pre>{@code
 * if (failed.reason() == RoundFailure.PROPOSALS_EXHAUSTED) { reportTheAggregator(); }
 * }</pre>
 */
public enum RoundFailure {
    /** The deadline passed with fewer than the task's {@code minUpdates} updates (closeRound). */
    TOO_FEW_UPDATES,
    /**
     * The round's last allowed proposal ({@link Quorum#MAX_PROPOSALS_PER_ROUND}) lost its quorum
     * (resolveRound): no further proposal is taken.
     */
    PROPOSALS_EXHAUSTED,
    /**
     * The round's window passed with the round undecided (resolveRound): a proposal neither reached
     * nor lost its quorum, or a CLOSED or DISPUTED round waited in vain for a proposal.
     */
    WINDOW_PASSED,
    /**
     * A secure round's window passed with fewer cohort members revealing than the task's threshold
     * (resolveRound): too many dropped out for the survivors' sum to be unmasked.
     */
    UNMASKING_BELOW_THRESHOLD,
    /**
     * The round was opened on the previous round's proposal ({@code proposeAndOpen}) and that proposal
     * will never be FINAL: the previous round became FINAL with another model, or FAILED (resolveRound).
     */
    BASE_SUPERSEDED
}

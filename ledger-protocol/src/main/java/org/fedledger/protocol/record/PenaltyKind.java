package org.fedledger.protocol.record;

/** What a penalty punishes (issue 24): only facts the ledger itself proves. */
public enum PenaltyKind {
    /**
     * The contributor's agreed contribution was negative in the task's {@code negativeRoundsToSuspend}
     * consecutive FINAL rounds; evidence: each round's agreed contributions. Suspends it.
     */
    NEGATIVE_CONTRIBUTION,
    /**
     * In the task's {@code negativeRoundsToSuspend} consecutive FINAL rounds the contributor's update was out
     * of line with its round's or its agreed contribution negative, out of line at least once; evidence:
     * each round's agreed contributions, its value or its {@code outOfLine} entry. Suspends it.
     */
    OUT_OF_LINE_ROUNDS,
    /**
     * In the task's {@code negativeRoundsToSuspend} consecutive FINAL rounds the rule excluded the contributor's
     * update or discarded at least the task's {@code setAsidePermille} of it, or its agreed contribution was
     * negative, set aside at least once and never out of line; evidence: each round's agreed contributions, its
     * value or its {@code setAside} entry. Suspends it, or lowers its weight, by the task's rules.
     */
    SET_ASIDE_ROUNDS,
    /**
     * The organisation's verifier agreed with the final output but attested contributions other than
     * those the quorum agreed on; evidence: its contribution attestation. Recorded; no effect on trainers.
     */
    CONTRIBUTIONS_DISSENT,
    /**
     * The identity proposed an output whose quorum the eligible organisations' DISAGREE attestations put out
     * of reach (a split on contributions alone does not count); evidence: the proposal's output hash and
     * each DISAGREE attestation. Recorded under the proposal's own key; no effect on trainers.
     */
    PROPOSAL_DISPUTED
}

package org.fedledger.protocol.record;

/**
 * The states of a round.
 *
 * <pre>{@code
 * OPEN --close--> CLOSED --propose--> PROPOSED --quorum--> FINAL
 *   |                                    +--no quorum possible--> DISPUTED --propose--> PROPOSED
 *   +--deadline passed with too few updates--> FAILED
 * }</pre>
 */
public enum RoundState {
    /** Accepting updates until the deadline. */
    OPEN,
    /** Accepted set fixed; waiting for a proposal. */
    CLOSED,
    /** A proposal waits for attestations. */
    PROPOSED,
    /** Attestations cannot reach the quorum for the current proposal; a new proposal may follow. */
    DISPUTED,
    /** A quorum agreed; the round's model is a global model version. */
    FINAL,
    /** The deadline passed with too few updates. */
    FAILED
}

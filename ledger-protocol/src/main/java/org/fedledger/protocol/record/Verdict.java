package org.fedledger.protocol.record;

/** A verifier's verdict on a proposal. */
public enum Verdict {
    /** The verifier recomputed the proposal's output hash. */
    AGREE,
    /** The verifier computed something else, or found the manifest wrong. */
    DISAGREE
}

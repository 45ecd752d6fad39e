package org.fedledger.protocol.error;

import org.fedledger.core.model.FormatError;

/**
 * The stable error codes of the ledger, exactly those of {@code docs/ledger-model.md}. The chaincode
 * refuses a transaction with one of them (payload and message prefix {@code "CODE: "}); callers
 * branch on the code, never on the message, so a code never changes meaning.
 *
 * <p>Each code says what the caller should do next ({@link #guidance()}) and whether sending the
 * same transaction again can succeed ({@link #retryable()}): a retryable code depends on ledger state
 * that moves on by itself (a deadline, other participants' transactions); a non-retryable one needs a
 * different call.
 *
 * <pre>{@code
 * ErrorCode code = ErrorCode.valueOf("ROUND_NOT_OPEN");
 * if (code.retryable()) { waitForNextRound(); } else { log.error(code.guidance()); }
 * }</pre>
 */
public enum ErrorCode {
    /** An argument is missing, malformed or out of range. */
    INVALID_ARGUMENT(false, "fix the argument the message names; the same call fails again"),
    /** A hash is not 64 lowercase hex characters. */
    MALFORMED_HASH(false, "send the SHA-256 of the canonical bytes as 64 lowercase hexadecimal characters"),
    /** Payload missing, chunks not contiguous or empty, or not a canonical model encoding. */
    MALFORMED_PAYLOAD(false,
            "re-encode the model with fl-core's ModelCodec and send it as contiguous transient chunks"),
    /** NaN or infinity in the payload. */
    NON_FINITE_VALUE(false, "training diverged: fix it and submit finite weights"),
    /** Tensors or shapes differ from the task's schema. */
    SCHEMA_MISMATCH(false, "train the task's model: read the task's schema and match every tensor name and shape"),
    /** Declared hash differs from the payload's SHA-256. */
    HASH_MISMATCH(false, "hash exactly the bytes you send (or, for an attestation, attest DISAGREE)"),
    /** Payload larger than the task's {@code maxPayloadBytes}. */
    PAYLOAD_TOO_LARGE(false, "send a smaller model, or create a task with a higher maxPayloadBytes"),
    /**
     * The payload's length differs from the exact length the task's schema fixes for the canonical
     * encoding of its model (refused before any byte is decoded).
     */
    PAYLOAD_SIZE_MISMATCH(false,
            "send the canonical encoding (fl-core's ModelCodec) of a model of exactly the task's schema: its length"
                    + " is fixed by the schema (ModelCodec.encodedSize); for a task with an update codec, that codec's"
                    + " encoding (UpdateCodec.encodedSize)"),
    /** A transaction argument is longer than {@code TransportLimits.MAX_ARGUMENT_BYTES} (refused before parsing). */
    ARGUMENT_TOO_LARGE(false, "no argument may exceed TransportLimits.MAX_ARGUMENT_BYTES: send a shorter one"),
    /** The creator is not a registered participant. */
    UNKNOWN_IDENTITY(false, "request roles with requestRoles and ask your organisation's admin to approve them"),
    /** The creator lacks the role, or its organisation is not allowed in the task. */
    FORBIDDEN(false, "use an identity that holds the role, from an organisation the task allows"),
    /** Task, round, update, proposal or model does not exist (or this peer does not hold the payload). */
    NOT_FOUND(true, "check the ids; a record written by a transaction not yet committed appears once it is"),
    /** Task id or participant already registered. */
    ALREADY_EXISTS(false, "pick another id, or read the existing record"),
    /** Submit to a round that is not OPEN (or outside its window). */
    ROUND_NOT_OPEN(true, "wait for the task's next round and submit there"),
    /** The transition is not allowed from the round's current state. */
    INVALID_STATE(true, "read the round and act on its current state"),
    /** {@code baseVersion} is not the round's base model. */
    STALE_BASE_MODEL(false, "fetch the round's base model, retrain from it and submit again"),
    /** A different update from this identity already exists for the round. */
    DUPLICATE_UPDATE(false, "none: one update per contributor per round; the first one stands"),
    /** Close before the deadline with fewer than {@code minUpdates} updates. */
    QUORUM_NOT_MET(true, "wait for more updates or for the deadline"),
    /** A non-coordinator closes before the deadline. */
    DEADLINE_NOT_REACHED(true, "wait until the round's deadline, then close"),
    /** Manifest disagrees with the round, the task or the accepted set. */
    MANIFEST_MISMATCH(false,
            "rebuild the manifest from the closed round (fl-core's manifest checks say what is wrong)"),
    /** This organisation already attested this proposal. */
    ALREADY_ATTESTED(false, "none: one attestation per organisation per proposal"),
    /** The identity that proposed a model attests it. */
    OWN_PROPOSAL(false, "none: a proposal is attested by the verifiers of the other organisations; "
            + "attest with an identity that did not propose it"),
    /** The round already had its last allowed proposal. */
    PROPOSAL_LIMIT_REACHED(false, "none: the round takes no more proposals; it fails unless its current "
            + "proposal reaches the quorum, and the coordinator opens the next round"),
    /** The round cannot be decided yet: its quorum is neither reached nor out of reach, and its window is open. */
    RESOLUTION_PENDING(true, "wait for more attestations (or a proposal), or for the round's window to end, "
            + "then resolve again"),
    /** No pending role request of this certificate, or the roles approved are not among those requested. */
    NOT_REQUESTED(true, "the member sends requestRoles with its own identity first; then approve the roles it asked for"),
    /** The creator, or the member acted on, was revoked by its organisation's admin. */
    REVOKED(false, "none for this identity: a revocation is final; enrol a new identity and have it request roles"),
    /**
     * A compressed update holds a value its codec cannot hold: a block scale exponent, an integer code or a
     * sparse index beyond its range (fl-core's {@code UpdateCodec}).
     */
    CODE_OUT_OF_RANGE(false, "encode the update with the task's codec (fl-core's UpdateCodec.encode) and send"
            + " those bytes unchanged"),
    /**
     * A submit, or opening a round, would take a dataset's privacy loss beyond its budget (the epsilon
     * computed from its release counts at its delta).
     */
    PRIVACY_BUDGET_EXCEEDED(false, "none for this dataset: its budget is spent; train on another dataset with a"
            + " budget left, in a task that binds it"),
    /**
     * A secure task (privacy mode {@code SECURE}) with a rule that does not sum plain integer codes
     * exactly: only {@code exact_fedavg} without {@code clip_norm} or a compressed {@code codec}.
     */
    PRIVACY_RULE_UNSUPPORTED(false, "create the task with rule exact_fedavg (no clip_norm, no codec), or without"
            + " secure aggregation"),
    /** A trainer acted in a secure round whose cohort (fixed when the round opened) does not hold it. */
    NOT_IN_COHORT(true, "record your masking keys with registerMaskingKeys; you take part from the next round"
            + " opened after that"),
    /** Unmasking material sent for a round that is not closed yet: the survivors are not fixed. */
    REVEAL_BEFORE_CLOSE(true, "wait for the round's close, then reveal for the survivors it fixed"),
    /**
     * A reveal that would give away both secrets of one trainer: a seed share for a trainer outside the
     * survivors, or a mask-key share for a survivor.
     */
    REVEAL_BOTH_SECRETS(false, "reveal seed shares for exactly the round's accepted updates and mask-key shares"
            + " for exactly the other cohort members"),
    /** A proposal for a secure round before threshold-many cohort members revealed their shares. */
    UNMASKING_INCOMPLETE(true, "wait for more reveals; with fewer than the threshold the round fails when its"
            + " window passes"),
    /**
     * The contributor is suspended from the task by a penalty (issue 24): its submissions are refused,
     * and write nothing, until the round its suspension record names.
     */
    CONTRIBUTOR_SUSPENDED(true, "none for the suspended rounds: read the suspension record (its penalty names the"
            + " evidence) and submit again in the first round after it ends"),
    /**
     * An organisation attested contributions of a task valued on private validation sets (issue 24) for a
     * round its committed set does not cover: it committed none, or committed it after the round opened.
     */
    VALIDATION_SET_NOT_COMMITTED(false, "commit your organisation's validation set with commitValidationSet;"
            + " it values the rounds opened after it, and until then attest nothing");

    private final boolean retryable;
    private final String guidance;

    ErrorCode(boolean retryable, String guidance) {
        this.retryable = retryable;
        this.guidance = guidance;
    }

    /**
     * Whether the same call, sent again unchanged, can succeed once the ledger has moved on.
     *
     * <pre>{@code
     * boolean later = ErrorCode.ROUND_NOT_OPEN.retryable(); // true
     * }</pre>
     *
     * @return true when waiting and retrying can help
     */
    public boolean retryable() {
        return retryable;
    }

    /**
     * What the caller should do next, in a sentence for a person.
     *
     * <pre>{@code
     * String next = ErrorCode.STALE_BASE_MODEL.guidance();
     * }</pre>
     *
     * @return the advice
     */
    public String guidance() {
        return guidance;
    }

    /**
     * Maps one of fl-core's model format errors to the ledger code of the same meaning.
     *
     * <pre>{@code
     * ErrorCode code = ErrorCode.of(e.code()); // e a ModelFormatException
     * }</pre>
     *
     * @param error the fl-core code
     * @return {@link #NON_FINITE_VALUE}, {@link #SCHEMA_MISMATCH}, {@link #MALFORMED_HASH},
     *     {@link #PAYLOAD_TOO_LARGE}, {@link #PAYLOAD_SIZE_MISMATCH}, {@link #CODE_OUT_OF_RANGE} or, for
     *     every other encoding problem,
     *     {@link #MALFORMED_PAYLOAD}
     */
    public static ErrorCode of(FormatError error) {
        // No default branch: a new FormatError does not compile until it is mapped here.
        return switch (error) {
            case NON_FINITE_VALUE -> NON_FINITE_VALUE;
            case SCHEMA_MISMATCH -> SCHEMA_MISMATCH;
            case MALFORMED_HASH -> MALFORMED_HASH;
            case TOO_LARGE -> PAYLOAD_TOO_LARGE;
            case SIZE_MISMATCH -> PAYLOAD_SIZE_MISMATCH;
            case CODE_OUT_OF_RANGE -> CODE_OUT_OF_RANGE;
            case MALFORMED_ENCODING, NON_CANONICAL_ENCODING, SHAPE_MISMATCH, INVALID_NAME, DUPLICATE_TENSOR,
                    INVALID_SHAPE, EMPTY_MODEL -> MALFORMED_PAYLOAD;
        };
    }
}

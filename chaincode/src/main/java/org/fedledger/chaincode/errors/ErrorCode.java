package org.fedledger.chaincode.errors;

import org.fedledger.core.model.FormatError;

/**
 * The stable error codes of the chaincode, exactly those of {@code docs/ledger-model.md}. A code is
 * the payload of every {@link FedLedgerException} and the prefix of its message; callers branch on
 * it, so a code never changes meaning.
 *
 * <pre>{@code
 * throw ErrorCode.NOT_FOUND.exception("task 'mnist' does not exist");
 * }</pre>
 */
public enum ErrorCode {
    /** An argument is missing, malformed or out of range. Fix the argument; retrying cannot help. */
    INVALID_ARGUMENT,
    /** A hash is not 64 lowercase hex characters. */
    MALFORMED_HASH,
    /** Payload missing, chunks not contiguous, or not a canonical model encoding. */
    MALFORMED_PAYLOAD,
    /** NaN or infinity in the payload. */
    NON_FINITE_VALUE,
    /** Tensors or shapes differ from the task's schema. */
    SCHEMA_MISMATCH,
    /** Declared hash differs from the payload's SHA-256. */
    HASH_MISMATCH,
    /** Payload larger than the task's {@code maxPayloadBytes}. */
    PAYLOAD_TOO_LARGE,
    /** The creator is not a registered participant. */
    UNKNOWN_IDENTITY,
    /** The creator lacks the role, or its organisation is not allowed in the task. */
    FORBIDDEN,
    /** Task, round, update, proposal or model does not exist. */
    NOT_FOUND,
    /** Task id or participant already registered. */
    ALREADY_EXISTS,
    /** Submit to a round that is not OPEN (or past its deadline). */
    ROUND_NOT_OPEN,
    /** The transition is not allowed from the round's current state. */
    INVALID_STATE,
    /** {@code baseVersion} is not the round's base model. */
    STALE_BASE_MODEL,
    /** A different update from this identity already exists for the round. */
    DUPLICATE_UPDATE,
    /** Close before the deadline with fewer than {@code minUpdates} updates. */
    QUORUM_NOT_MET,
    /** A non-coordinator closes before the deadline. */
    DEADLINE_NOT_REACHED,
    /** Manifest disagrees with the round, the task or the accepted set. */
    MANIFEST_MISMATCH,
    /** This organisation already attested this proposal. */
    ALREADY_ATTESTED;

    /**
     * @param message what was wrong, for a person
     * @return an exception carrying this code
     */
    public FedLedgerException exception(String message) {
        return new FedLedgerException(this, message);
    }

    /**
     * Maps one of fl-core's model format errors to the chaincode code of the same meaning.
     *
     * @param error the fl-core code
     * @return {@link #NON_FINITE_VALUE}, {@link #SCHEMA_MISMATCH}, {@link #MALFORMED_HASH},
     *     {@link #PAYLOAD_TOO_LARGE} or, for every encoding problem, {@link #MALFORMED_PAYLOAD}
     */
    public static ErrorCode of(FormatError error) {
        // No default branch: a new FormatError does not compile until it is mapped here.
        return switch (error) {
            case NON_FINITE_VALUE -> NON_FINITE_VALUE;
            case SCHEMA_MISMATCH -> SCHEMA_MISMATCH;
            case MALFORMED_HASH -> MALFORMED_HASH;
            case TOO_LARGE -> PAYLOAD_TOO_LARGE;
            case MALFORMED_ENCODING, NON_CANONICAL_ENCODING, SHAPE_MISMATCH, INVALID_NAME, DUPLICATE_TENSOR,
                    INVALID_SHAPE, EMPTY_MODEL -> MALFORMED_PAYLOAD;
        };
    }
}

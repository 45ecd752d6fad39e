package org.fedledger.core.model;

/**
 * Stable codes for everything that can be wrong with a model, its encoding or a hash.
 *
 * <p>The code names are part of the public contract: the chaincode and the SDK report them to
 * callers, so they never change meaning once released.
 */
public enum FormatError {
    /** The bytes are not a well-formed encoded model (truncated, bad wire type, unknown field). */
    MALFORMED_ENCODING,
    /** The bytes decode, but are not the canonical encoding of what they decode to. */
    NON_CANONICAL_ENCODING,
    /** A value is NaN or infinite. */
    NON_FINITE_VALUE,
    /** A tensor's data length does not match the element count its shape implies. */
    SHAPE_MISMATCH,
    /** The model's tensor names or shapes differ from the expected schema. */
    SCHEMA_MISMATCH,
    /** A tensor name is empty, too long or uses characters outside {@code [A-Za-z0-9_.:/-]}. */
    INVALID_NAME,
    /** Two tensors share a name. */
    DUPLICATE_TENSOR,
    /** A dimension is not positive, there are too many dimensions, or the element count overflows. */
    INVALID_SHAPE,
    /** A content hash is not 64 lowercase hexadecimal characters. */
    MALFORMED_HASH,
    /** The payload or model is larger than the configured limit. */
    TOO_LARGE,
    /** A model has no tensors. */
    EMPTY_MODEL,
    /**
     * The encoding's length differs from the exact length every canonical encoding of the expected
     * schema has (see {@link ModelCodec#encodedSize(ModelSchema)}); found before anything is decoded.
     */
    SIZE_MISMATCH,
    /**
     * A compressed update holds a value its codec cannot hold: a block scale exponent beyond the
     * codec's range, an integer code outside its symmetric range, or a sparse index at or beyond its
     * tensor's size (see {@code org.fedledger.core.aggregation.UpdateCodec}).
     */
    CODE_OUT_OF_RANGE
}

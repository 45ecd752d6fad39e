package org.fedledger.core.aggregation;

/**
 * The encodings an update's tensors may travel in ({@link UpdateCodec}). {@link #FLOAT32} is the
 * model encoding of {@link org.fedledger.core.model.ModelCodec}; the others carry an update as integer
 * offsets from the round's base model on an exact rule's fixed-point grid.
 *
 * <pre>{@code
 * CodecKind.INT4.maxCode();   // 7: codes in [-7, 7]
 * }</pre>
 */
public enum CodecKind {
    /** Every value as float32: the canonical model encoding, unchanged. */
    FLOAT32("float32", 0, 0, 0, 0),
    /** Blocks of 8-bit codes in {@code [-127, 127]} with one power-of-two scale per block. */
    INT8("int8", 1, 8, 127, 24),
    /** Blocks of 4-bit codes in {@code [-7, 7]}, two per byte, with one power-of-two scale per block. */
    INT4("int4", 2, 4, 7, 27),
    /** The k largest offsets of each tensor: strictly increasing indices and their 32-bit offsets. */
    TOPK("topk", 3, 0, 0, 0);

    private final String wireName;
    private final int tag;
    private final int bits;
    private final int maxCode;
    private final int maxExponent;

    CodecKind(String wireName, int tag, int bits, int maxCode, int maxExponent) {
        this.wireName = wireName;
        this.tag = tag;
        this.bits = bits;
        this.maxCode = maxCode;
        this.maxExponent = maxExponent;
    }

    /** @return the name in a rule's {@code codec} parameter and on the command line */
    public String wireName() {
        return wireName;
    }

    /** @return the kind byte of a compressed update's header; 0 for {@link #FLOAT32}, which has none */
    int tag() {
        return tag;
    }

    /** @return bits per code of a block-scaled kind, 0 otherwise */
    public int bits() {
        return bits;
    }

    /** @return the largest code magnitude of a block-scaled kind ({@code 2^(bits-1) - 1}), 0 otherwise */
    public int maxCode() {
        return maxCode;
    }

    /**
     * @return the largest block exponent {@code e} of a block-scaled kind: {@code maxCode * 2^e} stays
     *     below {@code 2^31}, so every decoded offset is a 32-bit integer; 0 otherwise
     */
    public int maxExponent() {
        return maxExponent;
    }

    /** @return whether values travel in blocks of codes with one scale each */
    public boolean blockScaled() {
        return bits > 0;
    }
}

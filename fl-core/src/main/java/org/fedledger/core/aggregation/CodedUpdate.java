package org.fedledger.core.aggregation;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a trainer gets from {@link UpdateCodec#encode}: the canonical bytes to submit and the residual,
 * per coordinate in the schema's order, the part of the update (plus the residual carried in) that the
 * bytes do not hold, in units of {@code 2^-scale_bits}. A trainer with error feedback adds the residual to
 * its next round's update.
 *
 * <pre>{@code
 * CodedUpdate coded = codec.encode(update, base, 24, seed, carried);
 * submit(coded.bytes());
 * carried = coded.residual();
 * }</pre>
 */
public final class CodedUpdate {
    private final byte[] bytes;
    private final double[] residual;

    /**
     * @param bytes the canonical encoding; copied
     * @param residual per coordinate what the bytes leave out; copied
     */
    public CodedUpdate(byte[] bytes, double[] residual) {
        this.bytes = Objects.requireNonNull(bytes, "bytes").clone();
        this.residual = Objects.requireNonNull(residual, "residual").clone();
    }

    /** @return the canonical encoding, a copy */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** @return the residual per coordinate in units of {@code 2^-scale_bits}, a copy */
    public double[] residual() {
        return residual.clone();
    }

    @Override
    public String toString() {
        return "CodedUpdate{bytes=" + bytes.length + ", coordinates=" + residual.length + "}";
    }
}

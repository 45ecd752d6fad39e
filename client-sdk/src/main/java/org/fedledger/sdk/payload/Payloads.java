package org.fedledger.sdk.payload;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.fedledger.core.model.ContentHash;
import org.fedledger.protocol.key.TransientKeys;
import org.fedledger.protocol.transaction.TransportLimits;

/**
 * Splits payloads into the transient-data chunks the chaincode expects and joins chunks read back,
 * checking the result against the on-chain hash ({@code docs/architecture.md} invariant 6: bytes handed to a caller
 * always match the ledger, or the caller gets an {@link IntegrityException}).
 *
 * <p>The chaincode takes chunk {@code i} of an update under the transient key {@code payload/i} and
 * of a model under {@code model/i}; one hash covers the whole concatenation.
 *
 * <pre>{@code
 * byte[] bytes = ModelCodec.encode(model);
 * Map<String, byte[]> transientData =
 *         Payloads.transientChunks(Payloads.UPDATE_PREFIX, bytes, Payloads.DEFAULT_CHUNK_SIZE);
 * // ... later, reading it back:
 * byte[] checked = Payloads.join("update org1/alice round 3", chunks, record.hash());
 * }</pre>
 */
public final class Payloads {
    /** Transient-key prefix for update payload chunks. */
    public static final String UPDATE_PREFIX = TransientKeys.UPDATE_PREFIX;
    /** Transient-key prefix for model payload chunks. */
    public static final String MODEL_PREFIX = TransientKeys.MODEL_PREFIX;
    /** Default chunk size: 1 MiB keeps each private-data value small. */
    public static final int DEFAULT_CHUNK_SIZE = 1 << 20;

    private Payloads() {
    }

    /**
     * Splits a payload into the chunks one transaction carries.
     *
     * <pre>{@code
     * List<byte[]> chunks = Payloads.split(ModelCodec.encode(model), Payloads.DEFAULT_CHUNK_SIZE);
     * }</pre>
     *
     * @param payload bytes to split, at least one; not modified
     * @param chunkSize largest chunk, at least 1
     * @return consecutive non-empty chunks covering {@code payload}
     * @throws IllegalArgumentException when {@code chunkSize < 1}, the payload is empty (the
     *     chaincode refuses an empty chunk, and no model encodes to nothing) or it would make more
     *     chunks than the chaincode takes ({@link TransportLimits#MAX_PAYLOAD_CHUNKS})
     * @throws PayloadTooLargeException when the payload is larger than one transaction can carry
     */
    public static List<byte[]> split(byte[] payload, int chunkSize) {
        Objects.requireNonNull(payload, "payload");
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be at least 1, was " + chunkSize);
        }
        if (payload.length == 0) {
            throw new IllegalArgumentException("the payload is empty; encode a model with ModelCodec and send its bytes");
        }
        checkSendable(payload.length);
        long count = (payload.length + (long) chunkSize - 1) / chunkSize;
        if (count > TransportLimits.MAX_PAYLOAD_CHUNKS) {
            throw new IllegalArgumentException("chunkSize " + chunkSize + " splits " + payload.length + " bytes into "
                    + count
                    + " chunks; the chaincode takes at most " + TransportLimits.MAX_PAYLOAD_CHUNKS
                    + ", so use larger chunks");
        }
        List<byte[]> chunks = new ArrayList<>((int) count);
        for (int from = 0; from < payload.length; from += chunkSize) {
            chunks.add(Arrays.copyOfRange(payload, from, Math.min(payload.length, from + chunkSize)));
        }
        return chunks;
    }

    /**
     * Refuses, before anything is sent, a payload larger than one transaction can carry
     * ({@link TransportLimits#MAX_PAYLOAD_BYTES}): the peer would drop the proposal with a transport
     * error that names no size.
     *
     * <pre>{@code
     * Payloads.checkSendable(bytes.length);
     * }</pre>
     *
     * @param size the payload's size in bytes
     * @throws PayloadTooLargeException when {@code size} is above the limit
     */
    public static void checkSendable(long size) {
        if (size > TransportLimits.MAX_PAYLOAD_BYTES) {
            throw new PayloadTooLargeException(size, TransportLimits.MAX_PAYLOAD_BYTES);
        }
    }

    /**
     * @param prefix {@link #UPDATE_PREFIX} or {@link #MODEL_PREFIX}
     * @param payload bytes to send
     * @param chunkSize largest chunk
     * @return transient-data entries {@code prefix + i -> chunk i}, in chunk order
     * @throws IllegalArgumentException as {@link #split(byte[], int)}
     * @throws PayloadTooLargeException as {@link #split(byte[], int)}
     */
    public static Map<String, byte[]> transientChunks(String prefix, byte[] payload, int chunkSize) {
        Objects.requireNonNull(prefix, "prefix");
        List<byte[]> chunks = split(payload, chunkSize);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < chunks.size(); i++) {
            entries.put(prefix + i, chunks.get(i));
        }
        return entries;
    }

    /**
     * Concatenates chunks and hands them out only if they hash to {@code expected}.
     *
     * @param what which payload this is, for the error message
     * @param chunks consecutive chunks as read from the store
     * @param expected the hash recorded on the ledger
     * @return the verified bytes
     * @throws IntegrityException when the bytes do not hash to {@code expected}
     */
    public static byte[] join(String what, List<byte[]> chunks, ContentHash expected) {
        Objects.requireNonNull(chunks, "chunks");
        Objects.requireNonNull(expected, "expected");
        long total = 0;
        for (byte[] chunk : chunks) {
            total += Objects.requireNonNull(chunk, "chunk").length;
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(what + " is " + total + " bytes; larger than a Java array can hold");
        }
        byte[] joined = new byte[(int) total];
        int at = 0;
        for (byte[] chunk : chunks) {
            System.arraycopy(chunk, 0, joined, at, chunk.length);
            at += chunk.length;
        }
        return verify(what, joined, expected);
    }

    /**
     * @param what which payload this is, for the error message
     * @param bytes bytes as read from the store
     * @param expected the hash recorded on the ledger
     * @return {@code bytes}, once checked
     * @throws IntegrityException when the bytes do not hash to {@code expected}
     */
    public static byte[] verify(String what, byte[] bytes, ContentHash expected) {
        ContentHash actual = ContentHash.of(bytes);
        if (!actual.equals(expected)) {
            throw new IntegrityException(what, expected, actual);
        }
        return bytes;
    }
}

package org.fedledger.chaincode.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.fedledger.chaincode.errors.Arguments;
import org.fedledger.chaincode.errors.FedLedgerException;
import org.fedledger.core.model.ContentHash;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.key.TransientKeys;
import org.fedledger.protocol.transaction.TransportLimits;

/**
 * A model or update payload as it arrives in transient data: chunks under {@code <prefix>0},
 * {@code <prefix>1}, ... with no gap and no other transient key. The hash is over the concatenation.
 *
 * <pre>{@code
 * Payload p = Payload.fromTransient(stub.getTransient(), TransientKeys.UPDATE_PREFIX, task.maxPayloadBytes());
 * p.size(); p.chunkCount(); p.hash(); // the chunks are never joined: nothing holds a second copy
 * }</pre>
 */
public final class Payload {
    private final List<byte[]> chunks;
    private final long size;
    private ContentHash hash;

    private Payload(List<byte[]> chunks, long size) {
        this.chunks = List.copyOf(chunks);
        this.size = size;
    }

    /**
     * @param transientMap the transaction's transient data (may be null)
     * @param prefix {@link TransientKeys#UPDATE_PREFIX} or {@link TransientKeys#MODEL_PREFIX}
     * @param maxBytes the largest allowed total size
     * @return the payload
     * @throws org.fedledger.chaincode.errors.FedLedgerException {@link ErrorCode#MALFORMED_PAYLOAD}
     *     when missing, with a gap, an empty chunk, a foreign key or more than
     *     {@link TransportLimits#MAX_PAYLOAD_CHUNKS} chunks; {@link ErrorCode#PAYLOAD_TOO_LARGE} above
     *     {@code maxBytes}
     */
    public static Payload fromTransient(Map<String, byte[]> transientMap, String prefix, long maxBytes) {
        if (transientMap == null || transientMap.isEmpty()) {
            throw new FedLedgerException(ErrorCode.MALFORMED_PAYLOAD,
                    "payload missing: send the bytes as transient data under "
                    + prefix + "0, " + prefix + "1, ...");
        }
        int n = transientMap.size();
        if (n > TransportLimits.MAX_PAYLOAD_CHUNKS) {
            throw new FedLedgerException(ErrorCode.MALFORMED_PAYLOAD, "payload has " + n + " transient entries; at most "
                    + TransportLimits.MAX_PAYLOAD_CHUNKS + " chunks (TransportLimits.MAX_PAYLOAD_CHUNKS)");
        }
        List<byte[]> chunks = new ArrayList<>(n);
        long size = 0;
        for (int i = 0; i < n; i++) {
            byte[] chunk = transientMap.get(prefix + i);
            if (chunk == null) {
                throw new FedLedgerException(ErrorCode.MALFORMED_PAYLOAD, "payload chunks go under " + prefix + "0, "
                        + prefix + "1, ... with no gap and no other transient key; " + prefix + i
                        + " is missing (transient keys sent: " + keysSent(transientMap) + ")");
            }
            if (chunk.length == 0) {
                throw new FedLedgerException(ErrorCode.MALFORMED_PAYLOAD, "payload chunk " + prefix + i + " is empty");
            }
            size += chunk.length;
            if (size > maxBytes) {
                throw new FedLedgerException(ErrorCode.PAYLOAD_TOO_LARGE, "payload exceeds the task's limit of "
                        + maxBytes + " bytes");
            }
            chunks.add(chunk);
        }
        return new Payload(chunks, size);
    }

    /** The transient keys, sorted so the message is the same on every peer, shown printable and cut short. */
    private static String keysSent(Map<String, byte[]> transientMap) {
        List<String> shown = new ArrayList<>();
        for (String key : new TreeSet<>(transientMap.keySet())) {
            if (shown.size() == 8) {
                shown.add("...");
                break;
            }
            shown.add(Arguments.shown(key));
        }
        return String.join(", ", shown);
    }

    /** @return the chunks; the arrays are shared, do not modify them */
    public List<byte[]> chunks() {
        return chunks;
    }

    /** @return the number of chunks */
    public int chunkCount() {
        return chunks.size();
    }

    /** @return total size in bytes */
    public long size() {
        return size;
    }

    /** @return SHA-256 of the concatenated chunks, computed on first use (after the size checks) */
    public ContentHash hash() {
        if (hash == null) {
            hash = ContentHash.ofChunks(chunks);
        }
        return hash;
    }

    @Override
    public String toString() {
        return "Payload{hash=" + hash() + ", size=" + size + ", chunks=" + chunks.size() + "}";
    }
}

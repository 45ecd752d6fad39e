package org.fedledger.sdk.payload;

import org.fedledger.sdk.errors.FedLedgerClientException;

/**
 * A payload larger than one transaction can carry, refused by the SDK before anything is sent. Not
 * retryable: send a smaller model.
 *
 * <pre>{@code
 * try {
 *     Payloads.transientChunks(Payloads.UPDATE_PREFIX, bytes, Payloads.DEFAULT_CHUNK_SIZE);
 * } catch (PayloadTooLargeException e) {
 *     log.error("model is {} bytes; at most {}", e.size(), e.limit());
 * }
 * }</pre>
 */
public final class PayloadTooLargeException extends FedLedgerClientException {
    private static final long serialVersionUID = 1L;

    /** @serial the payload's size in bytes */
    private final long size;
    /** @serial the largest size allowed */
    private final long limit;

    /**
     * @param size the payload's size in bytes
     * @param limit the largest size allowed
     */
    public PayloadTooLargeException(long size, long limit) {
        super("PAYLOAD_TOO_LARGE: the payload is " + size + " bytes; one transaction carries at most " + limit
                + " (all chunks travel in one gRPC message); send a smaller model", null, null);
        this.size = size;
        this.limit = limit;
    }

    /** @return the payload's size in bytes */
    public long size() {
        return size;
    }

    /** @return the largest size allowed */
    public long limit() {
        return limit;
    }

    @Override
    public boolean retryable() {
        return false;
    }
}

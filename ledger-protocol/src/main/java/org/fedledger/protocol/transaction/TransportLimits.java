package org.fedledger.protocol.transaction;

/**
 * Size limits that come from how a transaction travels, not from any task. All payload chunks of a
 * transaction travel together, as transient data inside the one proposal message that the client
 * sends to a peer and the peer forwards to the chaincode; both hops are gRPC messages limited to
 * {@link #MAX_MESSAGE_BYTES} by default (the peer's gRPC servers and the Java shim alike). What is
 * left after the arguments, the signed header and the creator's certificate is the largest payload
 * a transaction can carry.
 *
 * <pre>{@code
 * if (bytes.length > TransportLimits.MAX_PAYLOAD_BYTES) { ... } // refuse before sending
 * }</pre>
 */
public final class TransportLimits {
    /** Largest gRPC message between client, peer and chaincode: 100 MiB. */
    public static final long MAX_MESSAGE_BYTES = 100L * 1024 * 1024;
    /** Room kept for everything in the proposal but the payload (arguments, header, certificate): 1 MiB. */
    public static final long ENVELOPE_ALLOWANCE_BYTES = 1024L * 1024;
    /** Largest payload one transaction can carry: {@code MAX_MESSAGE_BYTES - ENVELOPE_ALLOWANCE_BYTES}. */
    public static final long MAX_PAYLOAD_BYTES = MAX_MESSAGE_BYTES - ENVELOPE_ALLOWANCE_BYTES;

    private TransportLimits() {
    }
}

package org.fedledger.protocol.transaction;

/**
 * Size limits that come from how a transaction travels, not from any task. All payload chunks of a
 * transaction travel together, as transient data inside the one proposal message that the client
 * sends to a peer and the peer forwards to the chaincode; both hops are gRPC messages limited to
 * {@link #MAX_MESSAGE_BYTES} by default (the peer's gRPC servers and the Java shim alike). What is
 * left after the arguments, the signed header and the creator's certificate is the largest payload
 * a transaction can carry.
 *
 * <p>The same class bounds what a chaincode parses: no argument longer than
 * {@link #MAX_ARGUMENT_BYTES}, no payload in more than {@link #MAX_PAYLOAD_CHUNKS} chunks.
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
    /**
     * Most chunks one payload may come in: 4096. Each chunk is a private key and a write of its own,
     * so a payload cut into a million one-byte chunks would cost the peer far more than its bytes; at
     * most 4096 chunks, a payload of {@link #MAX_PAYLOAD_BYTES} still goes in chunks of 25 KiB, and the
     * SDK's default of 1 MiB needs 99.
     */
    public static final int MAX_PAYLOAD_CHUNKS = 4096;
    /**
     * Longest transaction argument, in bytes of its UTF-8 encoding: 8 MiB. The chaincode refuses a
     * longer one ({@code ARGUMENT_TOO_LARGE}) before it parses any argument. The largest legitimate
     * argument is a manifest: about 600 bytes an input with the identity ids Fabric's CAs issue (about 150
     * characters), so 8 MiB holds a round of 10,000 inputs (the most a task accepts) with ids of up to
     * about 250 characters.
     * Every other argument is far shorter (a task definition of 1,024 tensors and 256 organisations is
     * under 300 KiB, a certificate a few KiB).
     */
    public static final int MAX_ARGUMENT_BYTES = 8 * 1024 * 1024;

    private TransportLimits() {
    }
}

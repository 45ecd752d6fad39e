package org.fedledger.embedded.block;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.fedledger.embedded.state.KeyOrder;
import org.fedledger.embedded.state.ReadWriteSet;

/**
 * An endorsed transaction as ordered into a block: proposal header (tx id, timestamp, channel,
 * creator), the invocation, the endorsed result, the endorsements, and the creator's signature over
 * all of it. Transient data is never part of it. The read-write set may carry private values (the
 * committing ledger's copy); {@link #encode()} writes only their hashes.
 *
 * <p>Immutable. Its Fabric messages (the proposal response payload the endorsers signed and the
 * envelope payload the creator signed) are a function of its parts, built once on first use: the
 * ledger needs them to sign, to validate and to hash the block, and an auditor's block reads need
 * them again.
 *
 * <pre>{@code
 * Transaction tx = block.transactions().get(0);
 * tx.txId(); tx.result().event();
 * }</pre>
 */
public final class Transaction {
    private final String txId;
    private final Instant timestamp;
    private final String channelId;
    private final String creatorMsp;
    private final byte[] creator;
    private final byte[] nonce;
    private final String function;
    private final List<String> arguments;
    private final ProposalResult result;
    private final List<Endorsement> endorsements;
    private final byte[] signature;
    /** Built on first use; a race builds equal bytes twice, never different ones. */
    private volatile byte[] responsePayload;
    private volatile byte[] payload;

    /**
     * Checks the parts and copies arrays and lists.
     *
     * @param txId the transaction id (hex SHA-256 of nonce and creator)
     * @param timestamp the timestamp from the signed proposal
     * @param channelId the channel
     * @param creatorMsp the creator's MSP id
     * @param creator the creator as a serialized identity
     * @param nonce the proposal's nonce
     * @param function the chaincode function
     * @param arguments its string arguments
     * @param result the endorsed result
     * @param endorsements the endorsements
     * @param signature the creator's signature over {@link #signedBytes()}: Fabric's envelope payload
     */
    public Transaction(String txId, Instant timestamp, String channelId, String creatorMsp, byte[] creator,
            byte[] nonce, String function, List<String> arguments, ProposalResult result, List<Endorsement> endorsements,
            byte[] signature) {
        this.txId = Objects.requireNonNull(txId, "txId");
        this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
        this.channelId = Objects.requireNonNull(channelId, "channelId");
        this.creatorMsp = Objects.requireNonNull(creatorMsp, "creatorMsp");
        this.creator = Objects.requireNonNull(creator, "creator").clone();
        this.nonce = Objects.requireNonNull(nonce, "nonce").clone();
        this.function = Objects.requireNonNull(function, "function");
        this.arguments = List.copyOf(arguments);
        this.result = Objects.requireNonNull(result, "result");
        this.endorsements = List.copyOf(endorsements);
        this.signature = Objects.requireNonNull(signature, "signature").clone();
    }

    /** @return the transaction id (hex SHA-256 of nonce and creator) */
    public String txId() {
        return txId;
    }

    /** @return the timestamp from the signed proposal */
    public Instant timestamp() {
        return timestamp;
    }

    /** @return the channel */
    public String channelId() {
        return channelId;
    }

    /** @return the creator's MSP id */
    public String creatorMsp() {
        return creatorMsp;
    }

    /** @return a copy of the serialized creator */
    public byte[] creator() {
        return creator.clone();
    }

    /** @return a copy of the nonce */
    public byte[] nonce() {
        return nonce.clone();
    }

    /** @return the chaincode function */
    public String function() {
        return function;
    }

    /** @return its string arguments */
    public List<String> arguments() {
        return arguments;
    }

    /** @return the endorsed result */
    public ProposalResult result() {
        return result;
    }

    /** @return the endorsements */
    public List<Endorsement> endorsements() {
        return endorsements;
    }

    /** @return a copy of the creator's signature */
    public byte[] signature() {
        return signature.clone();
    }

    /** @return the proposal response payload every endorsement of this transaction signs the start of */
    public byte[] responsePayload() {
        return responsePayloadBytes().clone();
    }

    /** @return the bytes the creator signed: Fabric's envelope payload */
    public byte[] signedBytes() {
        return payloadBytes().clone();
    }

    /** The shared, never-modified bytes of {@link #responsePayload()}; for this package. */
    byte[] responsePayloadBytes() {
        byte[] bytes = responsePayload;
        if (bytes == null) {
            bytes = FabricFormat.responsePayload(FabricFormat.proposalHash(this), result, txId).toByteArray();
            responsePayload = bytes;
        }
        return bytes;
    }

    /** The shared, never-modified bytes of {@link #signedBytes()}; for this package. */
    byte[] payloadBytes() {
        byte[] bytes = payload;
        if (bytes == null) {
            bytes = FabricFormat.payload(this).toByteArray();
            payload = bytes;
        }
        return bytes;
    }

    /** @return the same transaction with {@code newSignature} (the signed bytes do not include it) */
    public Transaction withSignature(byte[] newSignature) {
        Transaction signed = new Transaction(txId, timestamp, channelId, creatorMsp, creator, nonce, function, arguments,
                result, endorsements, newSignature);
        signed.responsePayload = responsePayload;
        signed.payload = payload;
        return signed;
    }

    /** @return the transaction's encoding in a block (private values hashed) */
    public byte[] encode() {
        Wire.Writer w = new Wire.Writer().text(txId).instant(timestamp).text(channelId).text(creatorMsp).bytes(creator)
                .bytes(nonce).text(function).int32(arguments.size());
        arguments.forEach(w::text);
        w.int32(result.status()).text(result.message()).bytes(result.payload()).bool(result.event().isPresent());
        result.event().ifPresent(e -> w.text(e.name()).bytes(e.payload()));
        Wire.readWriteSet(w, result.readWriteSet(), false);
        w.int32(endorsements.size());
        for (Endorsement e : endorsements) {
            w.text(e.mspId()).text(e.endorserPem()).bytes(e.signature());
        }
        return w.bytes(signature).toByteArray();
    }

    /**
     * Reads a transaction written by {@link #encode()}, with the private values kept beside the block.
     *
     * @param bytes the encoding
     * @param privateValues the private writes with their values, or empty when this ledger has none
     * @return the transaction
     * @throws Wire.WireException when the bytes are not a transaction
     */
    public static Transaction decode(byte[] bytes, Optional<SortedMap<String, SortedMap<String, byte[]>>> privateValues) {
        Wire.Reader r = new Wire.Reader(bytes);
        String txId = r.text();
        Instant timestamp = r.instant();
        String channel = r.text();
        String msp = r.text();
        byte[] creator = r.bytes();
        byte[] nonce = r.bytes();
        String function = r.text();
        List<String> args = new ArrayList<>();
        for (int i = r.count(Wire.MAX_LENGTH); i > 0; i--) {
            args.add(r.text());
        }
        int status = r.int32();
        String message = r.text();
        byte[] payload = r.bytes();
        Optional<Event> event = r.bool() ? Optional.of(new Event(r.text(), r.bytes())) : Optional.empty();
        ReadWriteSet rw = Wire.readWriteSet(r);
        if (privateValues.isPresent()) {
            rw = new ReadWriteSet(rw.reads(), rw.ranges(), rw.writes(), rw.privateReads(), privateValues.get());
        }
        List<Endorsement> endorsements = new ArrayList<>();
        for (int i = r.count(Wire.MAX_LENGTH); i > 0; i--) {
            endorsements.add(new Endorsement(r.text(), r.text(), r.bytes()));
        }
        byte[] signature = r.bytes();
        if (r.available() != 0) {
            throw new Wire.WireException(r.available() + " bytes after the transaction's end", null);
        }
        return new Transaction(txId, timestamp, channel, msp, creator, nonce, function, args,
                new ProposalResult(status, message, payload, event, rw), endorsements, signature);
    }

    /** @return the private writes with their values (for the private data store) */
    public SortedMap<String, SortedMap<String, byte[]>> privateWrites() {
        SortedMap<String, SortedMap<String, byte[]>> copy = new TreeMap<>(KeyOrder.COMPARATOR);
        copy.putAll(result.readWriteSet().privateWrites());
        return copy;
    }

    /** Equal when the encodings are: every part, the private values' hashes included. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Transaction t && Arrays.equals(t.encode(), encode());
    }

    @Override
    public int hashCode() {
        return txId.hashCode();
    }

    @Override
    public String toString() {
        return "Transaction[txId=" + txId + ", function=" + function + ", creator=" + creatorMsp + "]";
    }
}

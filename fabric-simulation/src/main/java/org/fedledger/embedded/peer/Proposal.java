package org.fedledger.embedded.peer;

import com.google.protobuf.ByteString;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.fedledger.embedded.block.FabricFormat;
import org.fedledger.embedded.identity.Identity;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.peer.SignedProposal;

/**
 * A signed proposal, built as a Fabric client builds one: a channel header (type
 * {@code ENDORSER_TRANSACTION}, channel, tx id, timestamp, chaincode), a signature header (creator
 * as a serialized identity, a random nonce), the invocation and the transient map, signed by the
 * creator. The tx id is the hex SHA-256 of nonce and creator, as Fabric computes it; the stub takes
 * tx id, timestamp, creator and binding from here.
 *
 * <p>The creator's signature over the proposal bytes is made when {@link #signed()} is first asked
 * for (the stub's {@code getSignedProposal()}), then kept: nothing in-process verifies a proposal's
 * signature (an endorsement signs the response, and the commit checks the envelope's creator
 * signature), and neither the shim's router nor the chaincode reads it, so a query, run hundreds of
 * times a round, no longer pays for an ECDSA signature no one looks at. What is signed, and by whom,
 * is the same whenever it is made.
 *
 * <pre>{@code
 * Proposal p = Proposal.create(alice, "fedledger", "submitUpdate", args, transientData, clock.instant());
 * }</pre>
 *
 * @param txId the transaction id
 * @param timestamp the proposal's timestamp
 * @param channelId the channel
 * @param creator who signs it
 * @param function the chaincode function
 * @param arguments its arguments
 * @param transientData private inputs, never ordered
 * @param nonce the nonce
 * @param signing the creator's signature over the proposal message, made when first asked for
 * @param proposalHash Fabric's proposal hash (headers and the payload without transient data), which
 *     every endorsement's response payload names
 */
public record Proposal(String txId, Instant timestamp, String channelId, Identity creator, String function,
        List<String> arguments, Map<String, byte[]> transientData, byte[] nonce, Signing signing,
        byte[] proposalHash) {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Checks and copies the parts. */
    public Proposal {
        Objects.requireNonNull(txId, "txId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(creator, "creator");
        Objects.requireNonNull(function, "function");
        arguments = List.copyOf(arguments);
        transientData = java.util.Collections.unmodifiableMap(new TreeMap<>(transientData));
        nonce = nonce.clone();
        Objects.requireNonNull(signing, "signing");
        proposalHash = proposalHash.clone();
    }

    /**
     * @return the signed proposal message: the proposal bytes and the creator's signature over them,
     *     signed on the first call and the same on every later one
     */
    public SignedProposal signed() {
        return signing.signed();
    }

    /** The creator's signature over a proposal message: made when first asked for, then kept. */
    public static final class Signing {
        private final Identity creator;
        private final org.hyperledger.fabric.protos.peer.Proposal message;
        private volatile SignedProposal signed;

        /**
         * @param creator who signs
         * @param message the proposal message it signs
         */
        public Signing(Identity creator, org.hyperledger.fabric.protos.peer.Proposal message) {
            this.creator = Objects.requireNonNull(creator, "creator");
            this.message = Objects.requireNonNull(message, "message");
        }

        /** @return the message's bytes with the creator's signature over them, made on the first call */
        public SignedProposal signed() {
            SignedProposal s = signed;
            if (s == null) {
                synchronized (this) {
                    s = signed;
                    if (s == null) {
                        byte[] proposalBytes = message.toByteArray();
                        s = SignedProposal.newBuilder().setProposalBytes(ByteString.copyFrom(proposalBytes))
                                .setSignature(ByteString.copyFrom(creator.sign(proposalBytes))).build();
                        signed = s;
                    }
                }
            }
            return s;
        }
    }

    /** @return a copy of the nonce */
    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    /**
     * @param creator the signing identity
     * @param channelId the channel
     * @param function the function
     * @param arguments its string arguments (none null)
     * @param transientData transient entries (none null)
     * @param timestamp the proposal's timestamp
     * @return the signed proposal
     */
    public static Proposal create(Identity creator, String channelId, String function,
            List<String> arguments, Map<String, byte[]> transientData, Instant timestamp) {
        byte[] nonce = new byte[24];
        RANDOM.nextBytes(nonce);
        return create(creator, channelId, function, arguments, transientData, timestamp, nonce);
    }

    /**
     * {@link #create(Identity, String, String, List, Map, Instant)} with a nonce chosen by the caller,
     * for simulations that must give the same tx ids run after run.
     *
     * @param creator the signing identity
     * @param channelId the channel
     * @param function the function
     * @param arguments its string arguments (none null)
     * @param transientData transient entries (none null)
     * @param timestamp the proposal's timestamp
     * @param nonce the nonce, unique per creator
     * @return the signed proposal
     */
    public static Proposal create(Identity creator, String channelId, String function,
            List<String> arguments, Map<String, byte[]> transientData, Instant timestamp, byte[] nonce) {
        for (String a : arguments) {
            Objects.requireNonNull(a, "an argument of " + function + " is null");
        }
        transientData.forEach((k, v) -> Objects.requireNonNull(v, "transient entry " + k + " is null"));
        byte[] creatorBytes = creator.serialized();
        String txId = HexFormat.of().formatHex(FabricFormat.sha256(nonce, creatorBytes));
        ByteString channelHeader = FabricFormat.channelHeader(channelId, txId, timestamp).toByteString();
        ByteString signatureHeader = FabricFormat.signatureHeader(creatorBytes, nonce).toByteString();
        org.hyperledger.fabric.protos.peer.Proposal proposal = org.hyperledger.fabric.protos.peer.Proposal.newBuilder()
                .setHeader(Header.newBuilder().setChannelHeader(channelHeader).setSignatureHeader(signatureHeader)
                        .build().toByteString())
                .setPayload(FabricFormat.proposalPayload(function, arguments, transientData).toByteString()).build();
        byte[] hash = FabricFormat.sha256(channelHeader.toByteArray(), signatureHeader.toByteArray(),
                FabricFormat.proposalPayload(function, arguments, Map.of()).toByteArray());
        return new Proposal(txId, timestamp, channelId, creator, function, arguments, transientData, nonce,
                new Signing(creator, proposal), hash);
    }

    /** @return a copy of Fabric's proposal hash */
    @Override
    public byte[] proposalHash() {
        return proposalHash.clone();
    }

    /** @return Fabric's binding: SHA-256 of nonce, creator and the epoch (0) */
    public byte[] binding() {
        return FabricFormat.sha256(nonce, creator.serialized(), new byte[8]);
    }

    @Override
    public String toString() {
        return "Proposal[txId=" + txId + ", function=" + function + ", creator=" + creator.mspId() + "/" + creator.name()
                + ", transient=" + transientData.keySet() + "]";
    }
}

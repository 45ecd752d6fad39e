package org.fedledger.embedded.peer;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.fedledger.embedded.identity.Identity;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.peer.ChaincodeHeaderExtension;
import org.hyperledger.fabric.protos.peer.ChaincodeID;
import org.hyperledger.fabric.protos.peer.ChaincodeInput;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeSpec;
import org.hyperledger.fabric.protos.peer.SignedProposal;

/**
 * A signed proposal, built as a Fabric client builds one: a channel header (type
 * {@code ENDORSER_TRANSACTION}, channel, tx id, timestamp, chaincode), a signature header (creator
 * as a serialized identity, a random nonce), the invocation and the transient map, signed by the
 * creator. The tx id is the hex SHA-256 of nonce and creator, as Fabric computes it; the stub takes
 * tx id, timestamp, creator and binding from here.
 *
 * <pre>{@code
 * Proposal p = Proposal.create(alice, "fedledger", "fedledger", "submitUpdate", args, transientData, clock.instant());
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
 * @param signed the signed proposal message
 */
public record Proposal(String txId, Instant timestamp, String channelId, Identity creator, String function,
        List<String> arguments, Map<String, byte[]> transientData, byte[] nonce, SignedProposal signed) {
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
        Objects.requireNonNull(signed, "signed");
    }

    /** @return a copy of the nonce */
    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    /**
     * @param creator the signing identity
     * @param channelId the channel
     * @param chaincode the chaincode name
     * @param function the function
     * @param arguments its string arguments (none null)
     * @param transientData transient entries (none null)
     * @param timestamp the proposal's timestamp
     * @return the signed proposal
     */
    public static Proposal create(Identity creator, String channelId, String chaincode, String function,
            List<String> arguments, Map<String, byte[]> transientData, Instant timestamp) {
        for (String a : arguments) {
            Objects.requireNonNull(a, "an argument of " + function + " is null");
        }
        transientData.forEach((k, v) -> Objects.requireNonNull(v, "transient entry " + k + " is null"));
        byte[] nonce = new byte[24];
        RANDOM.nextBytes(nonce);
        byte[] creatorBytes = creator.serialized();
        String txId = HexFormat.of().formatHex(sha256(nonce, creatorBytes));
        ChaincodeID id = ChaincodeID.newBuilder().setName(chaincode).build();
        ChannelHeader channelHeader = ChannelHeader.newBuilder().setType(HeaderType.ENDORSER_TRANSACTION_VALUE)
                .setChannelId(channelId).setTxId(txId)
                .setTimestamp(Timestamp.newBuilder().setSeconds(timestamp.getEpochSecond()).setNanos(timestamp.getNano()))
                .setExtension(ChaincodeHeaderExtension.newBuilder().setChaincodeId(id).build().toByteString()).build();
        SignatureHeader signatureHeader = SignatureHeader.newBuilder().setCreator(ByteString.copyFrom(creatorBytes))
                .setNonce(ByteString.copyFrom(nonce)).build();
        ChaincodeInput.Builder input = ChaincodeInput.newBuilder().addArgs(ByteString.copyFromUtf8(function));
        arguments.forEach(a -> input.addArgs(ByteString.copyFromUtf8(a)));
        ChaincodeInvocationSpec spec = ChaincodeInvocationSpec.newBuilder().setChaincodeSpec(ChaincodeSpec.newBuilder()
                .setType(ChaincodeSpec.Type.JAVA).setChaincodeId(id).setInput(input)).build();
        ChaincodeProposalPayload.Builder payload = ChaincodeProposalPayload.newBuilder().setInput(spec.toByteString());
        transientData.forEach((k, v) -> payload.putTransientMap(k, ByteString.copyFrom(v)));
        org.hyperledger.fabric.protos.peer.Proposal proposal = org.hyperledger.fabric.protos.peer.Proposal.newBuilder()
                .setHeader(Header.newBuilder().setChannelHeader(channelHeader.toByteString())
                        .setSignatureHeader(signatureHeader.toByteString()).build().toByteString())
                .setPayload(payload.build().toByteString()).build();
        byte[] proposalBytes = proposal.toByteArray();
        SignedProposal signed = SignedProposal.newBuilder().setProposalBytes(ByteString.copyFrom(proposalBytes))
                .setSignature(ByteString.copyFrom(creator.sign(proposalBytes))).build();
        return new Proposal(txId, timestamp, channelId, creator, function, arguments, transientData, nonce, signed);
    }

    /** @return Fabric's binding: SHA-256 of nonce, creator and the epoch (0) */
    public byte[] binding() {
        return sha256(nonce, creator.serialized(), new byte[8]);
    }

    private static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                d.update(p);
            }
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "Proposal[txId=" + txId + ", function=" + function + ", creator=" + creator.mspId() + "/" + creator.name()
                + ", transient=" + transientData.keySet() + "]";
    }
}

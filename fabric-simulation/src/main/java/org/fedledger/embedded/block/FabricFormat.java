package org.fedledger.embedded.block;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.fedledger.embedded.state.RangeRead;
import org.fedledger.embedded.state.ReadWriteSet;
import org.fedledger.embedded.state.Version;
import org.fedledger.protocol.transaction.TransactionName;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadata;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.ledger.rwset.CollectionHashedReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.NsReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.HashedRWSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRead;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVReadHash;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWriteHash;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.QueryReads;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.RangeQueryInfo;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEndorsedAction;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ChaincodeHeaderExtension;
import org.hyperledger.fabric.protos.peer.ChaincodeID;
import org.hyperledger.fabric.protos.peer.ChaincodeInput;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeSpec;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Response;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * Fabric's own messages (fabric-protos) for proposals, endorsements, transactions and blocks, built
 * deterministically from the embedded ledger's values. What is signed is these messages' bytes, as
 * on Fabric: the creator signs the proposal and the envelope payload, each endorsing peer signs the
 * proposal response payload followed by its serialized identity. A block's header hash is SHA-256
 * of the DER sequence (number, previous hash, data hash) and its data hash SHA-256 of the
 * concatenated envelopes, so the auditor verifies embedded and real blocks with the same code.
 *
 * <pre>{@code
 * org.hyperledger.fabric.protos.common.Block proto = FabricFormat.block(block);
 * }</pre>
 */
public final class FabricFormat {
    /** The chaincode (and read-write set namespace) name. */
    public static final String CHAINCODE = TransactionName.CONTRACT;

    private FabricFormat() {
    }

    /** @return the channel header of an endorser transaction */
    public static ChannelHeader channelHeader(String channel, String txId, Instant timestamp) {
        return ChannelHeader.newBuilder().setType(HeaderType.ENDORSER_TRANSACTION_VALUE).setChannelId(channel).setTxId(txId)
                .setTimestamp(Timestamp.newBuilder().setSeconds(timestamp.getEpochSecond()).setNanos(timestamp.getNano()))
                .setExtension(ChaincodeHeaderExtension.newBuilder().setChaincodeId(chaincodeId()).build().toByteString())
                .build();
    }

    /** @return the signature header: creator and nonce */
    public static SignatureHeader signatureHeader(byte[] creator, byte[] nonce) {
        return SignatureHeader.newBuilder().setCreator(ByteString.copyFrom(creator)).setNonce(ByteString.copyFrom(nonce))
                .build();
    }

    /** @return the invocation with its transient map (empty for what goes into a block) */
    public static ChaincodeProposalPayload proposalPayload(String function, List<String> arguments,
            Map<String, byte[]> transientData) {
        ChaincodeInput.Builder input = ChaincodeInput.newBuilder().addArgs(ByteString.copyFromUtf8(function));
        arguments.forEach(a -> input.addArgs(ByteString.copyFromUtf8(a)));
        ChaincodeInvocationSpec spec = ChaincodeInvocationSpec.newBuilder().setChaincodeSpec(ChaincodeSpec.newBuilder()
                .setType(ChaincodeSpec.Type.JAVA).setChaincodeId(chaincodeId()).setInput(input)).build();
        ChaincodeProposalPayload.Builder payload = ChaincodeProposalPayload.newBuilder().setInput(spec.toByteString());
        new java.util.TreeMap<>(transientData).forEach((k, v) -> payload.putTransientMap(k, ByteString.copyFrom(v)));
        return payload.build();
    }

    /**
     * Fabric's proposal hash: SHA-256 over the channel header, the signature header and the
     * proposal payload without its transient map.
     *
     * @return the hash
     */
    public static byte[] proposalHash(String channel, String txId, Instant timestamp, byte[] creator, byte[] nonce,
            String function, List<String> arguments) {
        return sha256(channelHeader(channel, txId, timestamp).toByteArray(), signatureHeader(creator, nonce).toByteArray(),
                proposalPayload(function, arguments, Map.of()).toByteArray());
    }

    /** @return the proposal hash of a transaction */
    public static byte[] proposalHash(Transaction tx) {
        return proposalHash(tx.channelId(), tx.txId(), tx.timestamp(), tx.creator(), tx.nonce(), tx.function(),
                tx.arguments());
    }

    /** @return the read-write set in Fabric's form: public KV set and hashed private sets per collection */
    public static TxReadWriteSet readWriteSet(ReadWriteSet rw) {
        KVRWSet.Builder kv = KVRWSet.newBuilder();
        rw.reads().forEach((k, v) -> {
            KVRead.Builder read = KVRead.newBuilder().setKey(k);
            v.ifPresent(version -> read.setVersion(version(version)));
            kv.addReads(read);
        });
        for (RangeRead r : rw.ranges()) {
            QueryReads.Builder reads = QueryReads.newBuilder();
            r.results().forEach(x -> reads.addKvReads(KVRead.newBuilder().setKey(x.key()).setVersion(version(x.version()))));
            kv.addRangeQueriesInfo(RangeQueryInfo.newBuilder().setStartKey(r.start()).setEndKey(r.end())
                    .setItrExhausted(r.exhausted()).setRawReads(reads));
        }
        rw.writes().forEach((k, v) -> kv.addWrites(KVWrite.newBuilder().setKey(k).setIsDelete(v.length == 0)
                .setValue(ByteString.copyFrom(v))));
        NsReadWriteSet.Builder ns = NsReadWriteSet.newBuilder().setNamespace(CHAINCODE).setRwset(kv.build().toByteString());
        java.util.TreeSet<String> collections = new java.util.TreeSet<>(rw.privateReads().keySet());
        collections.addAll(rw.privateWrites().keySet());
        for (String c : collections) {
            HashedRWSet.Builder hashed = HashedRWSet.newBuilder();
            rw.privateReads().getOrDefault(c, java.util.Collections.emptySortedMap()).forEach((k, v) -> {
                KVReadHash.Builder read = KVReadHash.newBuilder().setKeyHash(ByteString.copyFrom(sha256(utf8(k))));
                v.ifPresent(version -> read.setVersion(version(version)));
                hashed.addHashedReads(read);
            });
            rw.privateWrites().getOrDefault(c, java.util.Collections.emptySortedMap()).forEach((k, v) -> hashed
                    .addHashedWrites(KVWriteHash.newBuilder().setKeyHash(ByteString.copyFrom(sha256(utf8(k))))
                            .setIsDelete(v.length == 0).setValueHash(ByteString.copyFrom(v.length == 0 ? v : sha256(v)))));
            ns.addCollectionHashedRwset(CollectionHashedReadWriteSet.newBuilder().setCollectionName(c)
                    .setHashedRwset(hashed.build().toByteString()));
        }
        return TxReadWriteSet.newBuilder().setDataModel(TxReadWriteSet.DataModel.KV).addNsRwset(ns).build();
    }

    /** @return what an endorser signs the first part of: the proposal hash and the chaincode action */
    public static ProposalResponsePayload responsePayload(byte[] proposalHash, ProposalResult result, String txId) {
        ChaincodeAction.Builder action = ChaincodeAction.newBuilder()
                .setResults(readWriteSet(result.readWriteSet()).toByteString())
                .setResponse(Response.newBuilder().setStatus(result.status()).setMessage(result.message())
                        .setPayload(ByteString.copyFrom(result.payload())))
                .setChaincodeId(chaincodeId());
        Optional<Event> event = result.event();
        event.ifPresent(e -> action.setEvents(ChaincodeEvent.newBuilder().setChaincodeId(CHAINCODE).setTxId(txId)
                .setEventName(e.name()).setPayload(ByteString.copyFrom(e.payload())).build().toByteString()));
        return ProposalResponsePayload.newBuilder().setProposalHash(ByteString.copyFrom(proposalHash))
                .setExtension(action.build().toByteString()).build();
    }

    /** @return the serialized identity of an MSP member */
    public static byte[] serializedIdentity(String mspId, String certificatePem) {
        return SerializedIdentity.newBuilder().setMspid(mspId)
                .setIdBytes(ByteString.copyFrom(certificatePem, StandardCharsets.US_ASCII)).build().toByteArray();
    }

    /** @return the bytes an endorser signs: the proposal response payload, then its serialized identity */
    public static byte[] endorsementMessage(byte[] responsePayload, String mspId, String endorserPem) {
        byte[] endorser = serializedIdentity(mspId, endorserPem);
        byte[] message = new byte[responsePayload.length + endorser.length];
        System.arraycopy(responsePayload, 0, message, 0, responsePayload.length);
        System.arraycopy(endorser, 0, message, responsePayload.length, endorser.length);
        return message;
    }

    /** @return the envelope payload the creator signs: header and the endorsed transaction */
    public static Payload payload(Transaction tx) {
        SignatureHeader sh = signatureHeader(tx.creator(), tx.nonce());
        ChaincodeEndorsedAction.Builder endorsed = ChaincodeEndorsedAction.newBuilder().setProposalResponsePayload(
                ByteString.copyFrom(tx.responsePayloadBytes()));
        for (Endorsement e : tx.endorsements()) {
            endorsed.addEndorsements(org.hyperledger.fabric.protos.peer.Endorsement.newBuilder()
                    .setEndorser(ByteString.copyFrom(serializedIdentity(e.mspId(), e.endorserPem())))
                    .setSignature(ByteString.copyFrom(e.signature())));
        }
        ChaincodeActionPayload action = ChaincodeActionPayload.newBuilder()
                .setChaincodeProposalPayload(proposalPayload(tx.function(), tx.arguments(), Map.of()).toByteString())
                .setAction(endorsed).build();
        org.hyperledger.fabric.protos.peer.Transaction body = org.hyperledger.fabric.protos.peer.Transaction.newBuilder()
                .addActions(TransactionAction.newBuilder().setHeader(sh.toByteString()).setPayload(action.toByteString()))
                .build();
        return Payload.newBuilder().setHeader(Header.newBuilder()
                .setChannelHeader(channelHeader(tx.channelId(), tx.txId(), tx.timestamp()).toByteString())
                .setSignatureHeader(sh.toByteString())).setData(body.toByteString()).build();
    }

    /** @return the signed envelope of a transaction */
    public static Envelope envelope(Transaction tx) {
        return Envelope.newBuilder().setPayload(ByteString.copyFrom(tx.payloadBytes()))
                .setSignature(ByteString.copyFrom(tx.signature())).build();
    }

    /** @return SHA-256 over the concatenated envelopes, as Fabric's block data hash */
    public static byte[] dataHash(List<Transaction> transactions) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (Transaction tx : transactions) {
                d.update(envelope(tx).toByteArray());
            }
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** @return Fabric's block header hash: SHA-256 of the DER sequence (number, previous hash, data hash) */
    public static byte[] headerHash(long number, byte[] previousHash, byte[] dataHash) {
        try {
            byte[] der = new DERSequence(new ASN1Encodable[] {new ASN1Integer(number), new DEROctetString(previousHash),
                    new DEROctetString(dataHash)}).getEncoded();
            return sha256(der);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot DER-encode a block header", e);
        }
    }

    /**
     * The block in Fabric's format. Metadata holds the transaction filter (one validation code per
     * transaction); the signatures entry is an empty {@code Metadata} (no orderer signs here). A
     * configuration block's data is its config envelope, marked valid in the filter.
     *
     * @param block the block
     * @return the fabric-protos block
     */
    public static org.hyperledger.fabric.protos.common.Block block(Block block) {
        BlockData.Builder data = BlockData.newBuilder();
        byte[] filter;
        if (block.isConfig()) {
            // The config transaction, valid: the filter a peer writes for a genesis block.
            data.addData(ByteString.copyFrom(block.configEnvelope()));
            filter = new byte[] {(byte) TxValidationCode.VALID_VALUE};
        } else {
            for (Transaction tx : block.transactions()) {
                data.addData(envelope(tx).toByteString());
            }
            filter = new byte[block.validationCodes().size()];
            for (int i = 0; i < filter.length; i++) {
                filter[i] = (byte) block.validationCodes().get(i).getNumber();
            }
        }
        BlockMetadata.Builder metadata = BlockMetadata.newBuilder();
        for (int i = 0; i <= BlockMetadataIndex.COMMIT_HASH_VALUE; i++) {
            ByteString entry = i == BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE ? ByteString.copyFrom(filter)
                    : i == BlockMetadataIndex.SIGNATURES_VALUE ? Metadata.getDefaultInstance().toByteString() : ByteString.EMPTY;
            metadata.addMetadata(entry);
        }
        return org.hyperledger.fabric.protos.common.Block.newBuilder()
                .setHeader(BlockHeader.newBuilder().setNumber(block.number())
                        .setPreviousHash(ByteString.copyFrom(block.previousHash()))
                        .setDataHash(ByteString.copyFrom(block.dataHash())))
                .setData(data).setMetadata(metadata).build();
    }

    private static ChaincodeID chaincodeId() {
        return ChaincodeID.newBuilder().setName(CHAINCODE).build();
    }

    private static org.hyperledger.fabric.protos.ledger.rwset.kvrwset.Version version(Version v) {
        return org.hyperledger.fabric.protos.ledger.rwset.kvrwset.Version.newBuilder().setBlockNum(v.block())
                .setTxNum(v.tx()).build();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** @return SHA-256 over {@code parts} in order */
    public static byte[] sha256(byte[]... parts) {
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
}

package org.fedledger.audit.chain;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.fedledger.audit.report.Finding;
import org.fedledger.audit.report.FindingCode;
import org.fedledger.protocol.key.Collections;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.ConfigPolicy;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.ImplicitMetaPolicy;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.Policy;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.ledger.rwset.CollectionHashedReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.NsReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.HashedRWSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWriteHash;
import org.hyperledger.fabric.protos.msp.FabricMSPConfig;
import org.hyperledger.fabric.protos.msp.MSPConfig;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.fedledger.sdk.ledger.ValidationCode;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * Reads every block from a {@link BlockSource} and verifies it with fabric-protos and the JDK only:
 * the header hash chain, each block's data hash, the channel configuration from config blocks, and each
 * endorser transaction's creator signature, endorsements and the channel's endorsement policy.
 *
 * <pre>{@code
 * ChainEvidence chain = new ChainReader("fedledger").read(BlockSource.of(auditor::blockHeight, auditor::block));
 * chain.transaction(update.txId()).orElseThrow().policySatisfied();
 * }</pre>
 */
public final class ChainReader {
    private static final HexFormat HEX = HexFormat.of();
    private final String chaincode;
    /** Identity checks by serialized identity and role: the same few identities sign every transaction. */
    private final Map<IdentityKey, Checked> identities = new ConcurrentHashMap<>();

    /** An identity as a transaction names it, with the role it acts in and the configuration in force. */
    private record IdentityKey(long configBlock, String role, String msp, ByteString certificate) {
    }

    /** A certificate, the identity id it gives, and why it is not good for its organisation (null when it is). */
    private record Checked(X509Certificate certificate, String id, String problem) {
    }

    /** @param chaincode the chaincode whose writes are collected (its namespace in the read-write sets) */
    public ChainReader(String chaincode) {
        this.chaincode = chaincode;
    }

    /**
     * @param source the blocks
     * @return the evidence of every transaction, with every problem as a finding; never throws for a bad block
     */
    public ChainEvidence read(BlockSource source) {
        return read(source, txId -> true);
    }

    /**
     * Reads every block and checks the hash chain, but verifies the signatures and endorsements only of
     * the transactions {@code verify} selects: an auditor needs those of the records it checks, while the
     * channel may hold many other tasks.
     *
     * @param source the blocks
     * @param verify which transaction ids to verify and keep
     * @return the evidence, with every problem as a finding; never throws for a bad block
     */
    public ChainEvidence read(BlockSource source, Predicate<String> verify) {
        return read(source, verify, null);
    }

    /**
     * As {@link #read(BlockSource, Predicate)}, also verifying and keeping every transaction that wrote a
     * public key {@code writing} accepts, whichever ids it has: what the audit needs to know who last wrote a
     * key shared by many tasks, such as a contributor's reputation ({@link KeyWrites}).
     *
     * @param source the blocks
     * @param verify which transaction ids to verify and keep
     * @param writing which written keys make a transaction kept too; null for none
     * @return the evidence, with every problem as a finding; never throws for a bad block
     */
    public ChainEvidence read(BlockSource source, Predicate<String> verify, Predicate<String> writing) {
        long height = source.height();
        Map<String, TransactionEvidence> byId = new HashMap<>();
        List<Finding> findings = new ArrayList<>();
        ChannelConfig config = null;
        byte[] previousHeaderHash = null;
        List<Supplier<Object>> work = new ArrayList<>();
        long total = 0;
        long valid = 0;
        for (long n = 0; n < height; n++) {
            Block block;
            try {
                block = Block.parseFrom(source.block(n));
            } catch (InvalidProtocolBufferException e) {
                findings.add(Finding.error(FindingCode.BLOCK_UNREADABLE, 0, "block " + n,
                        "block " + n + " is not a Fabric block: " + e.getMessage()));
                previousHeaderHash = null;
                continue;
            }
            var header = block.getHeader();
            if (header.getNumber() != n) {
                findings.add(new Finding(FindingCode.CHAIN_BROKEN, org.fedledger.audit.report.Severity.ERROR, 0,
                        "block " + n, Long.toString(n), Long.toString(header.getNumber()),
                        "the peer answered block " + n + " with a block numbered " + header.getNumber()));
            }
            byte[] dataHash = dataHash(block);
            if (!Arrays.equals(dataHash, header.getDataHash().toByteArray())) {
                findings.add(new Finding(FindingCode.CHAIN_BROKEN, org.fedledger.audit.report.Severity.ERROR, 0,
                        "block " + n, hex(header.getDataHash()), HEX.formatHex(dataHash),
                        "block " + n + "'s data hash does not match its transactions: its content was altered"));
            }
            if (previousHeaderHash != null && !Arrays.equals(previousHeaderHash, header.getPreviousHash().toByteArray())) {
                findings.add(new Finding(FindingCode.CHAIN_BROKEN, org.fedledger.audit.report.Severity.ERROR, 0,
                        "block " + n, HEX.formatHex(previousHeaderHash), hex(header.getPreviousHash()),
                        "block " + n + " does not name block " + (n - 1) + "'s header hash: the chain is broken"));
            }
            previousHeaderHash = Der.headerHash(header.getNumber(), header.getPreviousHash().toByteArray(),
                    header.getDataHash().toByteArray());
            byte[] filter = filter(block);
            for (int i = 0; i < block.getData().getDataCount(); i++) {
                ValidationCode code = i < filter.length ? validationCode(filter[i]) : ValidationCode.NOT_VALIDATED;
                try {
                    Envelope env = Envelope.parseFrom(block.getData().getData(i));
                    Payload payload = Payload.parseFrom(env.getPayload());
                    ChannelHeader ch = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
                    if (ch.getType() == HeaderType.CONFIG_VALUE) {
                        config = config(ConfigEnvelope.parseFrom(payload.getData()), n);
                    } else if (ch.getType() == HeaderType.ENDORSER_TRANSACTION_VALUE) {
                        total++;
                        if (code == ValidationCode.VALID) {
                            valid++;
                        }
                        boolean selected = verify.test(ch.getTxId());
                        if (!selected && writing == null) {
                            continue;
                        }
                        // Verified below, in parallel, against the configuration in force at this block.
                        long blockNumber = n;
                        int index = i;
                        ChannelConfig inForce = config;
                        work.add(() -> {
                            try {
                                if (!selected && !writesAny(payload, writing)) {
                                    return null;
                                }
                                return transaction(env, payload, ch, blockNumber, index, code, inForce);
                            } catch (InvalidProtocolBufferException | RuntimeException e) {
                                return Finding.error(FindingCode.BLOCK_UNREADABLE, 0, "block " + blockNumber
                                        + " transaction " + index, "transaction " + index + " of block " + blockNumber
                                        + " does not parse: " + e.getMessage());
                            }
                        });
                    }
                } catch (InvalidProtocolBufferException | RuntimeException e) {
                    findings.add(Finding.error(FindingCode.BLOCK_UNREADABLE, 0, "block " + n + " transaction " + i,
                            "transaction " + i + " of block " + n + " does not parse: " + e.getMessage()));
                }
            }
        }
        for (Object result : work.parallelStream().map(Supplier::get).toList()) {
            if (result == null) {
                continue;
            }
            if (result instanceof Finding f) {
                findings.add(f);
                continue;
            }
            TransactionEvidence tx = (TransactionEvidence) result;
            TransactionEvidence seen = byId.get(tx.txId());
            if (seen == null || (!seen.valid() && tx.valid())) {
                byId.put(tx.txId(), tx);
            }
        }
        return new ChainEvidence(height, byId, Optional.ofNullable(config), findings, total, valid);
    }

    private TransactionEvidence transaction(Envelope env, Payload payload, ChannelHeader ch, long block, int index,
            ValidationCode code, ChannelConfig config) throws InvalidProtocolBufferException {
        SignatureHeader sh = SignatureHeader.parseFrom(payload.getHeader().getSignatureHeader());
        SerializedIdentity creator = SerializedIdentity.parseFrom(sh.getCreator());
        Checked c = check(config, creator, null);
        Optional<String> creatorId = Optional.ofNullable(c.id());
        String creatorProblem = c.problem();
        if (creatorProblem == null && !Certificates.verifies(c.certificate(), env.getPayload().toByteArray(),
                env.getSignature().toByteArray())) {
            creatorProblem = "the creator's signature over the transaction does not verify";
        }

        Transaction transaction = Transaction.parseFrom(payload.getData());
        TransactionAction action = transaction.getActions(0);
        ChaincodeActionPayload cap = ChaincodeActionPayload.parseFrom(action.getPayload());
        String function = function(cap.getChaincodeProposalPayload());
        ByteString prp = cap.getAction().getProposalResponsePayload();
        Set<String> endorsing = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        for (Endorsement e : cap.getAction().getEndorsementsList()) {
            SerializedIdentity endorser = SerializedIdentity.parseFrom(e.getEndorser());
            Checked c2 = check(config, endorser, "peer");
            String problem = c2.problem();
            if (problem == null && !Certificates.verifies(c2.certificate(), prp.concat(e.getEndorser()).toByteArray(),
                    e.getSignature().toByteArray())) {
                problem = "the signature over the proposal response does not verify";
            }
            if (problem == null) {
                endorsing.add(endorser.getMspid());
            } else {
                problems.add(endorser.getMspid() + ": " + problem);
            }
        }
        Map<String, byte[]> writes = new TreeMap<>();
        Map<String, Map<String, String>> privateWrites = new TreeMap<>();
        writes(prp, writes, privateWrites);
        boolean policy = config != null && policiesMet(config, endorsing, writes, privateWrites);
        return new TransactionEvidence(ch.getTxId(), block, index, code, ch.getTimestamp().getSeconds(), function,
                creator.getMspid(), creatorId, Optional.ofNullable(creatorProblem), endorsing, problems, policy,
                writes, privateWrites);
    }

    /** @return whether the transaction wrote a public key in the chaincode's namespace that {@code keys} accepts */
    private boolean writesAny(Payload payload, Predicate<String> keys) throws InvalidProtocolBufferException {
        ChaincodeActionPayload cap = ChaincodeActionPayload.parseFrom(
                Transaction.parseFrom(payload.getData()).getActions(0).getPayload());
        Map<String, byte[]> writes = new TreeMap<>();
        writes(cap.getAction().getProposalResponsePayload(), writes, new TreeMap<>());
        return writes.keySet().stream().anyMatch(keys);
    }

    /** Fabric's key-level validation ({@link Collections#endorsementSatisfied}) with the channel's policy. */
    private static boolean policiesMet(ChannelConfig config, Set<String> endorsing, Map<String, byte[]> writes,
            Map<String, Map<String, String>> privateWrites) {
        return Collections.endorsementSatisfied(!writes.isEmpty(), privateWrites, endorsing, config::satisfied);
    }

    /** @return the identity's certificate, id and problem, checked once per configuration, identity and role */
    private Checked check(ChannelConfig config, SerializedIdentity identity, String role) {
        IdentityKey key = new IdentityKey(config == null ? -1 : config.configBlock(), role, identity.getMspid(),
                identity.getIdBytes());
        return identities.computeIfAbsent(key, k -> {
            try {
                X509Certificate cert = Certificates.parse(identity.getIdBytes().toByteArray());
                return new Checked(cert, Certificates.identityId(cert),
                        identityProblem(config, identity.getMspid(), cert, role));
            } catch (CertificateException e) {
                return new Checked(null, null, "the certificate does not parse: " + e.getMessage());
            }
        });
    }

    /** @return why {@code cert} is not a good identity of {@code msp} (with {@code role}, when given); null when it is */
    private static String identityProblem(ChannelConfig config, String msp, X509Certificate cert, String role) {
        if (config == null) {
            return "no channel configuration precedes it, so no organisation's CA is known";
        }
        List<X509Certificate> cas = config.authorities().get(msp);
        if (cas == null) {
            return "organisation " + msp + " is not a member of the channel";
        }
        if (!Certificates.issuedByOneOf(cert, cas)) {
            return "the certificate was not issued by " + msp + "'s CA";
        }
        if (role != null && !Certificates.hasRole(cert, role)) {
            return "the certificate is not a " + role + " identity (OU=" + role + ")";
        }
        return null;
    }

    private void writes(ByteString proposalResponsePayload, Map<String, byte[]> writes,
            Map<String, Map<String, String>> privateWrites) throws InvalidProtocolBufferException {
        ProposalResponsePayload prp = ProposalResponsePayload.parseFrom(proposalResponsePayload);
        ChaincodeAction cca = ChaincodeAction.parseFrom(prp.getExtension());
        TxReadWriteSet rw = TxReadWriteSet.parseFrom(cca.getResults());
        for (NsReadWriteSet ns : rw.getNsRwsetList()) {
            if (!ns.getNamespace().equals(chaincode)) {
                continue;
            }
            for (KVWrite w : KVRWSet.parseFrom(ns.getRwset()).getWritesList()) {
                writes.put(w.getKey(), w.getIsDelete() ? new byte[0] : w.getValue().toByteArray());
            }
            for (CollectionHashedReadWriteSet c : ns.getCollectionHashedRwsetList()) {
                Map<String, String> hashes = privateWrites.computeIfAbsent(c.getCollectionName(), k -> new TreeMap<>());
                for (KVWriteHash w : HashedRWSet.parseFrom(c.getHashedRwset()).getHashedWritesList()) {
                    hashes.put(HexFormat.of().formatHex(w.getKeyHash().toByteArray()),
                            w.getIsDelete() ? "" : HexFormat.of().formatHex(w.getValueHash().toByteArray()));
                }
            }
        }
    }

    private static String function(ByteString proposalPayload) {
        try {
            ChaincodeProposalPayload cpp = ChaincodeProposalPayload.parseFrom(proposalPayload);
            var args = ChaincodeInvocationSpec.parseFrom(cpp.getInput()).getChaincodeSpec().getInput().getArgsList();
            return args.isEmpty() ? "" : args.get(0).toStringUtf8();
        } catch (InvalidProtocolBufferException e) {
            return "";
        }
    }

    private static ChannelConfig config(ConfigEnvelope envelope, long block) throws InvalidProtocolBufferException {
        ConfigGroup application = envelope.getConfig().getChannelGroup().getGroupsOrDefault("Application",
                ConfigGroup.getDefaultInstance());
        Map<String, List<X509Certificate>> authorities = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigGroup> org : new TreeMap<>(application.getGroupsMap()).entrySet()) {
            var value = org.getValue().getValuesMap().get("MSP");
            if (value == null) {
                continue;
            }
            MSPConfig msp = MSPConfig.parseFrom(value.getValue());
            FabricMSPConfig fabric = FabricMSPConfig.parseFrom(msp.getConfig());
            List<X509Certificate> cas = new ArrayList<>();
            for (ByteString pem : fabric.getRootCertsList()) {
                cas.add(certificate(pem));
            }
            for (ByteString pem : fabric.getIntermediateCertsList()) {
                cas.add(certificate(pem));
            }
            authorities.put(fabric.getName(), cas);
        }
        ConfigPolicy endorsement = application.getPoliciesMap().get("Endorsement");
        if (endorsement == null) {
            return new ChannelConfig(authorities, Optional.empty(), "no Endorsement policy", block);
        }
        Policy p = endorsement.getPolicy();
        if (p.getType() != Policy.PolicyType.IMPLICIT_META_VALUE) {
            return new ChannelConfig(authorities, Optional.empty(), "unsupported policy type " + p.getType(), block);
        }
        return new ChannelConfig(authorities, ImplicitMetaPolicy.parseFrom(p.getValue()).getRule(), block);
    }

    private static X509Certificate certificate(ByteString pem) {
        try {
            return Certificates.parse(pem.toByteArray());
        } catch (CertificateException e) {
            throw new IllegalArgumentException("a CA certificate in the channel configuration does not parse", e);
        }
    }

    private static byte[] dataHash(Block block) {
        ByteString all = ByteString.EMPTY;
        for (ByteString d : block.getData().getDataList()) {
            all = all.concat(d);
        }
        return Der.sha256(all.toByteArray());
    }

    private static byte[] filter(Block block) {
        int i = BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE;
        return block.getMetadata().getMetadataCount() > i ? block.getMetadata().getMetadata(i).toByteArray() : new byte[0];
    }

    /** A filter byte as Fabric's code; a number Fabric does not define (a damaged block) is UNRECOGNIZED. */
    private static ValidationCode validationCode(byte code) {
        TxValidationCode c = TxValidationCode.forNumber(code & 0xff);
        return c == null ? ValidationCode.UNRECOGNIZED : ValidationCode.named(c.name());
    }

    private static String hex(ByteString bytes) {
        return HEX.formatHex(bytes.toByteArray());
    }
}

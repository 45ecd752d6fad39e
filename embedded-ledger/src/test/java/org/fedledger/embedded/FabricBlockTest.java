package org.fedledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.fedledger.protocol.key.Collections;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Config;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.ImplicitMetaPolicy;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.ledger.rwset.NsReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.Test;

/**
 * Blocks read as an auditor reads Fabric's: fabric-protos messages and JCA only, every signature and
 * hash checked, nothing taken from the embedded ledger's own classes but the blocks: the
 * organisations' CA certificates and the endorsement policy come from block 0, the config block.
 */
class FabricBlockTest {

    @Test
    void every_block_verifies_as_a_fabric_block_hash_chain_signatures_endorsements_and_filter() throws Exception {
        try (Network net = Network.inMemory()) {
            Task task = Task.create(net, "mnist");
            task.openRound();
            task.submitUpdate(net.trainer1, 1, Task.model(1f), 100);
            CommitStatus failed = net.ledger.submit(net.ledger.endorse(net.trainer2Id,
                    org.fedledger.protocol.transaction.TransactionName.SUBMIT_UPDATE, task.updateArgs(1, Task.model(2f), 300),
                    Task.updateChunks(Task.model(2f)), List.of("Org2MSP"))).join();

            int transactions = 0;
            boolean sawPrivateUpdate = false;
            Map<String, X509Certificate> cas = new HashMap<>();
            int required = 0;
            for (long n = 0; n < net.ledger.height(); n++) {
                Block block = net.ledger.fabricBlock(n).orElseThrow();
                assertThat(block.getHeader().getNumber()).isEqualTo(n);
                if (n > 0) {
                    BlockHeader previous = net.ledger.fabricBlock(n - 1).orElseThrow().getHeader();
                    assertThat(block.getHeader().getPreviousHash().toByteArray()).isEqualTo(headerHash(previous));
                } else {
                    assertThat(block.getHeader().getPreviousHash().isEmpty()).isTrue();
                }
                MessageDigest data = MessageDigest.getInstance("SHA-256");
                block.getData().getDataList().forEach(d -> data.update(d.toByteArray()));
                assertThat(block.getHeader().getDataHash().toByteArray()).isEqualTo(data.digest());
                byte[] filter = block.getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE).toByteArray();
                assertThat(filter).hasSize(block.getData().getDataCount());
                if (n == 0) {
                    Config config = ConfigBlockTest.config(block);
                    ConfigGroup application = config.getChannelGroup().getGroupsOrThrow("Application");
                    for (var org : application.getGroupsMap().entrySet()) {
                        cas.put(org.getKey(), ConfigBlockTest.rootCertificate(org.getValue()));
                    }
                    ImplicitMetaPolicy endorsement = ImplicitMetaPolicy.parseFrom(
                            application.getPoliciesOrThrow("Endorsement").getPolicy().getValue());
                    assertThat(endorsement.getRule()).isEqualTo(ImplicitMetaPolicy.Rule.MAJORITY);
                    required = cas.size() / 2 + 1;
                    assertThat(cas.keySet()).containsExactlyInAnyOrder("Org1MSP", "Org2MSP", "Org3MSP");
                    continue;
                }

                for (int i = 0; i < block.getData().getDataCount(); i++) {
                    transactions++;
                    Envelope envelope = Envelope.parseFrom(block.getData().getData(i));
                    Payload payload = Payload.parseFrom(envelope.getPayload());
                    ChannelHeader ch = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
                    assertThat(ch.getType()).isEqualTo(HeaderType.ENDORSER_TRANSACTION_VALUE);
                    assertThat(ch.getChannelId()).isEqualTo("fedledger");
                    SerializedIdentity creator = SerializedIdentity.parseFrom(
                            SignatureHeader.parseFrom(payload.getHeader().getSignatureHeader()).getCreator());
                    X509Certificate creatorCert = certificate(creator);
                    creatorCert.verify(cas.get(creator.getMspid()).getPublicKey());
                    assertThat(verify(creatorCert, envelope.getPayload().toByteArray(), envelope.getSignature().toByteArray()))
                            .as("creator signature of %s", ch.getTxId()).isTrue();

                    ChaincodeActionPayload action = ChaincodeActionPayload.parseFrom(
                            Transaction.parseFrom(payload.getData()).getActions(0).getPayload());
                    byte[] response = action.getAction().getProposalResponsePayload().toByteArray();
                    Set<String> endorsingOrgs = new HashSet<>();
                    for (Endorsement e : action.getAction().getEndorsementsList()) {
                        SerializedIdentity endorser = SerializedIdentity.parseFrom(e.getEndorser());
                        X509Certificate peer = certificate(endorser);
                        peer.verify(cas.get(endorser.getMspid()).getPublicKey());
                        assertThat(peer.getSubjectX500Principal().getName()).contains("OU=peer");
                        assertThat(verify(peer, concat(response, e.getEndorser().toByteArray()), e.getSignature().toByteArray()))
                                .isTrue();
                        endorsingOrgs.add(endorser.getMspid());
                    }
                    TxValidationCode code = TxValidationCode.forNumber(filter[i]);
                    assertThat(code).isEqualTo(net.ledger.transaction(ch.getTxId()).orElseThrow().code());
                    if (code == TxValidationCode.VALID) {
                        assertThat(endorsingOrgs).hasSizeGreaterThanOrEqualTo(required);
                    }

                    ChaincodeAction chaincodeAction = ChaincodeAction.parseFrom(
                            ProposalResponsePayload.parseFrom(response).getExtension());
                    assertThat(chaincodeAction.getResponse().getStatus()).isEqualTo(200);
                    assertThat(ChaincodeEvent.parseFrom(chaincodeAction.getEvents()).getTxId()).isEqualTo(ch.getTxId());
                    NsReadWriteSet ns = TxReadWriteSet.parseFrom(chaincodeAction.getResults()).getNsRwset(0);
                    assertThat(ns.getNamespace()).isEqualTo("fedledger");
                    assertThat(KVRWSet.parseFrom(ns.getRwset()).getWritesCount()).isPositive();
                    if (ns.getCollectionHashedRwsetList().stream().anyMatch(c -> c.getCollectionName().equals(Collections.updatesOf("Org1MSP")))) {
                        sawPrivateUpdate = true;
                    }
                }
            }
            assertThat(transactions).isEqualTo(2 * 9 + 3 + 1);
            assertThat(sawPrivateUpdate).isTrue();
            Block lastBlock = net.ledger.fabricBlock(failed.blockNumber()).orElseThrow();
            assertThat(lastBlock.getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE).byteAt(0))
                    .isEqualTo((byte) TxValidationCode.ENDORSEMENT_POLICY_FAILURE_VALUE);
            Block top = net.ledger.fabricBlock(net.ledger.height() - 1).orElseThrow();
            assertThat(net.ledger.chainInfo().currentBlockHash()).isEqualTo(headerHash(top.getHeader()));
        }
    }

    @Test
    void transient_payload_bytes_appear_in_no_block() throws Exception {
        try (Network net = Network.inMemory()) {
            Task task = Task.create(net, "mnist");
            task.openRound();
            var committed = task.net.trainer3.submit(org.fedledger.protocol.transaction.TransactionName.SUBMIT_UPDATE,
                    task.updateArgs(1, Task.model(3f), 10), Task.updateChunks(Task.model(3f)));
            byte[] block = net.ledger.fabricBlock(committed.blockNumber()).orElseThrow().toByteArray();
            byte[] chunk = java.util.Arrays.copyOf(org.fedledger.core.model.ModelCodec.encode(Task.model(3f)), Task.CHUNK);
            assertThat(java.util.Collections.indexOfSubList(box(block), box(chunk))).isNegative();
        }
    }

    private static List<Byte> box(byte[] b) {
        java.util.List<Byte> out = new java.util.ArrayList<>(b.length);
        for (byte x : b) {
            out.add(x);
        }
        return out;
    }

    private static byte[] headerHash(BlockHeader h) throws IOException, java.security.NoSuchAlgorithmException {
        byte[] der = new DERSequence(new ASN1Encodable[] {new ASN1Integer(h.getNumber()),
                new DEROctetString(h.getPreviousHash().toByteArray()), new DEROctetString(h.getDataHash().toByteArray())})
                .getEncoded();
        return MessageDigest.getInstance("SHA-256").digest(der);
    }

    private static X509Certificate certificate(SerializedIdentity id) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(id.getIdBytes().toByteArray()));
    }

    private static boolean verify(X509Certificate cert, byte[] message, byte[] signature) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initVerify(cert.getPublicKey());
        s.update(message);
        return s.verify(signature);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

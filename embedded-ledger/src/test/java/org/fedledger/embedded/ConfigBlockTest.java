package org.fedledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.fedledger.embedded.block.BlockLog;
import org.fedledger.embedded.block.FabricFormat;
import org.fedledger.embedded.block.PrivateData;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Config;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.ConfigPolicy;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.ImplicitMetaPolicy;
import org.hyperledger.fabric.protos.common.MSPPrincipal;
import org.hyperledger.fabric.protos.common.MSPRole;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.Policy;
import org.hyperledger.fabric.protos.common.SignaturePolicyEnvelope;
import org.hyperledger.fabric.protos.msp.FabricMSPConfig;
import org.hyperledger.fabric.protos.msp.MSPConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Block 0 is the channel's config block: organisations, their CAs and the policy, rebuilt alike on restart. */
class ConfigBlockTest {
    @TempDir
    Path dir;

    /** The config of a config block, checked to be one envelope of header type CONFIG. */
    static Config config(Block block) throws InvalidProtocolBufferException {
        assertThat(block.getData().getDataCount()).isEqualTo(1);
        Payload payload = Payload.parseFrom(Envelope.parseFrom(block.getData().getData(0)).getPayload());
        assertThat(ChannelHeader.parseFrom(payload.getHeader().getChannelHeader()).getType())
                .isEqualTo(HeaderType.CONFIG_VALUE);
        return ConfigEnvelope.parseFrom(payload.getData()).getConfig();
    }

    /** The single root certificate of an organisation's MSP in the config. */
    static X509Certificate rootCertificate(ConfigGroup org) throws InvalidProtocolBufferException, CertificateException {
        MSPConfig msp = MSPConfig.parseFrom(org.getValuesOrThrow("MSP").getValue());
        FabricMSPConfig fabric = FabricMSPConfig.parseFrom(msp.getConfig());
        assertThat(fabric.getRootCertsCount()).isEqualTo(1);
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(fabric.getRootCerts(0).toByteArray()));
    }

    @Test
    void block_0_is_a_config_envelope_with_each_organisations_msp_ca_node_ous_policies_and_the_rule() throws Exception {
        try (EmbeddedLedger ledger = Network.builder().inMemory().channel("audit").policy(EndorsementPolicy.ALL).build()) {
            Block block = ledger.fabricBlock(0).orElseThrow();
            assertThat(block.getHeader().getNumber()).isZero();
            assertThat(block.getHeader().getDataHash().toByteArray())
                    .isEqualTo(FabricFormat.sha256(block.getData().getData(0).toByteArray()));
            assertThat(block.getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE).toByteArray())
                    .containsExactly(0);
            Payload payload = Payload.parseFrom(Envelope.parseFrom(block.getData().getData(0)).getPayload());
            ChannelHeader header = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
            assertThat(header.getChannelId()).isEqualTo("audit");
            assertThat(header.getTimestamp().getSeconds()).isZero();
            assertThat(header.getTxId()).hasSize(64);

            Config config = config(block);
            assertThat(config.getSequence()).isZero();
            ConfigGroup application = config.getChannelGroup().getGroupsOrThrow("Application");
            assertThat(application.getGroupsMap()).containsOnlyKeys("Org1MSP", "Org2MSP", "Org3MSP");
            for (String msp : ledger.organisations()) {
                ConfigGroup org = application.getGroupsOrThrow(msp);
                assertThat(rootCertificate(org)).isEqualTo(ledger.organisation(msp).caCertificate());
                MSPConfig mspConfig = MSPConfig.parseFrom(org.getValuesOrThrow("MSP").getValue());
                assertThat(mspConfig.getType()).isZero();
                FabricMSPConfig fabric = FabricMSPConfig.parseFrom(mspConfig.getConfig());
                assertThat(fabric.getName()).isEqualTo(msp);
                assertThat(fabric.hasSigningIdentity()).isFalse();
                assertThat(fabric.getCryptoConfig().getIdentityIdentifierHashFunction()).isEqualTo("SHA256");
                assertThat(fabric.getFabricNodeOus().getEnable()).isTrue();
                assertThat(List.of(fabric.getFabricNodeOus().getClientOuIdentifier(), fabric.getFabricNodeOus()
                        .getPeerOuIdentifier(), fabric.getFabricNodeOus().getAdminOuIdentifier(), fabric.getFabricNodeOus()
                        .getOrdererOuIdentifier()))
                        .allSatisfy(ou -> assertThat(ou.getCertificate()).isEqualTo(fabric.getRootCerts(0)))
                        .extracting(ou -> ou.getOrganizationalUnitIdentifier())
                        .containsExactly("client", "peer", "admin", "orderer");
                assertThat(org.getPoliciesMap()).containsOnlyKeys("Readers", "Writers", "Admins", "Endorsement");
                assertThat(roles(org.getPoliciesOrThrow("Endorsement"), msp)).containsExactly(MSPRole.MSPRoleType.PEER);
                assertThat(roles(org.getPoliciesOrThrow("Readers"), msp)).containsExactly(MSPRole.MSPRoleType.ADMIN,
                        MSPRole.MSPRoleType.PEER, MSPRole.MSPRoleType.CLIENT);
                assertThat(roles(org.getPoliciesOrThrow("Writers"), msp)).containsExactly(MSPRole.MSPRoleType.ADMIN,
                        MSPRole.MSPRoleType.CLIENT);
                assertThat(roles(org.getPoliciesOrThrow("Admins"), msp)).containsExactly(MSPRole.MSPRoleType.ADMIN);
            }
            Policy endorsement = application.getPoliciesOrThrow("Endorsement").getPolicy();
            assertThat(endorsement.getType()).isEqualTo(Policy.PolicyType.IMPLICIT_META_VALUE);
            ImplicitMetaPolicy meta = ImplicitMetaPolicy.parseFrom(endorsement.getValue());
            assertThat(meta.getSubPolicy()).isEqualTo("Endorsement");
            assertThat(meta.getRule()).isEqualTo(ImplicitMetaPolicy.Rule.ALL);
        }
    }

    /** The roles of a one-of signature policy, all of {@code msp}, in order. */
    private static List<MSPRole.MSPRoleType> roles(ConfigPolicy policy, String msp) throws InvalidProtocolBufferException {
        assertThat(policy.getPolicy().getType()).isEqualTo(Policy.PolicyType.SIGNATURE_VALUE);
        SignaturePolicyEnvelope envelope = SignaturePolicyEnvelope.parseFrom(policy.getPolicy().getValue());
        assertThat(envelope.getRule().getNOutOf().getN()).isEqualTo(1);
        assertThat(envelope.getRule().getNOutOf().getRulesCount()).isEqualTo(envelope.getIdentitiesCount());
        List<MSPRole.MSPRoleType> out = new java.util.ArrayList<>();
        for (MSPPrincipal principal : envelope.getIdentitiesList()) {
            assertThat(principal.getPrincipalClassification()).isEqualTo(MSPPrincipal.Classification.ROLE);
            MSPRole role = MSPRole.parseFrom(principal.getPrincipal());
            assertThat(role.getMspIdentifier()).isEqualTo(msp);
            out.add(role.getRole());
        }
        return out;
    }

    @Test
    void a_restart_rebuilds_block_0_byte_for_byte_and_block_1_still_names_its_hash() {
        byte[] genesis;
        byte[] first;
        try (Network net = Network.durable(dir, true)) {
            genesis = net.ledger.fabricBlock(0).orElseThrow().toByteArray();
            first = net.ledger.fabricBlock(1).orElseThrow().toByteArray();
        }
        try (EmbeddedLedger reopened = Network.builder().dataFolder(dir).build()) {
            assertThat(reopened.fabricBlock(0).orElseThrow().toByteArray()).isEqualTo(genesis);
            assertThat(reopened.fabricBlock(1).orElseThrow().toByteArray()).isEqualTo(first);
            assertThat(reopened.block(1).orElseThrow().previousHash()).isEqualTo(reopened.block(0).orElseThrow().hash());
        }
    }

    @Test
    void an_old_data_folder_whose_block_0_is_an_empty_genesis_block_is_refused_with_a_clear_error() {
        try (BlockLog log = BlockLog.open(dir.resolve("blocks.log")).log()) {
            log.append(org.fedledger.embedded.block.Block.of(0, new byte[0], List.of(), List.of()), PrivateData.none());
        }
        CorruptLedgerException e = catchThrowableOfType(CorruptLedgerException.class,
                () -> Network.builder().dataFolder(dir).build());
        assertThat(e.blockNumber()).isZero();
        assertThat(e.problem()).isEqualTo(CorruptLedgerException.Problem.CONFIG);
        assertThat(e.getMessage()).contains("not a channel configuration block");
    }

    @Test
    void reopening_a_data_folder_with_another_endorsement_policy_is_refused() {
        Network.durable(dir, false).close();
        CorruptLedgerException e = catchThrowableOfType(CorruptLedgerException.class,
                () -> Network.builder().dataFolder(dir).policy(EndorsementPolicy.ANY).build());
        assertThat(e.problem()).isEqualTo(CorruptLedgerException.Problem.CONFIG);
        try (EmbeddedLedger same = Network.builder().dataFolder(dir).build()) {
            assertThat(same.height()).isEqualTo(1);
        }
    }
}

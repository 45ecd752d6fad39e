package org.fedledger.embedded.block;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.hyperledger.fabric.protos.common.BlockDataHashingStructure;
import org.hyperledger.fabric.protos.common.Capabilities;
import org.hyperledger.fabric.protos.common.Capability;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Config;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.ConfigPolicy;
import org.hyperledger.fabric.protos.common.ConfigValue;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HashingAlgorithm;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.ImplicitMetaPolicy;
import org.hyperledger.fabric.protos.common.MSPPrincipal;
import org.hyperledger.fabric.protos.common.MSPRole;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.Policy;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.common.SignaturePolicy;
import org.hyperledger.fabric.protos.common.SignaturePolicyEnvelope;
import org.hyperledger.fabric.protos.msp.FabricCryptoConfig;
import org.hyperledger.fabric.protos.msp.FabricMSPConfig;
import org.hyperledger.fabric.protos.msp.FabricNodeOUs;
import org.hyperledger.fabric.protos.msp.FabricOUIdentifier;
import org.hyperledger.fabric.protos.msp.MSPConfig;

/**
 * The channel's genesis configuration, as the envelope of block 0, in the shape configtxgen gives
 * network-config/configtx.yaml's application part: channel values (hashing, capabilities) and
 * implicit-meta policies; an {@code Application} group with one group per organisation (its MSP with
 * the CA certificate as root and NodeOUs, and signature policies Readers, Writers, Admins,
 * Endorsement) and the implicit-meta {@code Endorsement} policy. There is no orderer group: no
 * orderer organisation exists here. Everything is deterministic (epoch-0 timestamp, nonce and tx id
 * derived from the channel name, map entries in key order), so the same inputs give the same bytes.
 *
 * <pre>{@code
 * Envelope genesis = ChannelConfig.genesisEnvelope("fedledger", Map.of("Org1MSP", caPem), ImplicitMetaPolicy.Rule.MAJORITY);
 * }</pre>
 */
public final class ChannelConfig {
    /** The config group and policy names Fabric uses. */
    private static final String APPLICATION = "Application";
    private static final String ADMINS = "Admins";
    private static final String READERS = "Readers";
    private static final String WRITERS = "Writers";
    private static final String ENDORSEMENT = "Endorsement";

    private ChannelConfig() {
    }

    /**
     * @param channel the channel id
     * @param caCertificates each organisation's MSP id and its CA certificate in PEM
     * @param endorsement the rule of the channel's implicit-meta {@code Endorsement} policy
     * @return the unsigned config envelope (header type CONFIG, data a {@code ConfigEnvelope})
     */
    public static Envelope genesisEnvelope(String channel, Map<String, String> caCertificates,
            ImplicitMetaPolicy.Rule endorsement) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(endorsement, "endorsement");
        if (caCertificates.isEmpty()) {
            throw new IllegalArgumentException("a channel needs at least one organisation");
        }
        ConfigGroup.Builder application = ConfigGroup.newBuilder().setModPolicy(ADMINS)
                .putValues("Capabilities", value(capabilities("V2_5")))
                .putPolicies(ADMINS, implicitMeta(ImplicitMetaPolicy.Rule.MAJORITY, ADMINS))
                .putPolicies(ENDORSEMENT, implicitMeta(endorsement, ENDORSEMENT))
                .putPolicies(READERS, implicitMeta(ImplicitMetaPolicy.Rule.ANY, READERS))
                .putPolicies(WRITERS, implicitMeta(ImplicitMetaPolicy.Rule.ANY, WRITERS));
        new TreeMap<>(caCertificates).forEach((msp, pem) -> application.putGroups(msp, organisation(msp, pem)));
        ConfigGroup channelGroup = ConfigGroup.newBuilder().setModPolicy(ADMINS)
                .putGroups(APPLICATION, application.build())
                .putValues("BlockDataHashingStructure", value(BlockDataHashingStructure.newBuilder()
                        .setWidth(0xFFFF_FFFF).build().toByteString()))
                .putValues("Capabilities", value(capabilities("V3_0")))
                .putValues("HashingAlgorithm", value(HashingAlgorithm.newBuilder().setName("SHA256").build().toByteString()))
                .putPolicies(ADMINS, implicitMeta(ImplicitMetaPolicy.Rule.MAJORITY, ADMINS))
                .putPolicies(READERS, implicitMeta(ImplicitMetaPolicy.Rule.ANY, READERS))
                .putPolicies(WRITERS, implicitMeta(ImplicitMetaPolicy.Rule.ANY, WRITERS))
                .build();
        ConfigEnvelope config = ConfigEnvelope.newBuilder()
                .setConfig(Config.newBuilder().setSequence(0).setChannelGroup(channelGroup)).build();

        byte[] nonce = Arrays.copyOf(FabricFormat.sha256(("fedledger genesis " + channel).getBytes(StandardCharsets.UTF_8)),
                24);
        // Fabric's tx id rule: hex SHA-256 of nonce and creator; a genesis block has no creator.
        String txId = HexFormat.of().formatHex(FabricFormat.sha256(nonce));
        ChannelHeader header = ChannelHeader.newBuilder().setType(HeaderType.CONFIG_VALUE).setChannelId(channel)
                .setTxId(txId).setTimestamp(Timestamp.newBuilder().setSeconds(0).setNanos(0)).setEpoch(0).build();
        Payload payload = Payload.newBuilder().setHeader(Header.newBuilder().setChannelHeader(header.toByteString())
                .setSignatureHeader(SignatureHeader.newBuilder().setNonce(ByteString.copyFrom(nonce)).build().toByteString()))
                .setData(config.toByteString()).build();
        return Envelope.newBuilder().setPayload(payload.toByteString()).build();
    }

    private static ConfigGroup organisation(String msp, String caPem) {
        ByteString ca = ByteString.copyFrom(caPem, StandardCharsets.US_ASCII);
        FabricMSPConfig fabric = FabricMSPConfig.newBuilder().setName(msp).addRootCerts(ca)
                .setCryptoConfig(FabricCryptoConfig.newBuilder().setSignatureHashFamily("SHA2")
                        .setIdentityIdentifierHashFunction("SHA256"))
                .setFabricNodeOus(FabricNodeOUs.newBuilder().setEnable(true)
                        .setClientOuIdentifier(ou(ca, "client")).setPeerOuIdentifier(ou(ca, "peer"))
                        .setAdminOuIdentifier(ou(ca, "admin")).setOrdererOuIdentifier(ou(ca, "orderer")))
                .build();
        MSPConfig mspConfig = MSPConfig.newBuilder().setType(0).setConfig(fabric.toByteString()).build();
        return ConfigGroup.newBuilder().setModPolicy(ADMINS)
                .putPolicies(ADMINS, signedByAnyOf(msp, MSPRole.MSPRoleType.ADMIN))
                .putPolicies(ENDORSEMENT, signedByAnyOf(msp, MSPRole.MSPRoleType.PEER))
                .putPolicies(READERS, signedByAnyOf(msp, MSPRole.MSPRoleType.ADMIN, MSPRole.MSPRoleType.PEER,
                        MSPRole.MSPRoleType.CLIENT))
                .putPolicies(WRITERS, signedByAnyOf(msp, MSPRole.MSPRoleType.ADMIN, MSPRole.MSPRoleType.CLIENT))
                .putValues("MSP", value(mspConfig.toByteString()))
                .build();
    }

    private static FabricOUIdentifier ou(ByteString ca, String name) {
        return FabricOUIdentifier.newBuilder().setCertificate(ca).setOrganizationalUnitIdentifier(name).build();
    }

    /** A signature policy {@code OR('msp.role1', 'msp.role2', ...)}, as configtxgen compiles it. */
    private static ConfigPolicy signedByAnyOf(String msp, MSPRole.MSPRoleType... roles) {
        SignaturePolicy.NOutOf.Builder any = SignaturePolicy.NOutOf.newBuilder().setN(1);
        SignaturePolicyEnvelope.Builder envelope = SignaturePolicyEnvelope.newBuilder().setVersion(0);
        for (int i = 0; i < roles.length; i++) {
            any.addRules(SignaturePolicy.newBuilder().setSignedBy(i));
            envelope.addIdentities(MSPPrincipal.newBuilder().setPrincipalClassification(MSPPrincipal.Classification.ROLE)
                    .setPrincipal(MSPRole.newBuilder().setMspIdentifier(msp).setRole(roles[i]).build().toByteString()));
        }
        envelope.setRule(SignaturePolicy.newBuilder().setNOutOf(any));
        return policy(Policy.PolicyType.SIGNATURE_VALUE, envelope.build().toByteString());
    }

    private static ConfigPolicy implicitMeta(ImplicitMetaPolicy.Rule rule, String subPolicy) {
        return policy(Policy.PolicyType.IMPLICIT_META_VALUE, ImplicitMetaPolicy.newBuilder().setSubPolicy(subPolicy)
                .setRule(rule).build().toByteString());
    }

    private static ConfigPolicy policy(int type, ByteString value) {
        return ConfigPolicy.newBuilder().setModPolicy(ADMINS).setPolicy(Policy.newBuilder().setType(type).setValue(value))
                .build();
    }

    private static ByteString capabilities(String name) {
        return Capabilities.newBuilder().putCapabilities(name, Capability.getDefaultInstance()).build().toByteString();
    }

    private static ConfigValue value(ByteString bytes) {
        return ConfigValue.newBuilder().setModPolicy(ADMINS).setValue(bytes).build();
    }
}

package org.fedledger.it.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.fedledger.sdk.Auditor;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.msp.FabricMSPConfig;
import org.hyperledger.fabric.protos.msp.MSPConfig;

/**
 * Reads a channel's raw blocks through an {@link Auditor} and checks them as an auditor would, with
 * fabric-protos and the JDK only, the same on either ledger: block 0 is a CONFIG block naming each
 * application organisation's MSP with its root CA certificates; every block's number is its position,
 * its data hash is SHA-256 of its concatenated data, and the next block's previous hash is SHA-256 of
 * the DER sequence (number, previous hash, data hash) of its header.
 *
 * <pre>{@code
 * ChannelBlocks.Checked checked = ChannelBlocks.check(ledger.auditor());
 * }</pre>
 */
public final class ChannelBlocks {
    private ChannelBlocks() {
    }

    /**
     * What the check read.
     *
     * @param height the block height read first
     * @param blocks every block, parsed, in order
     * @param rootCertificates each application organisation's MSP root certificates, from block 0
     */
    public record Checked(long height, List<Block> blocks, Map<String, List<X509Certificate>> rootCertificates) {
    }

    /**
     * Reads blocks 0 .. height-1 and checks them; a failed check is an assertion error.
     *
     * @param auditor the auditor of one organisation
     * @return what was read
     */
    public static Checked check(Auditor auditor) {
        long height = auditor.blockHeight();
        assertThat(height).as("block height").isPositive();
        List<Block> blocks = new ArrayList<>();
        for (long n = 0; n < height; n++) {
            Block block = parse(auditor.block(n));
            assertThat(block.getHeader().getNumber()).as("number of block %d", n).isEqualTo(n);
            assertThat(block.getHeader().getDataHash().toByteArray()).as("data hash of block %d", n)
                    .isEqualTo(dataHash(block));
            if (n == 0) {
                assertThat(block.getHeader().getPreviousHash().isEmpty()).as("block 0 has no previous hash").isTrue();
            } else {
                assertThat(block.getHeader().getPreviousHash().toByteArray()).as("previous hash of block %d", n)
                        .isEqualTo(headerHash(blocks.get((int) n - 1).getHeader()));
            }
            blocks.add(block);
        }
        return new Checked(height, blocks, rootCertificates(blocks.get(0)));
    }

    /** @return Fabric's block header hash: SHA-256 of the DER sequence (number, previous hash, data hash) */
    public static byte[] headerHash(BlockHeader header) {
        try {
            byte[] der = new DERSequence(new ASN1Encodable[] {new ASN1Integer(header.getNumber()),
                    new DEROctetString(header.getPreviousHash().toByteArray()),
                    new DEROctetString(header.getDataHash().toByteArray())}).getEncoded();
            return MessageDigest.getInstance("SHA-256").digest(der);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] dataHash(Block block) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            block.getData().getDataList().forEach(b -> d.update(b.toByteArray()));
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The application organisations' root certificates of a CONFIG block (one config envelope). */
    private static Map<String, List<X509Certificate>> rootCertificates(Block genesis) {
        try {
            assertThat(genesis.getData().getDataCount()).as("envelopes in block 0").isEqualTo(1);
            Payload payload = Payload.parseFrom(Envelope.parseFrom(genesis.getData().getData(0)).getPayload());
            assertThat(ChannelHeader.parseFrom(payload.getHeader().getChannelHeader()).getType())
                    .as("block 0's header type").isEqualTo(HeaderType.CONFIG_VALUE);
            ConfigGroup application = ConfigEnvelope.parseFrom(payload.getData()).getConfig().getChannelGroup()
                    .getGroupsOrThrow("Application");
            Map<String, List<X509Certificate>> out = new TreeMap<>();
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            for (Map.Entry<String, ConfigGroup> org : application.getGroupsMap().entrySet()) {
                MSPConfig msp = MSPConfig.parseFrom(org.getValue().getValuesOrThrow("MSP").getValue());
                FabricMSPConfig fabric = FabricMSPConfig.parseFrom(msp.getConfig());
                assertThat(fabric.getName()).isEqualTo(org.getKey());
                List<X509Certificate> roots = new ArrayList<>();
                for (var pem : fabric.getRootCertsList()) {
                    roots.add((X509Certificate) x509.generateCertificate(new ByteArrayInputStream(pem.toByteArray())));
                }
                out.put(org.getKey(), List.copyOf(roots));
            }
            return out;
        } catch (InvalidProtocolBufferException | CertificateException e) {
            throw new AssertionError("block 0 is not a readable config block: " + e.getMessage(), e);
        }
    }

    private static Block parse(byte[] bytes) {
        try {
            return Block.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("not a common.Block: " + e.getMessage(), e);
        }
    }
}

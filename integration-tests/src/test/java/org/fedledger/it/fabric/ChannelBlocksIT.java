package org.fedledger.it.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.fedledger.embedded.block.FabricFormat;
import org.fedledger.sdk.Auditor;
import org.fedledger.sdk.FedLedger;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.junit.jupiter.api.Test;

/**
 * The channel's raw blocks on the real network, read through one organisation's {@link Auditor}
 * (qscc on its own peer) and checked with the code the embedded ledger's blocks pass
 * ({@link ChannelBlocks}, {@code ChannelBlocksOnEmbeddedTest}).
 */
class ChannelBlocksIT {

    @Test
    void an_auditor_reads_every_block_from_the_config_block_on_and_the_header_hash_chain_holds() throws Exception {
        FabricNetwork network = FabricNetwork.get();
        try (FedLedger ledger = FedLedger.open(network.profile(2, "User1"))) {
            Auditor auditor = ledger.auditor();
            ChannelBlocks.Checked checked = ChannelBlocks.check(auditor);

            // Genesis, the anchor-peer updates and the chaincode definition at least.
            assertThat(checked.height()).isGreaterThanOrEqualTo(2);
            assertThat(checked.rootCertificates()).containsOnlyKeys("Org1MSP", "Org2MSP", "Org3MSP")
                    .allSatisfy((msp, roots) -> assertThat(roots).as("root certificates of %s", msp).isNotEmpty());
            // The user's certificate chains to its organisation's root as block 0 lists it.
            X509Certificate user = certificate(network.org(2).mspOf("User1").resolve("signcerts"));
            X509Certificate root = checked.rootCertificates().get("Org2MSP").get(0);
            user.verify(root.getPublicKey());
            // The embedded ledger's header hash is the same function as the real network's.
            for (Block block : checked.blocks()) {
                BlockHeader h = block.getHeader();
                assertThat(FabricFormat.headerHash(h.getNumber(), h.getPreviousHash().toByteArray(),
                        h.getDataHash().toByteArray())).isEqualTo(ChannelBlocks.headerHash(h));
            }

            assertThat(auditor.blockHeight()).isGreaterThanOrEqualTo(checked.height());
            assertThatThrownBy(() -> auditor.block(-1)).isInstanceOf(IllegalArgumentException.class);
            long beyond = auditor.blockHeight() + 1_000;
            assertThatThrownBy(() -> auditor.block(beyond)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("height");
        }
    }

    private static X509Certificate certificate(Path signcerts) throws Exception {
        List<Path> files;
        try (var list = Files.list(signcerts)) {
            files = list.filter(p -> p.toString().endsWith(".pem")).toList();
        }
        assertThat(files).hasSize(1);
        try (InputStream in = Files.newInputStream(files.get(0))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}

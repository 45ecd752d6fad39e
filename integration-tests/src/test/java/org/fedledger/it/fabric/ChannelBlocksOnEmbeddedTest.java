package org.fedledger.it.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.fedledger.embedded.EmbeddedLedger;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.sdk.FedLedger;
import org.junit.jupiter.api.Test;

/** {@link ChannelBlocks}' check, as {@link ChannelBlocksIT} runs it on Fabric, on the embedded ledger. */
class ChannelBlocksOnEmbeddedTest {

    @Test
    void an_auditor_reads_the_embedded_ledgers_blocks_with_the_same_checks() throws Exception {
        try (EmbeddedLedger embedded = EmbeddedLedger.builder().inMemory().build()) {
            embedded.connect(embedded.organisation("Org1MSP").client("t1")).submit(TransactionName.REQUEST_ROLES,
                    List.of("trainer"), Map.of());
            try (FedLedger ledger = FedLedger.over(embedded.connect(embedded.organisation("Org2MSP").client("auditor")))) {
                ChannelBlocks.Checked checked = ChannelBlocks.check(ledger.auditor());
                assertThat(checked.height()).isEqualTo(2);
                assertThat(checked.rootCertificates()).containsOnlyKeys("Org1MSP", "Org2MSP", "Org3MSP");
                for (String msp : embedded.organisations()) {
                    assertThat(checked.rootCertificates().get(msp)).containsExactly(embedded.organisation(msp).caCertificate());
                }
                embedded.organisation("Org1MSP").client("t1").certificate()
                        .verify(checked.rootCertificates().get("Org1MSP").get(0).getPublicKey());
            }
        }
    }
}

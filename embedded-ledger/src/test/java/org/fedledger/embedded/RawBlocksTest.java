package org.fedledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.sdk.errors.LedgerUnavailableException;
import org.fedledger.sdk.ledger.Committed;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.hyperledger.fabric.protos.common.Block;
import org.junit.jupiter.api.Test;

/** The SDK connection's raw block reads on the embedded ledger: height and Fabric blocks by number. */
class RawBlocksTest {

    @Test
    void block_height_grows_after_a_submit_and_each_block_is_the_ledgers_fabric_block() throws Exception {
        try (EmbeddedLedger ledger = Network.builder().inMemory().build()) {
            LedgerConnection admin = ledger.connect(ledger.organisation("Org1MSP").admin());
            assertThat(admin.blockHeight()).isEqualTo(1);
            Committed committed = ledger.connect(ledger.organisation("Org1MSP").client("t1"))
                    .submit(TransactionName.REQUEST_ROLES, List.of("trainer"), Map.of());
            assertThat(admin.blockHeight()).isEqualTo(committed.blockNumber() + 1).isEqualTo(2);

            LedgerConnection other = ledger.connect(ledger.organisation("Org3MSP").client("x"));
            assertThat(other.blockHeight()).isEqualTo(2);
            for (long n = 0; n < other.blockHeight(); n++) {
                byte[] raw = other.block(n);
                Block block = Block.parseFrom(raw);
                assertThat(block.getHeader().getNumber()).isEqualTo(n);
                assertThat(block.getHeader()).isEqualTo(ledger.fabricBlock(n).orElseThrow().getHeader());
                assertThat(raw).isEqualTo(ledger.fabricBlock(n).orElseThrow().toByteArray());
            }
            assertThat(Block.parseFrom(other.block(1)).getData().getDataCount()).isEqualTo(1);
        }
    }

    @Test
    void numbers_outside_the_chain_are_refused() {
        try (EmbeddedLedger ledger = Network.builder().inMemory().build()) {
            LedgerConnection c = ledger.connect(ledger.organisation("Org2MSP").client("reader"));
            assertThatThrownBy(() -> c.block(-1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.block(c.blockHeight())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("height 1");
            assertThat(c.block(0)).isNotEmpty();
        }
    }

    @Test
    void a_connection_reads_the_same_blocks_and_a_closed_ledger_is_unavailable() {
        EmbeddedLedger ledger = Network.builder().inMemory().build();
        try (LedgerConnection c = ledger.connect(ledger.organisation("Org2MSP").client("auditor"))) {
            assertThat(c.blockHeight()).isEqualTo(1);
            assertThat(c.block(0)).isEqualTo(ledger.fabricBlock(0).orElseThrow().toByteArray());
            assertThatThrownBy(() -> c.block(1)).isInstanceOf(IllegalArgumentException.class);
            ledger.close();
            assertThatThrownBy(c::blockHeight).isInstanceOf(LedgerUnavailableException.class);
            assertThatThrownBy(() -> c.block(0)).isInstanceOf(LedgerUnavailableException.class);
        } finally {
            ledger.close();
        }
    }
}

package org.fedledger.it.demo;

import java.nio.file.Path;
import org.fedledger.audit.chain.BlockSource;
import org.fedledger.audit.chain.ChainEvidence;
import org.fedledger.audit.chain.ChainReader;
import org.fedledger.it.fabric.FabricNetwork;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's demo, {@code fedledger demo --network fabric}, on the real network: both tasks reach
 * their quality bar against the centralised reference, every round is attested AGREE by at least two
 * organisations, no transaction of the demo is invalid, and the report folder is written. The channel
 * is shared with the other suites (the fault suite's resends leave invalid duplicates), so invalid
 * transactions are counted from before the demo on.
 */
class DemoOnFabricIT {
    @Test
    void three_hospitals_reach_the_quality_bar_on_both_tasks_with_every_round_attested(@TempDir Path report) throws Exception {
        long invalidBefore;
        try (LedgerConnection auditor = FabricNetwork.get().sdkConnection(2, "User1")) {
            // Only the counts: no transaction's signatures need verifying here.
            ChainEvidence chain = new ChainReader("fedledger").read(BlockSource.of(auditor::blockHeight, auditor::block),
                    txId -> false);
            invalidBefore = chain.totalTransactions() - chain.validTransactions();
        }
        DemoRun.assertBothTasksMeetTheirBar(report, invalidBefore, "--network", "fabric", "--network-home",
                FabricNetwork.get().home().toString());
    }
}

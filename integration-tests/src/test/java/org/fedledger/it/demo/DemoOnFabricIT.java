package org.fedledger.it.demo;

import java.nio.file.Path;
import org.fedledger.it.fabric.FabricNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's demo, {@code fedledger demo --network fabric}, on the real network: both tasks reach
 * their quality bar against the centralised reference, every round is attested AGREE by at least two
 * organisations, and the report folder is written.
 */
class DemoOnFabricIT {
    @Test
    void three_hospitals_reach_the_quality_bar_on_both_tasks_with_every_round_attested(@TempDir Path report) throws Exception {
        DemoRun.assertBothTasksMeetTheirBar(report, "--network", "fabric", "--network-home",
                FabricNetwork.get().home().toString());
    }
}

package org.fedledger.it.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.fedledger.cli.demo.Attack;
import org.fedledger.cli.demo.DemoTask;
import org.fedledger.cli.demo.FederatedDemo;
import org.fedledger.cli.demo.TaskResult;
import org.fedledger.embedded.EmbeddedLedger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24 on the demo: with incentives, every round of a task with a noisy hospital is FINAL with
 * the contributions each verifier computed on the carved validation set; the coordinator's own
 * recomputation equals the agreed vector every round, credits are printed per hospital, and the
 * audit, which replays the incentives, passes.
 */
class DemoWithIncentivesTest {
    @Test
    void every_round_agrees_on_contributions_and_the_audit_replays_them(@TempDir Path state) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (EmbeddedLedger ledger = EmbeddedLedger.builder().inMemory().build();
                FederatedDemo demo = EmbeddedDemo.start(ledger, out, state, 1)) {
            demo.attack(Attack.GAUSSIAN_NOISE, 1).incentives(0, 0, true);
            TaskResult result = demo.run(DemoTask.breastCancer(3, 3));
            assertThat(result.auditPassed()).as(bytes.toString(StandardCharsets.UTF_8)).isTrue();
        }
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(printed.split("equal to the agreed ones", -1)).as(printed).hasSize(4);
        assertThat(printed).doesNotContain("DIFFERENT from").contains("hospital 3 (Org3MSP): data credit");
    }
}

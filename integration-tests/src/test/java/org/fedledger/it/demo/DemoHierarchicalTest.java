package org.fedledger.it.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.fedledger.cli.demo.DemoTask;
import org.fedledger.cli.demo.FederatedDemo;
import org.fedledger.cli.demo.RoundResult;
import org.fedledger.cli.demo.TaskResult;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.model.ContentHash;
import org.fedledger.embedded.EmbeddedLedger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 25's hierarchical mode in the demo, short: nine hospitals in three organisations train digits
 * once in flat exact FedAvg rounds and once in hierarchical rounds (each organisation publishing the
 * partial sum of its three hospitals, attested by its verifier service). Every round's global model is the
 * same, bit for bit, and both audits pass.
 */
class DemoHierarchicalTest {
    private static TaskResult run(Path state, RuleSpec rule) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (EmbeddedLedger ledger = EmbeddedLedger.builder().inMemory().build();
                FederatedDemo demo = EmbeddedDemo.start(ledger, out, state, 3)) {
            TaskResult result = demo.rule(rule).run(DemoTask.digits(9, 3));
            assertThat(result.auditPassed()).as(bytes.toString(StandardCharsets.UTF_8)).isTrue();
            return result;
        }
    }

    @Test
    void hierarchical_rounds_make_the_same_models_as_flat_exact_fedavg(@TempDir Path flatState,
            @TempDir Path hierarchicalState) throws Exception {
        TaskResult flat = run(flatState, RuleSpec.parse("exact_fedavg:scale_bits=24"));
        TaskResult hierarchical = run(hierarchicalState, RuleSpec.parse("exact_fedavg:scale_bits=24,hierarchical=1"));
        List<ContentHash> flatModels = flat.rounds().stream().map(RoundResult::modelHash).toList();
        assertThat(flatModels).hasSize(3).doesNotHaveDuplicates();
        assertThat(hierarchical.rounds()).extracting(RoundResult::modelHash).isEqualTo(flatModels);
        assertThat(hierarchical.rounds()).allSatisfy(r -> assertThat(r.updates()).isEqualTo(9));
    }
}

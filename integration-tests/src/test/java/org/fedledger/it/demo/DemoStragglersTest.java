package org.fedledger.it.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.fedledger.cli.demo.DemoReport;
import org.fedledger.cli.demo.DemoTask;
import org.fedledger.cli.demo.FederatedDemo;
import org.fedledger.cli.demo.StragglerRun;
import org.fedledger.embedded.EmbeddedLedger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 25's straggler scenario on the embedded ledger, short: nine hospitals, three of them slow. In
 * synchronous rounds every model waits for all nine updates; in buffered rounds every model is made
 * from a full buffer of six, each buffer opens on the last one's proposal, and updates trained from an
 * older model than their buffer's are admitted.
 * Both tasks pass their audit. The times are the benchmark's (scripts/fedledger.sh bench-stragglers),
 * not asserted here.
 */
class DemoStragglersTest {
    private static final int HOSPITALS = 9;

    private static StragglerRun run(Path state, boolean buffered, int models) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (EmbeddedLedger ledger = EmbeddedLedger.builder().inMemory().build();
                FederatedDemo demo = EmbeddedDemo.start(ledger, out, state, HOSPITALS / 3)) {
            // An unreachable bar: the run ends at its limit, or here once it has made enough models.
            StragglerRun run = demo.runStragglers(DemoTask.breastCancer(HOSPITALS, 1), buffered, 3, Duration.ofMillis(20),
                    5, 6, 4, 2.0, Duration.ofSeconds(buffered ? 12 : 6));
            assertThat(run.models()).as(bytes.toString(StandardCharsets.UTF_8)).hasSizeGreaterThanOrEqualTo(models);
            assertThat(run.auditPassed()).as(bytes.toString(StandardCharsets.UTF_8)).isTrue();
            return run;
        }
    }

    @Test
    void synchronous_rounds_wait_for_every_hospital(@TempDir Path state) throws Exception {
        StragglerRun run = run(state, false, 2);
        assertThat(run.mode()).isEqualTo("sync");
        assertThat(run.models()).allSatisfy(m -> {
            assertThat(m.updates()).isEqualTo(HOSPITALS);
            assertThat(m.stale()).isZero();
        });
        assertThat(run.models()).extracting(StragglerRun.GlobalModel::version).startsWith(1L, 2L);
    }

    @Test
    void buffered_rounds_close_full_buffers_and_take_the_slow_hospitals_updates_stale(@TempDir Path state,
            @TempDir Path report) throws Exception {
        StragglerRun run = run(state, true, 6);
        assertThat(run.mode()).isEqualTo("buffered");
        assertThat(run.task()).startsWith("breast-cancer-buffered-");
        assertThat(run.models()).allSatisfy(m -> assertThat(m.updates()).isEqualTo(6));
        assertThat(run.models()).extracting(StragglerRun.GlobalModel::version).startsWith(1L, 2L, 3L);
        // Buffers move on while hospitals train (a slow one five times as long): some buffer admits an
        // update trained from an older model than its own base.
        assertThat(run.models().stream().mapToInt(StragglerRun.GlobalModel::stale).sum()).isPositive();
        // Pipelined: from the second buffer on, each buffer opened on the last one's proposal, before that was FINAL.
        assertThat(run.models().get(0).openedOnProposal()).isFalse();
        assertThat(run.models().subList(1, run.models().size()))
                .allSatisfy(m -> assertThat(m.openedOnProposal()).isTrue());
        // demo --mode async's report: one line per global model, with the hash the audit replayed.
        DemoReport.writeBuffered(report, List.of(run));
        List<String> csv = Files.readAllLines(report.resolve(run.task() + "-buffers.csv"));
        assertThat(csv).hasSize(run.models().size() + 1);
        assertThat(csv.get(0)).isEqualTo("version,accuracy,loss,ms,updates,stale,model_hash");
        assertThat(csv.get(1)).startsWith("1,").endsWith("," + run.models().get(0).modelHash().hex());
        assertThat(run.models()).extracting(m -> m.modelHash().hex()).doesNotHaveDuplicates();
        assertThat(report.resolve(run.task() + "-audit.json")).exists();
    }
}

package org.fedledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fedledger.protocol.transaction.TransactionName;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real kill: a separate JVM commits transactions from several threads into a data folder and is
 * killed with SIGKILL while blocks are being written. Every transaction it reported as committed
 * is then in the log, valid, and its record is in the rebuilt state; whatever the kill cut short is
 * cut, never half-read.
 */
class KilledProcessTest {
    /** Commits seen before the kill: enough that blocks are written while the process dies. */
    private static final int COMMITS_BEFORE_KILL = 60;

    @TempDir
    Path dir;

    private record Reported(String txId, long block, String taskId) {
    }

    @Test
    @Timeout(180)
    void every_transaction_reported_committed_before_a_sigkill_is_in_the_reopened_ledger() throws Exception {
        Path data = dir.resolve("data");
        Path childErr = dir.resolve("child.err");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CommitUntilKilled.class.getName(), data.toString())
                .redirectError(childErr.toFile())
                .start();
        List<Reported> reported = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String first = out.readLine();
            assertThat(first).as("the child opened its ledger; its stderr:%n%s", Files.readString(childErr))
                    .isEqualTo(CommitUntilKilled.READY);
            // While the child holds the folder, this process may not open it.
            DataFolderInUseException inUse = catchThrowableOfType(DataFolderInUseException.class,
                    () -> Network.builder().dataFolder(data).build());
            assertThat(inUse.holderPid()).hasValue(child.pid());
            String line;
            while (reported.size() < COMMITS_BEFORE_KILL && (line = out.readLine()) != null) {
                reported.add(parse(line));
            }
            assertThat(reported).as("the child kept committing until the kill").hasSize(COMMITS_BEFORE_KILL);
            // SIGKILL through the handle: Process.destroyForcibly would also close the pipe still to be drained.
            assertThat(child.toHandle().destroyForcibly()).isTrue();
            // Lines the child printed before it died were printed after their commit: they count too.
            while ((line = out.readLine()) != null) {
                reported.add(parse(line));
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
        long[] wholeRecordsAndBytes = wholeRecords(data.resolve("blocks.log"));
        long tornBytes = Files.size(data.resolve("blocks.log")) - wholeRecordsAndBytes[1];
        try (Network reopened = Network.durable(data, false)) {
            EmbeddedLedger ledger = reopened.ledger;
            assertThat(ledger.recovery()).as("every whole record read, only a torn remainder cut")
                    .isEqualTo(new Recovery(wholeRecordsAndBytes[0], tornBytes));
            long lastReportedBlock = reported.stream().mapToLong(Reported::block).max().orElseThrow();
            assertThat(ledger.height()).isGreaterThan(lastReportedBlock);
            assertThat(ledger.height()).isEqualTo(wholeRecordsAndBytes[0]);
            for (Reported r : reported) {
                TransactionInfo info = ledger.transaction(r.txId()).orElseThrow(
                        () -> new AssertionError("reported committed, missing after the kill: " + r));
                assertThat(info.blockNumber()).isEqualTo(r.block());
                assertThat(info.code()).isEqualTo(TxValidationCode.VALID);
                assertThat(Network.json(reopened.auditor.evaluate(TransactionName.GET_TASK, List.of(r.taskId()))))
                        .containsEntry("taskId", r.taskId());
            }
            // The reopened ledger goes on from where the log ends.
            long before = ledger.height();
            Task.create(reopened, "after-the-kill");
            assertThat(ledger.height()).isGreaterThan(before);
        }
    }

    /**
     * Reads the log's framing independently of the ledger: how many records are whole (length
     * prefix and body all present) and how many bytes they take.
     */
    private static long[] wholeRecords(Path log) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(log));
        long records = 0;
        int at = 0;
        while (bytes.limit() - at >= 8 && bytes.limit() - at - 8 >= bytes.getInt(at)) {
            at += 8 + bytes.getInt(at);
            records++;
        }
        return new long[] {records, at};
    }

    private static Reported parse(String line) {
        String[] parts = line.split(" ");
        assertThat(parts).as("line %s", line).hasSize(4);
        assertThat(parts[0]).isEqualTo("committed");
        return new Reported(parts[1], Long.parseLong(parts[2]), parts[3]);
    }
}

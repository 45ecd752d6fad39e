package org.fedledger.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fedledger.cli.FedLedgerCli;
import org.fedledger.embedded.EmbeddedLedger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A role command pointed at an embedded data folder it cannot use says why in one line: a folder
 * another ledger holds is "not reachable" (exit 3), a damaged block log is bad data (exit 4).
 */
class EmbeddedDataFolderCommandTest {
    @TempDir
    Path dir;

    private int roundOpen(StringWriter err) {
        return new EmbeddedCli(dir).run(1, "User1", err, new StringBuilder(), "round", "open", "--task", "t1");
    }

    @Test
    void a_folder_held_by_another_ledger_is_not_reachable_and_stays_untouched() throws IOException {
        try (EmbeddedLedger holder = EmbeddedLedger.builder().dataFolder(dir.resolve("ledger")).build()) {
            long height = holder.height();
            StringWriter err = new StringWriter();
            assertThat(roundOpen(err)).isEqualTo(FedLedgerCli.LEDGER_UNAVAILABLE);
            assertThat(err.toString()).startsWith("ledger: the embedded ledger's data folder ")
                    .contains("is in use by another ledger in this process").doesNotContain("\tat ");
            assertThat(holder.height()).isEqualTo(height);
        }
    }

    @Test
    void a_damaged_block_log_is_bad_input_with_its_block_number() throws IOException {
        EmbeddedLedger.builder().dataFolder(dir.resolve("ledger")).build().close();
        Path log = dir.resolve("ledger").resolve("blocks.log");
        byte[] bytes = Files.readAllBytes(log);
        bytes[bytes.length - 5] ^= 0x5a;
        Files.write(log, bytes);
        StringWriter err = new StringWriter();
        assertThat(roundOpen(err)).isEqualTo(FedLedgerCli.BAD_INPUT);
        assertThat(err.toString()).contains("block log is corrupt at block 0: CHECKSUM").doesNotContain("\tat ");
        assertThat(Files.readAllBytes(log)).isEqualTo(bytes);
    }
}

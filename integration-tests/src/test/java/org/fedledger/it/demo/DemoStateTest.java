package org.fedledger.it.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.fedledger.cli.FedLedgerCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The demo's embedded ledger: removed with its temporary folder at the end, or, with
 * {@code --keep-state}, kept where the CLI's audit can read it again afterwards.
 */
class DemoStateTest {
    @TempDir
    Path dir;

    private static Set<Path> demoTemporaryFolders() throws IOException {
        try (Stream<Path> all = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return all.filter(p -> p.getFileName().toString().startsWith("fedledger-demo")).collect(Collectors.toSet());
        }
    }

    private static int run(StringWriter out, String... args) {
        CommandLine cli = FedLedgerCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    @Test
    void without_keep_state_the_demo_leaves_no_folder_behind_and_with_it_the_ledger_audits_again() throws IOException {
        Set<Path> before = demoTemporaryFolders();
        StringWriter first = new StringWriter();
        int exit = run(first, "demo", "--rounds", "3", "--tasks", "breast-cancer", "--report", dir.resolve("r1").toString(),
                "--json");
        // Three rounds are too few for the bar (seeded, so always): the demo says so with its exit code.
        assertThat(exit).as(first.toString()).isEqualTo(FedLedgerCli.QUALITY_BAR_MISSED);
        assertThat(demoTemporaryFolders()).isEqualTo(before);

        Path state = dir.resolve("state");
        StringWriter kept = new StringWriter();
        run(kept, "demo", "--rounds", "3", "--tasks", "breast-cancer", "--report", dir.resolve("r2").toString(), "--json",
                "--keep-state", state.toString());
        JsonObject result = JsonParser.parseString(kept.toString()).getAsJsonObject();
        String task = result.getAsJsonArray("tasks").get(0).getAsJsonObject().get("task").getAsString();
        assertThat(state.resolve("ledger").resolve("blocks.log")).isNotEmptyFile();
        // Keys, blocks and private payloads: the kept state is readable by its owner only.
        try (Stream<Path> kept2 = Files.walk(state)) {
            for (Path p : kept2.toList()) {
                assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
                        .as("%s", state.relativize(p)).isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
            }
        }

        Path profile = Files.writeString(dir.resolve("auditor.properties"), "ledger=embedded\ndataDirectory="
                + state.resolve("ledger") + "\nmspId=Org1MSP\nuser=User3\n");
        assertThat(run(new StringWriter(), "audit", "--task", task, "--out", dir.resolve("audit").toString(), "--profile",
                profile.toString())).isEqualTo(FedLedgerCli.OK);
        JsonObject audit = JsonParser.parseString(Files.readString(dir.resolve("audit").resolve(task + "-audit.json")))
                .getAsJsonObject();
        assertThat(audit.get("verdict").getAsString()).isEqualTo("PASS");
    }
}

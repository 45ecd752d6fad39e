package org.fedledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.fedledger.sdk.errors.AwaitTimeoutException;
import org.fedledger.sdk.errors.RoundFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Wrong use gets one clear line and the documented exit code, before anything touches a ledger. */
class FedLedgerCliTest {
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = FedLedgerCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    @Test
    void an_unknown_task_is_bad_input() {
        assertThat(run("demo", "--tasks", "mnist")).isEqualTo(FedLedgerCli.BAD_INPUT);
        assertThat(err.toString()).contains("unknown task 'mnist'").contains("breast-cancer, digits");
    }

    @Test
    void an_absurd_round_count_is_bad_input() {
        assertThat(run("demo", "--rounds", "0")).isEqualTo(FedLedgerCli.BAD_INPUT);
        assertThat(err.toString()).contains("--rounds must be 1..500");
    }

    @Test
    void the_fabric_demo_without_a_running_network_says_how_to_start_one(@TempDir Path empty) throws Exception {
        java.util.Set<Path> before = demoTemporaryFolders();
        assertThat(run("demo", "--network", "fabric", "--network-home", empty.toString(), "--report",
                empty.resolve("r").toString())).isEqualTo(FedLedgerCli.LEDGER_UNAVAILABLE);
        assertThat(err.toString()).contains("the local Fabric network is not up").contains("test-network/network.sh up");
        assertThat(demoTemporaryFolders()).as("the demo's temporary state is removed when it stops early").isEqualTo(before);
    }

    private static java.util.Set<Path> demoTemporaryFolders() throws java.io.IOException {
        try (var all = java.nio.file.Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return all.filter(p -> p.getFileName().toString().startsWith("fedledger-demo"))
                    .collect(java.util.stream.Collectors.toSet());
        }
    }

    @Test
    void an_unknown_network_action_is_bad_input_and_a_missing_launcher_says_where_to_run(@TempDir Path empty) {
        assertThat(run("network", "sideways")).isEqualTo(FedLedgerCli.BAD_INPUT);
        assertThat(err.toString()).contains("unknown network action 'sideways'");
        assertThat(run("network", "status", "--project-root", empty.toString())).isEqualTo(FedLedgerCli.LEDGER_UNAVAILABLE);
        assertThat(err.toString()).contains("run fedledger from the repository's root or pass --project-root");
    }

    @Test
    void an_unknown_option_is_a_usage_error() {
        assertThat(run("demo", "--colour", "blue")).isEqualTo(CommandLine.ExitCode.USAGE);
    }

    @Test
    void a_failed_round_or_a_wait_that_timed_out_is_not_reached_with_where_the_round_stood() {
        CommandLine cli = FedLedgerCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        Failures failures = new Failures();
        assertThat(failures.handleExecutionException(new RoundFailedException("bc1", 4, 2, "tx9"), cli, null))
                .isEqualTo(FedLedgerCli.NOT_REACHED);
        assertThat(err.toString()).contains("not reached: round 4 of task 'bc1' FAILED");
        assertThat(failures.handleExecutionException(new AwaitTimeoutException("global model version 4 of task 'bc1'",
                Duration.ofMinutes(1), "round 4 (from model version 3) is CLOSED with 1 accepted updates"), cli, null))
                .isEqualTo(FedLedgerCli.NOT_REACHED);
        assertThat(err.toString()).contains("did not happen within PT1M; round 4 (from model version 3) is CLOSED");
    }

    @Test
    void help_lists_every_exit_code_the_commands_return() {
        CommandLine cli = FedLedgerCli.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        assertThat(cli.execute("--help")).isZero();
        for (int code : new int[] {FedLedgerCli.OK, FedLedgerCli.QUALITY_BAR_MISSED, CommandLine.ExitCode.USAGE,
                FedLedgerCli.LEDGER_UNAVAILABLE, FedLedgerCli.BAD_INPUT, FedLedgerCli.REFUSED, FedLedgerCli.NOT_REACHED,
            FedLedgerCli.NOT_COMMITTED, FedLedgerCli.INTERNAL_ERROR}) {
            assertThat(out.toString()).containsPattern("(?m)^  " + code + " {3}\\S");
        }
    }
}

package org.fedledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.sdk.errors.CommitInvalidatedException;
import org.fedledger.sdk.errors.CommitStatusUnknownException;
import org.fedledger.sdk.errors.ContractRefusedException;
import org.fedledger.sdk.errors.LedgerUnavailableException;
import org.fedledger.sdk.ledger.ValidationCode;
import org.fedledger.sdk.payload.PayloadTooLargeException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every failure an operator meets is one line on standard error with its documented exit code: an
 * outage is never the quality bar's code, a failure from a hospital's thread is classified by its
 * cause, and an unforeseen one keeps its stack trace in a file instead of the terminal.
 */
class FailureLinesTest {
    private final StringWriter err = new StringWriter();

    private int handle(Exception e) {
        CommandLine cli = FedLedgerCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        return new Failures().handleExecutionException(e, cli, null);
    }

    private List<String> lines() {
        return err.toString().lines().toList();
    }

    @Nested
    class Outages {
        @Test
        void an_unreachable_peer_inside_a_hospitals_thread_is_exit_3_in_one_line() {
            var outage = new LedgerUnavailableException("peer 127.0.0.1:7161 is not reachable: UNAVAILABLE: io exception",
                    new RuntimeException("connection refused"));
            assertThat(handle(new ExecutionException(outage))).isEqualTo(FedLedgerCli.LEDGER_UNAVAILABLE)
                    .isNotEqualTo(FedLedgerCli.QUALITY_BAR_MISSED);
            assertThat(lines()).containsExactly("ledger: peer 127.0.0.1:7161 is not reachable: UNAVAILABLE: io exception");
        }

        @Test
        void an_outage_wrapped_twice_is_still_an_outage() {
            var outage = new LedgerUnavailableException("orderer down", null);
            assertThat(handle(new CompletionException(new ExecutionException(outage)))).isEqualTo(FedLedgerCli.LEDGER_UNAVAILABLE);
            assertThat(lines()).containsExactly("ledger: orderer down");
        }

        @Test
        void a_multi_line_gateway_message_is_printed_as_one_line() {
            assertThat(handle(new LedgerUnavailableException("endorsement failed:\n    peer1: UNAVAILABLE\n    peer2: ok", null)))
                    .isEqualTo(FedLedgerCli.LEDGER_UNAVAILABLE);
            assertThat(lines()).containsExactly("ledger: endorsement failed: peer1: UNAVAILABLE peer2: ok");
        }
    }

    @Test
    void a_refusal_is_one_line_with_its_code_and_what_to_do() {
        assertThat(handle(new ContractRefusedException(ErrorCode.ALREADY_ATTESTED, "Org2MSP attested proposal 1", "tx1", null)))
                .isEqualTo(FedLedgerCli.REFUSED);
        assertThat(lines()).singleElement().asString().startsWith("refused by the ledger: ").contains("ALREADY_ATTESTED")
                .contains("; what to do: " + ErrorCode.ALREADY_ATTESTED.guidance().strip().replaceAll("\\s*\\R\\s*", " "));
    }

    @Test
    void an_invalidated_or_unknown_commit_is_not_committed_and_says_to_run_it_again() {
        assertThat(handle(new CommitInvalidatedException("tx7", ValidationCode.MVCC_READ_CONFLICT, 12))).isEqualTo(FedLedgerCli.NOT_COMMITTED);
        assertThat(handle(new CommitStatusUnknownException("tx8", new RuntimeException("deadline")))).isEqualTo(FedLedgerCli.NOT_COMMITTED);
        assertThat(lines()).hasSize(2).allSatisfy(l -> assertThat(l).startsWith("not committed: ")
                .endsWith("the same command again either commits it or finds it on the ledger"));
        assertThat(lines().get(0)).contains("tx7").contains("MVCC_READ_CONFLICT");
    }

    @Test
    void a_payload_too_large_is_bad_input() {
        assertThat(handle(new PayloadTooLargeException(200, 100))).isEqualTo(FedLedgerCli.BAD_INPUT);
        assertThat(lines()).singleElement().asString().startsWith("PAYLOAD_TOO_LARGE: the payload is 200 bytes");
    }

    @Test
    void an_unforeseen_failure_is_an_internal_error_whose_stack_trace_is_in_the_file_it_names() throws Exception {
        assertThat(handle(new ExecutionException(new NullPointerException("weights was null")))).isEqualTo(FedLedgerCli.INTERNAL_ERROR);
        String line = lines().get(0);
        assertThat(lines()).hasSize(1);
        assertThat(line).startsWith("internal error: java.lang.NullPointerException: weights was null (stack trace in ");
        Path file = Path.of(line.substring(line.indexOf("stack trace in ") + "stack trace in ".length(), line.length() - 1));
        try {
            assertThat(Files.readString(file)).contains("NullPointerException: weights was null").contains("\tat ");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void wrong_usage_is_one_line_that_names_the_commands_help() {
        CommandLine cli = FedLedgerCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        assertThat(cli.execute("status", "--colour", "blue")).isEqualTo(FedLedgerCli.USAGE);
        assertThat(lines()).singleElement().asString().contains("--colour").endsWith("(see 'fedledger status --help')");
    }

    @Test
    void a_profile_with_a_renamed_key_is_bad_input_in_one_line_naming_the_new_key(@TempDir Path dir) throws Exception {
        Path profile = dir.resolve("old.properties");
        Files.writeString(profile, "ledger=embedded\ndataDirectory=" + dir.resolve("ledger") + "\norganisation=Org1MSP\n");
        CommandLine cli = FedLedgerCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        assertThat(cli.execute("status", "--task", "bc1", "--profile", profile.toString())).isEqualTo(FedLedgerCli.BAD_INPUT);
        assertThat(lines()).singleElement().asString().contains("'organisation' is now 'mspId'");
    }

    @Test
    void every_failure_kind_has_its_own_exit_code_and_only_the_quality_bar_and_a_failed_audit_share_1() {
        Set<Integer> codes = Stream.of(FedLedgerCli.USAGE, FedLedgerCli.LEDGER_UNAVAILABLE, FedLedgerCli.BAD_INPUT,
                FedLedgerCli.REFUSED, FedLedgerCli.NOT_REACHED, FedLedgerCli.NOT_COMMITTED, FedLedgerCli.INTERNAL_ERROR)
                .collect(Collectors.toSet());
        assertThat(codes).hasSize(7).doesNotContain(FedLedgerCli.OK, FedLedgerCli.QUALITY_BAR_MISSED);
        assertThat(FedLedgerCli.AUDIT_FAILED).isEqualTo(FedLedgerCli.QUALITY_BAR_MISSED);
    }
}

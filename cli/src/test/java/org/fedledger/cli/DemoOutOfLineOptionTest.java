package org.fedledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code demo --out-of-line F} needs {@code --incentives} and a rule whose evidence records each update's
 * norm ({@code clip_norm}), and {@code --private-validation} and {@code --reputation-memory N} need
 * {@code --incentives} (and N of 2 to 1,000,000 rounds); without them each is a usage error before anything starts.
 */
class DemoOutOfLineOptionTest {
    private static String refused(String... args) {
        CommandLine cli = FedLedgerCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute(args)).as(String.join(" ", args)).isEqualTo(FedLedgerCli.USAGE);
        return err.toString();
    }

    @Test
    void without_incentives_or_without_a_clipped_rule_the_option_is_a_usage_error() {
        assertThat(refused("demo", "--out-of-line", "3", "--rule", "median:clip_norm=1"))
                .contains("--out-of-line needs --incentives and a --rule with clip_norm");
        assertThat(refused("demo", "--incentives", "--out-of-line", "3"))
                .contains("--out-of-line needs --incentives and a --rule with clip_norm");
        assertThat(refused("demo", "--incentives", "--out-of-line", "3", "--rule", "median"))
                .contains("clip_norm");
    }

    @Test
    void a_reputation_memory_without_incentives_or_outside_two_to_a_million_rounds_is_a_usage_error() {
        assertThat(refused("demo", "--reputation-memory", "30")).contains("--reputation-memory needs --incentives");
        assertThat(refused("demo", "--incentives", "--reputation-memory", "1")).contains("2 to 1000000 rounds, was 1");
        assertThat(refused("demo", "--incentives", "--reputation-memory", "1000001")).contains("was 1000001");
    }

    @Test
    void private_validation_sets_without_incentives_are_a_usage_error() {
        assertThat(refused("demo", "--private-validation")).contains("--private-validation")
                .contains("needs --incentives");
    }
}

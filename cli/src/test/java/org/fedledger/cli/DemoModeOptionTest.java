package org.fedledger.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.fedledger.core.aggregation.RuleSpec;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code demo --mode}: {@code sync} (the default) takes every option and changes nothing; {@code async}
 * implies nine hospitals and refuses, as a usage error, what buffered rounds cannot run with;
 * {@code hierarchical} turns the rule into plain exact FedAvg with {@code hierarchical=1} and refuses what
 * an organisation's partial sum cannot carry.
 */
class DemoModeOptionTest {
    private static DemoCommand parsed(String... args) {
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs(args);
        return demo;
    }

    @Test
    void sync_is_the_default_and_keeps_every_option_as_given() {
        DemoCommand demo = parsed("--privacy", "secure", "--trainers-per-org", "2");
        assertThat(demo.mode).isEqualTo(DemoCommand.Mode.sync);
        demo.checkMode();
        assertThat(demo.trainersPerOrg).isEqualTo(2);
        assertThat(parsed("--mode", "sync").mode).isEqualTo(DemoCommand.Mode.sync);
        DemoCommand plain = parsed();
        plain.checkMode();
        assertThat(plain.trainersPerOrg).isEqualTo(1);
    }

    @Test
    void async_implies_nine_hospitals_and_takes_an_explicit_three() {
        DemoCommand demo = parsed("--mode", "async", "--network", "fabric", "--tasks", "digits");
        demo.checkMode();
        assertThat(demo.trainersPerOrg).isEqualTo(DemoCommand.ASYNC_TRAINERS_PER_ORG);
        DemoCommand three = parsed("--mode", "async", "--trainers-per-org", "3");
        three.checkMode();
        assertThat(three.trainersPerOrg).isEqualTo(3);
    }

    @Test
    void async_refuses_what_buffered_rounds_cannot_run_with() {
        String[][] refused = {
            {"--trainers-per-org", "1"},
            {"--privacy", "secure"},
            {"--dp-epsilon", "8"},
            {"--incentives"},
            {"--attackers", "2"},
            {"--silent-hospital", "3"},
            {"--codec", "int8"},
            {"--rule", "median"},
        };
        for (String[] option : refused) {
            String[] args = new String[option.length + 2];
            args[0] = "--mode";
            args[1] = "async";
            System.arraycopy(option, 0, args, 2, option.length);
            DemoCommand demo = parsed(args);
            assertThatThrownBy(demo::checkMode).as(String.join(" ", option))
                    .isInstanceOf(CommandLine.ParameterException.class)
                    .hasMessageStartingWith("--mode async cannot run with " + option[0]);
        }
    }

    @Test
    void the_command_line_exits_with_the_usage_code_before_starting_anything() {
        CommandLine cli = FedLedgerCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute("demo", "--mode", "async", "--privacy", "secure")).isEqualTo(FedLedgerCli.USAGE);
        assertThat(err.toString()).contains("--mode async cannot run with --privacy secure").contains("--help");
        StringWriter unknown = new StringWriter();
        cli.setErr(new PrintWriter(unknown, true));
        assertThat(cli.execute("demo", "--mode", "tiered")).isEqualTo(FedLedgerCli.USAGE);
        assertThat(unknown.toString()).contains("--mode").contains("sync, async, hierarchical");
    }

    @Test
    void hierarchical_mode_runs_plain_exact_fedavg_with_nine_hospitals_unless_told_otherwise() {
        DemoCommand demo = parsed("--mode", "hierarchical");
        demo.checkMode();
        assertThat(demo.rule).isEqualTo(RuleSpec.parse("exact_fedavg:scale_bits=24,hierarchical=1"));
        assertThat(demo.trainersPerOrg).isEqualTo(3);
        DemoCommand finer = parsed("--mode", "hierarchical", "--rule", "exact_fedavg:scale_bits=20",
                "--trainers-per-org", "2");
        finer.checkMode();
        assertThat(finer.rule).isEqualTo(RuleSpec.parse("exact_fedavg:scale_bits=20,hierarchical=1"));
        assertThat(finer.trainersPerOrg).isEqualTo(2);
        for (String[] option : new String[][] {{"--privacy", "secure"}, {"--dp-epsilon", "8"}, {"--incentives"},
                {"--codec", "int8"}, {"--rule", "median"}, {"--rule", "exact_fedavg:scale_bits=24,clip_norm=1"}}) {
            String[] args = new String[option.length + 2];
            args[0] = "--mode";
            args[1] = "hierarchical";
            System.arraycopy(option, 0, args, 2, option.length);
            assertThatThrownBy(parsed(args)::checkMode).as(String.join(" ", option))
                    .isInstanceOf(CommandLine.ParameterException.class)
                    .hasMessageStartingWith("--mode hierarchical cannot run with " + option[0]);
        }
    }
}

package org.fedledger.it.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fedledger.audit.report.VersionReplay;
import org.fedledger.cli.FedLedgerCli;
import picocli.CommandLine;

/**
 * Runs {@code fedledger demo --json} in-process and checks what every demo run must show, on any
 * ledger: both tasks of 30 rounds at their quality bar, every round attested AGREE by at least two
 * organisations, no invalid transaction added to the chain, the report folder written.
 *
 * <pre>{@code
 * DemoRun.assertBothTasksMeetTheirBar(report, invalidBefore, "--network", "fabric");
 * }</pre>
 */
final class DemoRun {
    private DemoRun() {
    }

    @SuppressWarnings("unchecked")
    static void assertBothTasksMeetTheirBar(Path report, String... options) throws java.io.IOException {
        assertBothTasksMeetTheirBar(report, 0, options);
    }

    /**
     * As {@link #assertBothTasksMeetTheirBar(Path, String...)} on a channel that already holds
     * {@code invalidBefore} invalid transactions (other suites' faults on a shared network).
     */
    @SuppressWarnings("unchecked")
    static void assertBothTasksMeetTheirBar(Path report, long invalidBefore, String... options)
            throws java.io.IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = FedLedgerCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] args = new String[options.length + 4];
        args[0] = "demo";
        System.arraycopy(options, 0, args, 1, options.length);
        args[options.length + 1] = "--report";
        args[options.length + 2] = report.toString();
        args[options.length + 3] = "--json";
        int exit = cli.execute(args);

        assertThat(exit).as("exit code; stderr: %s", err).isEqualTo(FedLedgerCli.OK);
        Map<String, Object> result = new Gson().fromJson(out.toString(), Map.class);
        List<Map<String, Object>> tasks = (List<Map<String, Object>>) result.get("tasks");
        assertThat(tasks).extracting(t -> ((String) t.get("task")).split("-")[0]).containsExactly("breast", "digits");
        for (Map<String, Object> task : tasks) {
            double federated = (Double) task.get("federatedAccuracy");
            double centralised = (Double) task.get("centralisedAccuracy");
            double tolerance = ((String) task.get("task")).startsWith("digits") ? 0.03 : 0.02;
            assertThat(federated).as("%s federated vs centralised %s", task.get("task"), centralised)
                    .isGreaterThanOrEqualTo(centralised - tolerance);
            assertThat(centralised).isGreaterThan(0.9);
            List<Map<String, Object>> rounds = (List<Map<String, Object>>) task.get("rounds");
            assertThat(rounds).hasSize(30).allSatisfy(r -> assertThat(((String) r.get("verdicts")).split(" "))
                    .hasSizeGreaterThanOrEqualTo(2).allMatch(v -> v.endsWith(":AGREE")));
            assertThat(report.resolve(task.get("task") + "-rounds.csv")).exists();
            assertThat(task.get("audit")).isEqualTo("PASS");
            var audit = org.fedledger.audit.report.ReportJson.read(
                    java.nio.file.Files.readString(report.resolve(task.get("task") + "-audit.json")));
            assertThat(audit.findings()).isEmpty();
            // Issue 22: no transaction of an undisturbed demo, of any kind, is invalid (the audit reads every
            // block's transaction filter).
            assertThat(audit.chain().transactions() - audit.chain().validTransactions())
                    .as("invalid of %s transactions (%s before the demo)", audit.chain().transactions(), invalidBefore)
                    .isEqualTo(invalidBefore);
            assertThat(audit.lineage()).hasSize(31).allSatisfy(v -> assertThat(v.replay()).isIn(VersionReplay.MATCH, VersionReplay.INITIAL));
            assertThat(audit.lineage().get(0).attestedBy()).hasSizeGreaterThanOrEqualTo(2);
            assertThat(report.resolve(task.get("task") + "-audit.html")).exists();
        }
        assertThat(report.resolve("accuracy.png")).exists();
    }
}

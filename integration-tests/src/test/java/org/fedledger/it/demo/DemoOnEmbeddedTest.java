package org.fedledger.it.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fedledger.cli.FedLedgerCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The README's main command, {@code fedledger demo} on its default embedded ledger, in every build:
 * both tasks reach their quality bar, every round attested AGREE by at least two organisations.
 */
class DemoOnEmbeddedTest {

    @Test
    @SuppressWarnings("unchecked")
    void three_hospitals_reach_the_quality_bar_on_both_tasks_on_the_embedded_ledger(@TempDir Path report) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = FedLedgerCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute("demo", "--report", report.toString(), "--json");

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
            List<Map<String, Object>> rounds = (List<Map<String, Object>>) task.get("rounds");
            assertThat(rounds).hasSize(30).allSatisfy(r -> assertThat(((String) r.get("verdicts")).split(" "))
                    .hasSizeGreaterThanOrEqualTo(2).allMatch(v -> v.endsWith(":AGREE")));
        }
        assertThat(report.resolve("accuracy.png")).exists();
    }
}

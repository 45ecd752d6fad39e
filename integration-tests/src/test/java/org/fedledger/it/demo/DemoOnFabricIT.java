package org.fedledger.it.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fedledger.cli.FedLedgerCli;
import org.fedledger.it.fabric.FabricNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The README's demo, {@code fedledger demo --network fabric}, on the real network: both tasks reach
 * their quality bar against the centralised reference, every round is attested AGREE by at least two
 * organisations, and the report folder is written.
 */
class DemoOnFabricIT {

    @Test
    @SuppressWarnings("unchecked")
    void three_hospitals_reach_the_quality_bar_on_both_tasks_with_every_round_attested(@TempDir Path report) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = FedLedgerCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute("demo", "--network", "fabric", "--network-home", FabricNetwork.get().home().toString(),
                "--report", report.toString(), "--json");

        assertThat(exit).as("exit code; stderr: %s", err).isEqualTo(FedLedgerCli.OK);
        Map<String, Object> result = new Gson().fromJson(out.toString(), Map.class);
        List<Map<String, Object>> tasks = (List<Map<String, Object>>) result.get("tasks");
        assertThat(tasks).hasSize(2);
        for (Map<String, Object> task : tasks) {
            double federated = (Double) task.get("federatedAccuracy");
            double centralised = (Double) task.get("centralisedAccuracy");
            double tolerance = ((String) task.get("task")).startsWith("digits") ? 0.03 : 0.02;
            assertThat(federated).as("%s federated vs centralised %s", task.get("task"), centralised)
                    .isGreaterThanOrEqualTo(centralised - tolerance);
            assertThat(centralised).isGreaterThan(0.9);
            List<Map<String, Object>> rounds = (List<Map<String, Object>>) task.get("rounds");
            assertThat(rounds).hasSize(30).allSatisfy(r -> {
                String verdicts = (String) r.get("verdicts");
                assertThat(verdicts.split(" ")).hasSizeGreaterThanOrEqualTo(2).allMatch(v -> v.endsWith(":AGREE"));
            });
            assertThat(report.resolve(task.get("task") + "-rounds.csv")).exists();
            assertThat(report.resolve(task.get("task") + "-lineage.json")).content().contains("\"version\": 30")
                    .contains("\"attestedBy\"");
        }
        assertThat(report.resolve("accuracy.png")).exists();
    }
}

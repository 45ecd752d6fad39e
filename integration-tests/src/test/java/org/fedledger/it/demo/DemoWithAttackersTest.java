package org.fedledger.it.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fedledger.audit.report.AuditReport;
import org.fedledger.audit.report.EvidenceEntry;
import org.fedledger.audit.report.ReportJson;
import org.fedledger.audit.report.VersionEntry;
import org.fedledger.cli.FedLedgerCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 24, items 5 and 6, on the embedded ledger: hospital 3 of 3 sends noise every round under a
 * trimmed mean. Every round still becomes final, the audit replays each manifest with its
 * evidence bit for bit and passes, and the evidence shows the hostile hospital trimmed at far more
 * coordinates than either honest one.
 */
class DemoWithAttackersTest {
    @Test
    @SuppressWarnings("unchecked")
    void a_noisy_hospital_is_trimmed_and_the_evidence_replays_in_the_audit(@TempDir Path report) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = FedLedgerCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("demo", "--tasks", "breast-cancer", "--rounds", "3", "--attackers", "1", "--attack",
                "gaussian-noise", "--rule", "trimmed_mean:beta=0.34", "--report", report.toString(), "--json");

        assertThat(exit).as("exit code; stderr: %s", err).isIn(FedLedgerCli.OK, FedLedgerCli.QUALITY_BAR_MISSED);
        Map<String, Object> result = new Gson().fromJson(out.toString(), Map.class);
        Map<String, Object> task = ((List<Map<String, Object>>) result.get("tasks")).get(0);
        assertThat((List<Map<String, Object>>) task.get("rounds")).hasSize(3)
                .allSatisfy(r -> assertThat(((String) r.get("verdicts")).split(" ")).allMatch(v -> v.endsWith(":AGREE")));
        assertThat(task.get("audit")).isEqualTo("PASS");

        AuditReport audit = ReportJson.read(Files.readString(report.resolve(task.get("task") + "-audit.json")));
        for (VersionEntry v : audit.lineage().subList(0, 3)) {
            assertThat(v.evidence()).as("version %d", v.version()).hasSize(3);
            // one value trimmed at each end of each of the 31 coordinates (30 weights and a bias)
            assertThat(v.evidence().stream().mapToLong(e -> e.trimmedLow() + e.trimmedHigh()).sum()).isEqualTo(2 * 31);
            EvidenceEntry hostile = v.evidence().stream().filter(e -> e.contributor().contains("O=Org3MSP")).findFirst()
                    .orElseThrow();
            for (EvidenceEntry honest : v.evidence()) {
                if (honest != hostile) {
                    assertThat(hostile.trimmedLow() + hostile.trimmedHigh()).as("version %d", v.version())
                            .isGreaterThan(honest.trimmedLow() + honest.trimmedHigh());
                }
            }
        }
        assertThat(Files.readString(report.resolve(task.get("task") + "-audit.html")))
                .contains("What the rules did to each contributor").contains(">User1 (Org3MSP)</span>");
    }
}

package org.fedledger.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.fedledger.audit.report.AuditReport;
import org.fedledger.audit.report.AuditVerdict;
import org.fedledger.audit.report.ChainSummary;
import org.fedledger.audit.report.ReportJson;
import org.fedledger.audit.report.Timings;
import org.fedledger.core.model.ContentHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoReportTest {
    @Test
    void the_report_holds_a_chart_and_per_task_rounds_and_audit(@TempDir Path dir) throws Exception {
        List<RoundResult> rounds = List.of(new RoundResult(1, 0.90, 0.3, 3, 2000, 20, 1200, 800, "Org1MSP:AGREE",
                ContentHash.parse("aa".repeat(32))),
                new RoundResult(2, 0.95, 0.2, 3, 2100, 21, 1250, 810, "Org2MSP:AGREE",
                        ContentHash.parse("bb".repeat(32))));
        AuditReport audit = new AuditReport("bc-1", AuditVerdict.PASS, "x509::CN=auditor",
                new ChainSummary(4, 3, 3, 3, List.of("Org1MSP"), "MAJORITY", 0), List.of(), List.of(), List.of(), List.of(),
                new Timings(1, 1, 1, 1, 4, 0));
        TaskResult result = new TaskResult("bc-1", "breast cancer", rounds, 0.96, 0.02, audit);
        assertThat(result.meetsQualityBar()).isTrue();
        assertThat(new TaskResult("bc-2", "x", rounds, 0.98, 0.02, audit).meetsQualityBar()).isFalse();

        Path chart = DemoReport.write(dir, List.of(result));
        BufferedImage image = ImageIO.read(chart.toFile());
        assertThat(image.getWidth()).isEqualTo(900);
        assertThat(Files.readAllLines(dir.resolve("bc-1-rounds.csv"))).hasSize(3).element(2).asString()
                .startsWith("2,0.950000,").endsWith(",Org2MSP:AGREE," + "bb".repeat(32));
        assertThat(ReportJson.read(Files.readString(dir.resolve("bc-1-audit.json")))).isEqualTo(audit);
        assertThat(dir.resolve("bc-1-audit.html")).content().contains("data-verdict=\"PASS\"");
    }
}

package org.fedledger.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.fedledger.audit.TaskAudit;
import org.fedledger.audit.report.AuditReport;
import org.fedledger.audit.report.AuditVerdict;
import org.fedledger.audit.report.ChainSummary;
import org.fedledger.audit.report.Finding;
import org.fedledger.audit.report.FindingCode;
import org.fedledger.audit.report.ReportHtml;
import org.fedledger.audit.report.ReportJson;
import org.fedledger.audit.report.Timings;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.errors.LedgerCorruptException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fedledger audit}: audits a task as the identity of the connection profile (an auditor that is
 * a member of the payload collections) and writes the report as JSON and HTML. Exit code 0 for PASS and
 * WARN, 1 for FAIL; a ledger whose block store does not open is a FAIL with the block named.
 *
 * <pre>{@code
 * FEDLEDGER_PROFILE=org2.properties FEDLEDGER_USER=User3 fedledger audit --task bc1 --out audit-report
 * }</pre>
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Audit a task: lineage, replay of every aggregation, every record checked against the signed blocks.")
public final class AuditCommand implements Callable<Integer> {
    @Option(names = "--task", required = true, description = "the task id")
    String task;

    @Option(names = "--out", defaultValue = "audit-report", description = "folder for <task>-audit.json and .html (default: ${DEFAULT-VALUE})")
    Path out;

    @Mixin
    ProfileOption connection;

    @Option(names = "--chaincode", defaultValue = TaskAudit.DEFAULT_CHAINCODE, description = "the chaincode name (default: ${DEFAULT-VALUE})")
    String chaincode;

    @Override
    public Integer call() throws Exception {
        AuditReport report;
        try (FedLedger ledger = FedLedger.open(connection.profile())) {
            report = TaskAudit.of(ledger).chaincode(chaincode).run(task);
        } catch (LedgerCorruptException e) {
            Finding f = Finding.error(FindingCode.BLOCK_UNREADABLE, 0, "block " + e.blockNumber(),
                    "the embedded ledger's block store does not open: " + e.getMessage());
            report = new AuditReport(task, AuditVerdict.FAIL, "", new ChainSummary(0, 0, 0, 0, List.of(), "none", -1),
                    List.of(), List.of(), List.of(), List.of(f), new Timings(0, 0, 0, 0, 0, 0));
        }
        Files.createDirectories(out);
        Path json = out.resolve(task + "-audit.json");
        Path html = out.resolve(task + "-audit.html");
        Files.writeString(json, ReportJson.write(report));
        Files.writeString(html, ReportHtml.write(report));
        print(report);
        System.out.printf("report: %s, %s%n", json, html);
        return report.verdict() == AuditVerdict.FAIL ? FedLedgerCli.AUDIT_FAILED : FedLedgerCli.OK;
    }

    /** One summary line, then one line per finding. */
    static void print(AuditReport r) {
        System.out.printf("audit of %s: %s; %d blocks, %d transactions (%d valid, %d of the task's verified), %d models,"
                + " %d rounds, %d findings; %d ms (chain %d, replay %d, %d payload bytes)%n", r.taskId(), r.verdict(),
                r.chain().height(), r.chain().transactions(), r.chain().validTransactions(),
                r.chain().verifiedTransactions(), r.lineage().size(), r.rounds().size(),
                r.findings().size(), r.timings().total(), r.timings().chain(), r.timings().replay(),
                r.timings().payloadBytes());
        for (Finding f : r.findings()) {
            System.out.printf("  %s %s %s%s: %s%s%n", f.severity(), f.code(), f.round() > 0 ? "round " + f.round() + ", " : "",
                    f.subject(), f.message(),
                    f.expected().isEmpty() && f.actual().isEmpty() ? ""
                            : " (expected " + f.expected() + ", actual " + f.actual() + ")");
        }
    }
}

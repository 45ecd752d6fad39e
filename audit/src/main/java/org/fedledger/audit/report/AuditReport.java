package org.fedledger.audit.report;

import java.util.List;

/**
 * Everything one audit of a task found.
 *
 * <pre>{@code
 * AuditReport report = TaskAudit.of(ledger.auditor()).run("breast-cancer");
 * if (report.verdict() == AuditVerdict.FAIL) { report.findings().forEach(System.out::println); }
 * }</pre>
 *
 * @param taskId the task
 * @param verdict PASS, WARN or FAIL
 * @param auditor the identity id the audit ran as
 * @param chain the chain's summary
 * @param lineage the global models from the latest back to version 0
 * @param rounds every round, in order
 * @param contributions per organisation and identity, sorted
 * @param findings everything wrong, in the order found
 * @param timings how long each phase took
 */
public record AuditReport(String taskId, AuditVerdict verdict, String auditor, ChainSummary chain,
        List<VersionEntry> lineage, List<RoundEntry> rounds, List<Contribution> contributions, List<Finding> findings,
        Timings timings) {
    /** Copies the lists. */
    public AuditReport {
        lineage = List.copyOf(lineage);
        rounds = List.copyOf(rounds);
        contributions = List.copyOf(contributions);
        findings = List.copyOf(findings);
    }

    /** @return the findings with {@code code} */
    public List<Finding> findings(FindingCode code) {
        return findings.stream().filter(f -> f.code() == code).toList();
    }
}

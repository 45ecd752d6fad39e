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
 * @param incentives per FINAL round and contributor, what the incentives replay found (contribution,
 *     mark, reputation, penalty), in round order; empty for a task without incentives
 * @param credits each contributor's credits, by contributor; empty for a task without incentives
 */
public record AuditReport(String taskId, AuditVerdict verdict, String auditor, ChainSummary chain,
        List<VersionEntry> lineage, List<RoundEntry> rounds, List<Contribution> contributions, List<Finding> findings,
        Timings timings, List<IncentiveEntry> incentives, List<CreditEntry> credits) {
    /** Copies the lists. */
    public AuditReport {
        incentives = incentives == null ? List.of() : List.copyOf(incentives);
        credits = credits == null ? List.of() : List.copyOf(credits);
        lineage = List.copyOf(lineage);
        rounds = List.copyOf(rounds);
        contributions = List.copyOf(contributions);
        findings = List.copyOf(findings);
    }

    /**
     * A report of a task without incentives.
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
    public AuditReport(String taskId, AuditVerdict verdict, String auditor, ChainSummary chain,
            List<VersionEntry> lineage, List<RoundEntry> rounds, List<Contribution> contributions, List<Finding> findings,
            Timings timings) {
        this(taskId, verdict, auditor, chain, lineage, rounds, contributions, findings, timings, List.of(), List.of());
    }

    /** @return the findings with {@code code} */
    public List<Finding> findings(FindingCode code) {
        return findings.stream().filter(f -> f.code() == code).toList();
    }
}

package org.fedledger.cli.demo;

import org.fedledger.audit.report.AuditReport;
import org.fedledger.audit.report.AuditVerdict;
import java.util.List;

/**
 * A task's outcome: every round, the centralised reference and the quality bar.
 *
 * <pre>{@code
 * boolean ok = result.meetsQualityBar();
 * }</pre>
 *
 * @param task the task's ledger id
 * @param description what it is
 * @param rounds each round's result
 * @param centralisedAccuracy the same model trained on the pooled data, same epochs, same test set
 * @param tolerance allowed shortfall of the federated accuracy
 * @param audit the task's audit after its last round: lineage, replay of every aggregation, the chain cross-check
 */
public record TaskResult(String task, String description, List<RoundResult> rounds, double centralisedAccuracy,
        double tolerance, AuditReport audit) {
    /** Copies the list. */
    public TaskResult {
        rounds = List.copyOf(rounds);
    }

    /** @return the last round's accuracy */
    public double federatedAccuracy() {
        return rounds.get(rounds.size() - 1).accuracy();
    }

    /** @return whether the audit found no error */
    public boolean auditPassed() {
        return audit.verdict() != AuditVerdict.FAIL;
    }

    /** @return whether the final federated accuracy is within the tolerance of the centralised one */
    public boolean meetsQualityBar() {
        return federatedAccuracy() >= centralisedAccuracy - tolerance;
    }
}

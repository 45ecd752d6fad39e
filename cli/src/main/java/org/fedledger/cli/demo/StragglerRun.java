package org.fedledger.cli.demo;

import java.util.List;
import java.util.Optional;
import org.fedledger.audit.report.AuditReport;
import org.fedledger.audit.report.AuditVerdict;
import org.fedledger.core.model.ContentHash;

/**
 * One run of the straggler scenario ({@link FederatedDemo#runStragglers}): every global model the task
 * made, with its test accuracy and when it became final, and the task's audit.
 *
 * <pre>{@code
 * StragglerRun run = demo.runStragglers(task, true, 3, Duration.ofMillis(200), 5, 6, 4, 0.95, Duration.ofMinutes(2));
 * Optional<Long> ms = run.millisTo(0.95);
 * }</pre>
 *
 * @param task the task's ledger id
 * @param mode {@code sync} or {@code buffered}
 * @param models each global model in version order
 * @param audit the audit of the task, run when the scenario stopped
 */
public record StragglerRun(String task, String mode, List<GlobalModel> models, AuditReport audit) {
    /**
     * One global model.
     *
     * @param version its version
     * @param accuracy its accuracy on the task's held-out test set
     * @param loss its mean cross-entropy loss there
     * @param millis milliseconds from the first round's opening to the model being final
     * @param updates the updates it aggregated
     * @param stale how many of them were trained from an older model than their round's base
     * @param modelHash its SHA-256
     * @param openedOnProposal whether its round (buffer) opened on the previous one's proposal, before that
     *     was FINAL ({@code proposeAndOpen}), rather than on a FINAL model
     */
    public record GlobalModel(long version, double accuracy, double loss, long millis, int updates, int stale,
            ContentHash modelHash, boolean openedOnProposal) {
    }

    /**
     * Copies the list.
     *
     * @param task the task's ledger id
     * @param mode {@code sync} or {@code buffered}
     * @param models each global model in version order
     * @param audit the audit of the task
     */
    public StragglerRun {
        models = List.copyOf(models);
    }

    /** @return whether the audit of the task found no error */
    public boolean auditPassed() {
        return audit.verdict() != AuditVerdict.FAIL;
    }

    /**
     * @param bar an accuracy
     * @return the milliseconds until the first global model of at least {@code bar}; empty if none reached it
     */
    public Optional<Long> millisTo(double bar) {
        return models.stream().filter(m -> m.accuracy() >= bar).map(GlobalModel::millis).findFirst();
    }
}

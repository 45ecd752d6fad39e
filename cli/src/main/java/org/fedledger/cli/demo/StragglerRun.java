package org.fedledger.cli.demo;

import java.util.List;
import java.util.Optional;

/**
 * One run of the straggler scenario ({@link FederatedDemo#runStragglers}): every global model the task
 * made, with its test accuracy and when it became final.
 *
 * <pre>{@code
 * StragglerRun run = demo.runStragglers(task, true, 3, Duration.ofMillis(200), 5, 6, 4, 0.95, Duration.ofMinutes(2));
 * Optional<Long> ms = run.millisTo(0.95);
 * }</pre>
 *
 * @param mode {@code sync} or {@code buffered}
 * @param models each global model in version order
 * @param auditPassed whether the audit of the task, run when the scenario stopped, found no error
 */
public record StragglerRun(String mode, List<GlobalModel> models, boolean auditPassed) {
    /**
     * One global model.
     *
     * @param version its version
     * @param accuracy its accuracy on the task's held-out test set
     * @param millis milliseconds from the first round's opening to the model being final
     * @param updates the updates it aggregated
     * @param stale how many of them were trained from an older model than their round's base
     */
    public record GlobalModel(long version, double accuracy, long millis, int updates, int stale) {
    }

    /**
     * Copies the list.
     *
     * @param mode {@code sync} or {@code buffered}
     * @param models each global model in version order
     * @param auditPassed whether the audit of the task passed
     */
    public StragglerRun {
        models = List.copyOf(models);
    }

    /**
     * @param bar an accuracy
     * @return the milliseconds until the first global model of at least {@code bar}; empty if none reached it
     */
    public Optional<Long> millisTo(double bar) {
        return models.stream().filter(m -> m.accuracy() >= bar).map(GlobalModel::millis).findFirst();
    }
}

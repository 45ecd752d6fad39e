package org.fedledger.sdk;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.record.ContributionAttestationRecord;
import org.fedledger.protocol.record.CreditRecord;
import org.fedledger.protocol.record.PenaltyRecord;
import org.fedledger.protocol.record.ReputationRecord;
import org.fedledger.protocol.record.RoundContributionsRecord;
import org.fedledger.protocol.record.TaskIncentivesRecord;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.record.ValidationSetRecord;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.sdk.errors.ContractRefusedException;
import org.fedledger.sdk.incentives.Incentives;

/** {@link Incentives} over the contract's queries. */
final class IncentiveQueries implements Incentives {
    private final Calls calls;

    IncentiveQueries(Calls calls) {
        this.calls = Objects.requireNonNull(calls, "calls");
    }

    @Override
    public Optional<TaskIncentivesRecord> rules(String taskId) {
        return rulesOf(calls.evaluate(TransactionName.GET_TASK, TaskRecord.class, Objects.requireNonNull(taskId,
                "taskId")));
    }

    /** The rules of a task already read: one query, not two. */
    Optional<TaskIncentivesRecord> rulesOf(TaskRecord task) {
        return unlessNotFound(() -> calls.evaluate(TransactionName.GET_TASK_INCENTIVES, TaskIncentivesRecord.class,
                task.taskId()));
    }

    @Override
    public List<ContributionAttestationRecord> attested(String taskId, int round, int seq) {
        return calls.evaluateList(TransactionName.LIST_CONTRIBUTION_ATTESTATIONS, ContributionAttestationRecord.class,
                taskId, round, seq);
    }

    @Override
    public Optional<RoundContributionsRecord> agreed(String taskId, int round) {
        return unlessNotFound(() -> calls.evaluate(TransactionName.GET_ROUND_CONTRIBUTIONS,
                RoundContributionsRecord.class, taskId, round));
    }

    @Override
    public List<CreditRecord> credits(String taskId) {
        return calls.evaluateList(TransactionName.LIST_CREDITS, CreditRecord.class, taskId);
    }

    @Override
    public List<PenaltyRecord> penalties(String taskId, int round) {
        return calls.evaluateList(TransactionName.LIST_PENALTIES, PenaltyRecord.class, taskId, round);
    }

    @Override
    public List<ValidationSetRecord> validationSets(String taskId) {
        return calls.evaluateList(TransactionName.LIST_VALIDATION_SETS, ValidationSetRecord.class,
                Objects.requireNonNull(taskId, "taskId"));
    }

    @Override
    public ReputationRecord reputation(String contributorId) {
        return calls.evaluate(TransactionName.GET_REPUTATION, ReputationRecord.class,
                Objects.requireNonNull(contributorId, "contributorId"));
    }

    private static <T> Optional<T> unlessNotFound(Supplier<T> query) {
        try {
            return Optional.of(query.get());
        } catch (ContractRefusedException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }
}

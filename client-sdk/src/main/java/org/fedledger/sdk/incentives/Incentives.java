package org.fedledger.sdk.incentives;

import java.util.List;
import java.util.Optional;
import org.fedledger.protocol.record.ContributionAttestationRecord;
import org.fedledger.protocol.record.CreditRecord;
import org.fedledger.protocol.record.PenaltyRecord;
import org.fedledger.protocol.record.ValidationSetRecord;
import org.fedledger.protocol.record.ReputationRecord;
import org.fedledger.protocol.record.RoundContributionsRecord;
import org.fedledger.protocol.record.TaskIncentivesRecord;

/**
 * Read-only queries of incentives tasks: rules, attested and agreed contributions, credits and
 * reputation. Writes nothing.
 *
 * <pre>{@code
 * long r = ledger.incentives().reputation(trainerId).reputation();
 * ledger.incentives().credits("digits").forEach(c -> System.out.println(c.contributor() + " " + c.contributionCredit()));
 * }</pre>
 */
public interface Incentives {
    /**
     * @param taskId the task
     * @return its incentive rules, empty when it has none
     * @throws org.fedledger.sdk.errors.ContractRefusedException NOT_FOUND when there is no such task
     */
    Optional<TaskIncentivesRecord> rules(String taskId);

    /**
     * @param taskId the task
     * @param round the round
     * @param seq the proposal
     * @return the contributions each organisation attested with the proposal, in MSP order
     */
    List<ContributionAttestationRecord> attested(String taskId, int round, int seq);

    /**
     * @param taskId the task
     * @param round the round
     * @return the contributions a quorum agreed on, empty until the round is FINAL (or without incentives)
     */
    Optional<RoundContributionsRecord> agreed(String taskId, int round);

    /**
     * @param taskId the task
     * @return every contributor's credits in the task, in contributor order
     */
    List<CreditRecord> credits(String taskId);

    /**
     * @param taskId the task
     * @param round the round
     * @return the penalties the round's resolution imposed, in subject order
     */
    List<PenaltyRecord> penalties(String taskId, int round);

    /**
     * @param taskId a task valued on private validation sets
     * @return the validation sets its organisations committed, in MSP order
     */
    List<ValidationSetRecord> validationSets(String taskId);

    /**
     * @param contributorId a contributor's identity id
     * @return its reputation across tasks ({@link ReputationRecord#INITIAL} and 0 rounds when never scored)
     */
    ReputationRecord reputation(String contributorId);
}

package org.fedledger.sdk;

import java.util.Optional;
import org.fedledger.protocol.record.DatasetRecord;
import org.fedledger.protocol.record.PrivacySpent;
import org.fedledger.protocol.record.TaskPrivacyRecord;

/**
 * Differential-privacy budgets the ledger keeps per dataset, across tasks: an organisation's admin or
 * coordinator names a dataset with its budget; tasks bind it ({@link TaskDefinition.Builder#differentialPrivacy});
 * every accepted update spends from it, and the chaincode refuses a submit or a round that would pass
 * it ({@code PRIVACY_BUDGET_EXCEEDED}).
 *
 * <pre>{@code
 * ledger.privacy().createDataset("wisconsin", "8", "0.00001");
 * PrivacySpent s = ledger.privacy().spent("Org1MSP", "wisconsin");
 * }</pre>
 */
public interface Privacy {
    /**
     * Names one of this identity's organisation's datasets with a budget, fixed for the dataset's life.
     *
     * @param datasetId 1-64 of {@code [A-Za-z0-9_-]}
     * @param epsilon the budget's epsilon, a plain decimal such as {@code "8"}
     * @param delta the budget's delta, a plain decimal such as {@code "0.00001"}
     * @return the dataset record and where it was committed
     * @throws org.fedledger.sdk.errors.ContractRefusedException FORBIDDEN (neither admin nor coordinator),
     *     ALREADY_EXISTS, INVALID_ARGUMENT
     */
    Receipt<DatasetRecord> createDataset(String datasetId, String epsilon, String delta);

    /**
     * @param msp the dataset's organisation
     * @param datasetId the dataset
     * @return its budget and the epsilon spent so far, computed by the chaincode from the release counts
     * @throws org.fedledger.sdk.errors.ContractRefusedException NOT_FOUND for an unknown dataset
     */
    PrivacySpent spent(String msp, String datasetId);

    /**
     * @param taskId a task
     * @return its mechanism and dataset bindings; empty for a task without differential privacy
     */
    Optional<TaskPrivacyRecord> ofTask(String taskId);
}

package org.fedledger.protocol.record;

import java.util.List;

/**
 * A task's differential-privacy settings, written by {@code createTask} in the same transaction as the
 * task under {@link org.fedledger.protocol.key.Keys#taskPrivacy(String)}; a task without this record
 * has no budget to keep. Each organisation's trainers draw from the dataset the task binds to that
 * organisation: the coordinator fixes it for the task's life, so no trainer can pick a fresh dataset
 * to escape a spent budget.
 *
 * <pre>{@code
 * TaskPrivacyRecord dp = RecordJson.read(json, TaskPrivacyRecord.class);
 * Optional<DatasetBinding> mine = dp.datasetOf("Org1MSP");
 * }</pre>
 *
 * @param taskId the task
 * @param mechanism the mechanism every update of the task is counted as
 * @param datasets one binding per training organisation, sorted by MSP id
 */
@RecordJson.Schema(1)
public record TaskPrivacyRecord(String taskId, DpMechanism mechanism, List<DatasetBinding> datasets) {
    /**
     * Copies the bindings.
     *
     * @param taskId the task
     * @param mechanism the mechanism every update of the task is counted as
     * @param datasets one binding per training organisation, sorted by MSP id
     */
    public TaskPrivacyRecord {
        datasets = datasets == null ? List.of() : List.copyOf(datasets);
    }

    /**
     * @param msp an organisation
     * @return the dataset its trainers draw from in this task, if the task binds one
     */
    public java.util.Optional<DatasetBinding> datasetOf(String msp) {
        return datasets.stream().filter(b -> b.msp().equals(msp)).findFirst();
    }
}

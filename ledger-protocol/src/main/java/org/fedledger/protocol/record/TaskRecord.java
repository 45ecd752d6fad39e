package org.fedledger.protocol.record;

import java.util.List;
import org.fedledger.core.model.ContentHash;
import org.fedledger.protocol.key.PayloadLayout;

/**
 * A training task, fixed at creation except for its current model and last round, under
 * {@link org.fedledger.protocol.key.Keys#task(String)}.
 *
 * <pre>{@code
 * TaskRecord task = store.get(Keys.task("mnist"), TaskRecord.class).orElseThrow();
 * }</pre>
 *
 * @param taskId the task id
 * @param schema tensor names and shapes, sorted by name
 * @param rule aggregation rule and parameters
 * @param minUpdates fewest updates a round needs
 * @param maxUpdates most updates a round accepts
 * @param attestationQuorum distinct organisations that must agree before a model is final
 * @param roundDurationSeconds seconds from opening a round to its deadline
 * @param maxSamples largest sample count an update may declare
 * @param maxOrgSharePercent largest share of a round's aggregation weight one organisation carries
 * @param maxPayloadBytes largest update or model payload
 * @param allowedOrgs organisations that may train and attest, sorted
 * @param createdBy id of the creating coordinator
 * @param ownerMsp the creating coordinator's organisation, which alone opens and closes the task's rounds at will
 * @param currentVersion version of the current global model (0: the initial model)
 * @param currentModelHash hash of the current global model
 * @param lastRound number of the last opened round (0: none yet)
 * @param txId creating transaction
 * @param timestamp creating transaction's timestamp
 * @param payloadLayout where the task's payloads are kept; absent in a record of schema version 1
 *     (written before per-organisation collections), which reads as {@link PayloadLayout#SHARED}
 */
@RecordJson.Schema(2)
public record TaskRecord(String taskId, List<TensorSpecRecord> schema, RuleRecord rule, int minUpdates, int maxUpdates,
        int attestationQuorum, long roundDurationSeconds, long maxSamples, int maxOrgSharePercent, long maxPayloadBytes,
        List<String> allowedOrgs, String createdBy, String ownerMsp, long currentVersion, ContentHash currentModelHash,
        int lastRound, String txId, long timestamp, @RecordJson.Nullable PayloadLayout payloadLayout) {
    /**
     * Copies the lists.
     *
     * @param taskId the task id
     * @param schema tensor names and shapes, sorted by name
     * @param rule aggregation rule and parameters
     * @param minUpdates fewest updates a round needs
     * @param maxUpdates most updates a round accepts
     * @param attestationQuorum distinct organisations that must agree before a model is final
     * @param roundDurationSeconds seconds from opening a round to its deadline
     * @param maxSamples largest sample count an update may declare
     * @param maxOrgSharePercent largest share of a round's aggregation weight one organisation carries
     * @param maxPayloadBytes largest update or model payload
     * @param allowedOrgs organisations that may train and attest, sorted
     * @param createdBy id of the creating coordinator
     * @param ownerMsp the creating coordinator's organisation, which alone opens and closes the task's rounds at will
     * @param currentVersion version of the current global model (0: the initial model)
     * @param currentModelHash hash of the current global model
     * @param lastRound number of the last opened round (0: none yet)
     * @param txId creating transaction
     * @param timestamp creating transaction's timestamp
     * @param payloadLayout where the task's payloads are kept; {@code null} (a version 1 record) is
     *     {@link PayloadLayout#SHARED}
     */
    public TaskRecord {
        schema = Records.copy(schema);
        allowedOrgs = Records.copy(allowedOrgs);
        payloadLayout = payloadLayout == null ? PayloadLayout.SHARED : payloadLayout;
    }

    /**
     * @param version the global model version
     * @param hash the hash
     * @return this task with a new current model
     */
    public TaskRecord withCurrentModel(long version, ContentHash hash) {
        return new TaskRecord(taskId, schema, rule, minUpdates, maxUpdates, attestationQuorum, roundDurationSeconds,
                maxSamples, maxOrgSharePercent, maxPayloadBytes, allowedOrgs, createdBy, ownerMsp, version, hash, lastRound,
                txId, timestamp, payloadLayout);
    }

    /**
     * @param round the round number
     * @return this task with a new last round
     */
    public TaskRecord withLastRound(int round) {
        return new TaskRecord(taskId, schema, rule, minUpdates, maxUpdates, attestationQuorum, roundDurationSeconds,
                maxSamples, maxOrgSharePercent, maxPayloadBytes, allowedOrgs, createdBy, ownerMsp, currentVersion,
                currentModelHash, round, txId, timestamp, payloadLayout);
    }
}

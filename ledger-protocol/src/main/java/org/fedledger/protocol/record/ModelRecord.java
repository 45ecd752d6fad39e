package org.fedledger.protocol.record;

import java.util.List;
import org.fedledger.core.model.ContentHash;

/**
 * A global model version (payload in {@link org.fedledger.protocol.key.Collections#MODELS}), under
 * {@link org.fedledger.protocol.key.Keys#model(String, long)}.
 * Version 0 is the task's initial model: round 0, proposal 0, no manifest, attested by nobody.
 *
 * @param taskId the task
 * @param version the version, from 0
 * @param hash the model payload's hash
 * @param size payload size
 * @param chunks payload chunk count
 * @param round the round that produced it (0 for the initial model)
 * @param proposalSeq the proposal that produced it (0 for the initial model)
 * @param manifestHash the proposal's manifest hash; absent for the initial model
 * @param attestedBy organisations that agreed, sorted
 * @param txId the transaction that made it final (or created the task)
 * @param timestamp that transaction's timestamp
 */
@RecordJson.Schema(1)
public record ModelRecord(String taskId, long version, ContentHash hash, long size, int chunks, int round, int proposalSeq,
        @RecordJson.Nullable ContentHash manifestHash, List<String> attestedBy, String txId, long timestamp) {
    /**
     * Copies the list.
     *
     * @param taskId the task
     * @param version the version, from 0
     * @param hash the model payload's hash
     * @param size payload size
     * @param chunks payload chunk count
     * @param round the round that produced it (0 for the initial model)
     * @param proposalSeq the proposal that produced it (0 for the initial model)
     * @param manifestHash the proposal's manifest hash; absent for the initial model
     * @param attestedBy organisations that agreed, sorted
     * @param txId the transaction that made it final (or created the task)
     * @param timestamp that transaction's timestamp
     */
    public ModelRecord {
        attestedBy = Records.copy(attestedBy);
    }
}

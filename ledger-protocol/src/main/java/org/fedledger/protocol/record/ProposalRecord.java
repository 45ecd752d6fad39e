package org.fedledger.protocol.record;

import java.util.Objects;
import org.fedledger.core.manifest.AggregationManifest;
import org.fedledger.core.model.ContentHash;

/**
 * A proposed aggregation (its output payload lives in {@link org.fedledger.protocol.key.Collections#MODELS}), under
 * {@link org.fedledger.protocol.key.Keys#proposal(String, int, int)}.
 *
 * @param taskId the task
 * @param round the round
 * @param seq proposal sequence number within the round, from 1
 * @param manifest the aggregation manifest (stored as its canonical JSON object)
 * @param manifestHash the manifest's hash
 * @param outputHash the output model's hash
 * @param outputSize the output payload's size
 * @param outputChunks the output payload's chunk count
 * @param proposer the aggregator's identity id
 * @param msp the aggregator's organisation
 * @param txId proposing transaction
 * @param timestamp proposing transaction's timestamp
 */
// Version 2: the manifest may carry the rule's per-update evidence (absent for rules that record none).
@RecordJson.Schema(2)
public record ProposalRecord(String taskId, int round, int seq, AggregationManifest manifest, ContentHash manifestHash,
        ContentHash outputHash,
        long outputSize, int outputChunks, String proposer, String msp, String txId, long timestamp) {
    /**
     * Checks the manifest is present.
     *
     * @param taskId the task
     * @param round the round
     * @param seq proposal sequence number within the round, from 1
     * @param manifest the aggregation manifest (stored as its canonical JSON object)
     * @param manifestHash the manifest's hash
     * @param outputHash the output model's hash
     * @param outputSize the output payload's size
     * @param outputChunks the output payload's chunk count
     * @param proposer the aggregator's identity id
     * @param msp the aggregator's organisation
     * @param txId proposing transaction
     * @param timestamp proposing transaction's timestamp
     */
    public ProposalRecord {
        Objects.requireNonNull(manifest, "manifest");
    }
}

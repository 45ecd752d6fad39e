package org.fedledger.sdk;

import java.util.Objects;
import org.fedledger.core.model.Model;
import org.fedledger.protocol.record.ModelRecord;

/**
 * A global model whose bytes the SDK checked against the hash on its ledger record.
 *
 * <pre>{@code
 * VerifiedModel global = trainer.currentModel();
 * myModel.setWeights(global.model());
 * }</pre>
 *
 * @param record the model record (version, hash, lineage)
 * @param model the decoded weights
 */
public record VerifiedModel(ModelRecord record, Model model) {
    /** Checks the fields. */
    public VerifiedModel {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(model, "model");
    }

    /** @return the model's version */
    public long version() {
        return record.version();
    }
}

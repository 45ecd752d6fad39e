package org.fedledger.chaincode.aggregation;

import java.util.Objects;
import org.fedledger.chaincode.access.AccessControl;
import org.fedledger.chaincode.errors.Arguments;
import org.fedledger.chaincode.errors.FedLedgerException;
import org.fedledger.chaincode.ledger.LedgerStore;
import org.fedledger.chaincode.ledger.PayloadStore;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.record.ModelRecord;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.TaskRecord;

/**
 * Global model records and their payloads (version 0 is the task's initial model).
 *
 * <pre>{@code
 * String record = models.get("mnist", "1");
 * byte[] bytes = models.readPayload("mnist", "1");   // checked against the record's hash
 * }</pre>
 */
public final class ModelService {
    private final LedgerStore store;
    private final PayloadStore payloads;
    private final AccessControl access;

    /**
     * Wires the service to one transaction's helpers.
     *
     * @param store the world-state store
     * @param payloads the payload store
     * @param access access control for the creator
     */
    public ModelService(LedgerStore store, PayloadStore payloads, AccessControl access) {
        this.store = Objects.requireNonNull(store, "store");
        this.payloads = Objects.requireNonNull(payloads, "payloads");
        this.access = Objects.requireNonNull(access, "access");
    }

    /**
     * @param taskId the task id
     * @param versionArg the model version as sent (decimal digits)
     * @return the model record as canonical JSON
     * @throws org.fedledger.chaincode.errors.FedLedgerException UNKNOWN_IDENTITY, INVALID_ARGUMENT, NOT_FOUND
     */
    public String get(String taskId, String versionArg) {
        access.require();
        return RecordJson.write(require(taskId, versionArg));
    }

    /**
     * @param taskId the task id
     * @param versionArg the model version as sent (decimal digits)
     * @return the model's bytes, checked against its recorded hash
     * @throws org.fedledger.chaincode.errors.FedLedgerException UNKNOWN_IDENTITY, FORBIDDEN (the creator's
     *     organisation is not in the task), INVALID_ARGUMENT, NOT_FOUND (also when this peer does not hold the
     *     collection), HASH_MISMATCH
     */
    public byte[] readPayload(String taskId, String versionArg) {
        access.require();
        String id = Arguments.taskId(taskId);
        TaskRecord task = store.get(Keys.task(id), TaskRecord.class)
                .orElseThrow(() -> new FedLedgerException(ErrorCode.NOT_FOUND, "task '" + id + "' does not exist"));
        access.requireAllowedOrg(task);
        return payloads.readModel(task, require(taskId, versionArg), access.caller().msp());
    }

    private ModelRecord require(String taskId, String versionArg) {
        String id = Arguments.taskId(taskId);
        long version = Arguments.number("version", versionArg, 0, 9_999_999_999L);
        return store.get(Keys.model(id, version), ModelRecord.class)
                .orElseThrow(() -> new FedLedgerException(ErrorCode.NOT_FOUND, "task '" + id
                        + "' has no model version " + version));
    }
}

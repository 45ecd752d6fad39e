package org.fedledger.chaincode.tasks;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.fedledger.chaincode.access.AccessControl;
import org.fedledger.chaincode.access.Role;
import org.fedledger.chaincode.errors.Arguments;
import org.fedledger.chaincode.errors.ErrorCode;
import org.fedledger.chaincode.events.EventNames;
import org.fedledger.chaincode.events.EventSink;
import org.fedledger.chaincode.ledger.Keys;
import org.fedledger.chaincode.ledger.LedgerStore;
import org.fedledger.chaincode.ledger.ModelRecord;
import org.fedledger.chaincode.ledger.Payload;
import org.fedledger.chaincode.ledger.PayloadStore;
import org.fedledger.chaincode.ledger.TaskRecord;
import org.fedledger.chaincode.ledger.TxInfo;
import org.fedledger.core.json.CanonicalJson;

/**
 * Task creation (with its initial model, version 0) and task look-ups.
 *
 * <pre>{@code
 * String json = tasks.create(taskJson);   // transient model/0..n-1 holds the initial model
 * TaskRecord task = tasks.require("mnist");
 * }</pre>
 */
public final class TaskService {
    private final LedgerStore store;
    private final PayloadStore payloads;
    private final AccessControl access;
    private final EventSink events;
    private final TxInfo tx;
    private final Map<String, byte[]> transientData;

    /** Wires the service to one transaction's helpers. */
    public TaskService(LedgerStore store, PayloadStore payloads, AccessControl access, EventSink events, TxInfo tx,
            Map<String, byte[]> transientData) {
        this.store = Objects.requireNonNull(store, "store");
        this.payloads = Objects.requireNonNull(payloads, "payloads");
        this.access = Objects.requireNonNull(access, "access");
        this.events = Objects.requireNonNull(events, "events");
        this.tx = Objects.requireNonNull(tx, "tx");
        this.transientData = transientData;
    }

    /**
     * Creates a task and its model version 0 from the transient {@code model/*} chunks.
     *
     * @return the task record as canonical JSON
     * @throws org.fedledger.chaincode.errors.FedLedgerException UNKNOWN_IDENTITY, FORBIDDEN,
     *     INVALID_ARGUMENT, ALREADY_EXISTS, MALFORMED_PAYLOAD, PAYLOAD_TOO_LARGE, NON_FINITE_VALUE, SCHEMA_MISMATCH
     */
    public String create(String taskJson) {
        var me = access.require(Role.COORDINATOR);
        TaskDefinition def = TaskDefinition.parse(taskJson);
        String key = Keys.task(def.taskId());
        if (store.exists(key)) {
            throw ErrorCode.ALREADY_EXISTS.exception("task '" + def.taskId() + "' already exists");
        }
        Payload model = Payload.fromTransient(transientData, Payload.MODEL_PREFIX, def.maxPayloadBytes());
        TaskModels.check(def.schema(), model);
        String hash = model.hash().hex();
        TaskRecord task = new TaskRecord(def.taskId(), def.schemaRecord(), def.ruleRecord(), def.minUpdates(),
                def.maxUpdates(), def.attestationQuorum(), def.roundDurationSeconds(), def.maxSamples(),
                def.maxPayloadBytes(), def.allowedOrgs(), me.id(), 0, hash, 0, tx.txId(), tx.epochSecond());
        ModelRecord initial = new ModelRecord(def.taskId(), 0, hash, model.size(), model.chunkCount(), 0, 0, null,
                List.of(), tx.txId(), tx.epochSecond());
        store.put(key, task);
        store.put(Keys.model(def.taskId(), 0), initial);
        payloads.putModel(def.taskId(), 0, 0, model);
        events.emit(EventNames.TASK_CREATED, Map.of("taskId", def.taskId(), "version", 0L, "modelHash", hash));
        return CanonicalJson.toJson(task);
    }

    /**
     * @return the task record as canonical JSON
     * @throws org.fedledger.chaincode.errors.FedLedgerException UNKNOWN_IDENTITY, INVALID_ARGUMENT, NOT_FOUND
     */
    public String get(String taskId) {
        access.require();
        return CanonicalJson.toJson(require(taskId));
    }

    /**
     * @return the task, after checking the id's format
     * @throws org.fedledger.chaincode.errors.FedLedgerException INVALID_ARGUMENT, NOT_FOUND
     */
    public TaskRecord require(String taskId) {
        String id = Arguments.taskId(taskId);
        return store.get(Keys.task(id), TaskRecord.class)
                .orElseThrow(() -> ErrorCode.NOT_FOUND.exception("task '" + id + "' does not exist"));
    }

    /** Writes a changed task record. */
    public void save(TaskRecord task) {
        store.put(Keys.task(task.taskId()), task);
    }
}

package org.fedledger.chaincode.tasks;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.fedledger.chaincode.access.AccessControl;
import org.fedledger.chaincode.errors.Arguments;
import org.fedledger.chaincode.errors.FedLedgerException;
import org.fedledger.chaincode.events.EventSink;
import org.fedledger.chaincode.ledger.LedgerStore;
import org.fedledger.chaincode.ledger.Payload;
import org.fedledger.chaincode.ledger.PayloadStore;
import org.fedledger.chaincode.ledger.TxInfo;
import org.fedledger.chaincode.privacy.PrivacyService;
import org.fedledger.core.model.ContentHash;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.event.LedgerEvent;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.key.PayloadLayout;
import org.fedledger.protocol.key.TransientKeys;
import org.fedledger.protocol.record.ModelRecord;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.Role;
import org.fedledger.protocol.record.TaskIncentivesRecord;
import org.fedledger.protocol.record.TaskRecord;

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
    private final PrivacyService privacy;

    /**
     * Wires the service to one transaction's helpers.
     *
     * @param store the world-state store
     * @param payloads the payload store
     * @param access access control for the creator
     * @param events the transaction's event sink
     * @param tx the transaction's id and timestamp
     * @param transientData the transaction's transient data (may be null)
     * @param privacy privacy budgets, for a task with differential privacy
     */
    public TaskService(LedgerStore store, PayloadStore payloads, AccessControl access, EventSink events, TxInfo tx,
            Map<String, byte[]> transientData, PrivacyService privacy) {
        this.store = Objects.requireNonNull(store, "store");
        this.payloads = Objects.requireNonNull(payloads, "payloads");
        this.access = Objects.requireNonNull(access, "access");
        this.events = Objects.requireNonNull(events, "events");
        this.tx = Objects.requireNonNull(tx, "tx");
        this.transientData = transientData;
        this.privacy = Objects.requireNonNull(privacy, "privacy");
    }

    /**
     * Creates a task and its model version 0 from the transient {@code model/*} chunks.
     *
     * @param taskJson the task definition as JSON
     * @return the task record as canonical JSON
     * @throws org.fedledger.chaincode.errors.FedLedgerException UNKNOWN_IDENTITY, FORBIDDEN,
     *     INVALID_ARGUMENT, ALREADY_EXISTS, MALFORMED_PAYLOAD, PAYLOAD_TOO_LARGE, NON_FINITE_VALUE, SCHEMA_MISMATCH,
     *     NOT_FOUND (a dataset the task binds does not exist), PRIVACY_RULE_UNSUPPORTED
     */
    public String create(String taskJson) {
        var me = access.require(Role.COORDINATOR);
        TaskDefinition def = TaskDefinition.parse(taskJson);
        if (!def.allowedOrgs().contains(access.caller().msp())) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson.allowedOrgs", "allowedOrgs "
                    + def.allowedOrgs() + " must include your organisation " + access.caller().msp()
                    + ", which will run the task's rounds");
        }
        String key = Keys.task(def.taskId());
        if (store.exists(key)) {
            throw new FedLedgerException(ErrorCode.ALREADY_EXISTS, "task '" + def.taskId() + "' already exists");
        }
        Payload model = Payload.fromTransient(transientData, TransientKeys.MODEL_PREFIX, def.maxPayloadBytes());
        TaskModels.check(def.schema(), model);
        payloads.requireCollectionsOf(def.allowedOrgs(), def.rule().hierarchical());
        ContentHash hash = model.hash();
        TaskRecord task = new TaskRecord(def.taskId(), def.schemaRecord(), def.ruleRecord(), def.minUpdates(),
                def.maxUpdates(), def.attestationQuorum(), def.roundDurationSeconds(), def.maxSamples(),
                def.maxOrgSharePercent(), def.maxPayloadBytes(), def.allowedOrgs(), me.id(), access.caller().msp(), 0,
                hash, 0, tx.txId(), tx.epochSecond(), PayloadLayout.PER_ORGANISATION);
        ModelRecord initial = new ModelRecord(def.taskId(), 0, hash, model.size(), model.chunkCount(), 0, 0, null,
                List.of(), tx.txId(), tx.epochSecond());
        if (def.differentialPrivacy() != null) {
            privacy.bindTask(def.taskId(), def.differentialPrivacy(), def.allowedOrgs());
        }
        store.put(key, task);
        def.privacyRecord(tx.txId(), tx.epochSecond()).ifPresent(p -> store.put(Keys.secureAggregation(def.taskId()), p));
        def.incentives().ifPresent(rules -> store.put(Keys.taskIncentives(def.taskId()),
                new TaskIncentivesRecord(def.taskId(), rules, tx.txId(), tx.epochSecond())));
        store.put(Keys.model(def.taskId(), 0), initial);
        payloads.putModel(task, 0, 0, model);
        events.emit(new LedgerEvent.TaskCreated(def.taskId(), 0L, hash));
        return RecordJson.write(task);
    }

    /**
     * @param taskId the task id
     * @return the task record as canonical JSON
     * @throws org.fedledger.chaincode.errors.FedLedgerException UNKNOWN_IDENTITY, INVALID_ARGUMENT, NOT_FOUND
     */
    public String get(String taskId) {
        access.require();
        return RecordJson.write(require(taskId));
    }

    /**
     * @param task a task
     * @return its incentive rules, empty when it has none
     */
    public Optional<TaskIncentivesRecord> incentives(TaskRecord task) {
        return store.get(Keys.taskIncentives(task.taskId()), TaskIncentivesRecord.class);
    }

    /**
     * @param taskId the task id
     * @return the task, after checking the id's format
     * @throws org.fedledger.chaincode.errors.FedLedgerException INVALID_ARGUMENT, NOT_FOUND
     */
    public TaskRecord require(String taskId) {
        String id = Arguments.taskId(taskId);
        return store.get(Keys.task(id), TaskRecord.class)
                .orElseThrow(() -> new FedLedgerException(ErrorCode.NOT_FOUND, "task '" + id + "' does not exist"));
    }

    /**
     * Writes a changed task record.
     *
     * @param task the task record
     */
    public void save(TaskRecord task) {
        store.put(Keys.task(task.taskId()), task);
    }
}

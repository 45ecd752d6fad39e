package org.fedledger.chaincode.updates;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.fedledger.chaincode.access.AccessControl;
import org.fedledger.chaincode.access.Caller;
import org.fedledger.chaincode.errors.Arguments;
import org.fedledger.chaincode.access.Caller;
import org.fedledger.chaincode.errors.FedLedgerException;
import org.fedledger.chaincode.hierarchy.PartialSumService;
import org.fedledger.chaincode.events.EventSink;
import org.fedledger.chaincode.incentives.IncentiveService;
import org.fedledger.chaincode.ledger.LedgerStore;
import org.fedledger.chaincode.ledger.Payload;
import org.fedledger.chaincode.ledger.PayloadStore;
import org.fedledger.chaincode.ledger.TxInfo;
import org.fedledger.chaincode.privacy.PrivacyService;
import org.fedledger.chaincode.rounds.RoundService;
import org.fedledger.chaincode.secure.SecureTasks;
import org.fedledger.chaincode.tasks.TaskModels;
import org.fedledger.chaincode.tasks.TaskService;
import org.fedledger.core.model.ContentHash;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.event.LedgerEvent;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.record.PrivacyRecord;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.Role;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.RoundState;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.record.UpdateRecord;
import org.fedledger.protocol.transaction.PayloadBatch;

/**
 * Trainers' updates: submission (invariants 1, 2, 3, 9 of {@code docs/architecture.md}), listings
 * and payload reads.
 *
 * <pre>{@code
 * // transient: payload/0 .. payload/n-1
 * String record = updates.submit("mnist", "1", hashHex, "600", "0");
 * }</pre>
 */
public final class UpdateService {
    private final LedgerStore store;
    private final PayloadStore payloads;
    private final TaskService tasks;
    private final RoundService rounds;
    private final AccessControl access;
    private final EventSink events;
    private final TxInfo tx;
    private final SecureTasks secureTasks;
    private final Map<String, byte[]> transientData;
    private final PrivacyService privacy;
    private final PartialSumService partials;

    /**
     * Wires the service to one transaction's helpers.
     *
     * @param store the world-state store
     * @param payloads the payload store
     * @param tasks the task service
     * @param rounds the round service
     * @param access access control for the creator
     * @param events the transaction's event sink
     * @param tx the transaction's id and timestamp
     * @param transientData the transaction's transient data (may be null)
     * @param privacy privacy budgets, which an update of a task with differential privacy spends
     */
    public UpdateService(LedgerStore store, PayloadStore payloads, TaskService tasks, RoundService rounds,
            AccessControl access, EventSink events, TxInfo tx, Map<String, byte[]> transientData,
            PrivacyService privacy) {
        this.store = Objects.requireNonNull(store, "store");
        this.payloads = Objects.requireNonNull(payloads, "payloads");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.rounds = Objects.requireNonNull(rounds, "rounds");
        this.access = Objects.requireNonNull(access, "access");
        this.events = Objects.requireNonNull(events, "events");
        this.tx = Objects.requireNonNull(tx, "tx");
        this.secureTasks = new SecureTasks(store, tx);
        this.transientData = transientData;
        this.privacy = Objects.requireNonNull(privacy, "privacy");
        this.partials = new PartialSumService(store, payloads, tasks, rounds, access, events, tx, transientData);
    }

    /**
     * Accepts the creator's update for an OPEN round. The contributor and organisation come from the
     * creator's certificate. The round key is always read, so a submit simulated before a close and
     * committed after it fails MVCC validation. An identical resubmission (same hash and samples)
     * returns the existing record and writes nothing.
     *
     * @param taskId the task id
     * @param roundArg the round number as sent (decimal digits)
     * @param hashArg the payload hash as sent (64 lowercase hex characters)
     * @param samplesArg the declared sample count as sent (decimal digits)
     * @param baseVersionArg the base model version as sent (decimal digits)
     * @return the update record as canonical JSON
     * @throws org.fedledger.chaincode.errors.FedLedgerException UNKNOWN_IDENTITY, FORBIDDEN,
     *     INVALID_ARGUMENT, MALFORMED_HASH, NOT_FOUND, MALFORMED_PAYLOAD, PAYLOAD_TOO_LARGE, HASH_MISMATCH,
     *     DUPLICATE_UPDATE, ROUND_NOT_OPEN, STALE_BASE_MODEL, NON_FINITE_VALUE, SCHEMA_MISMATCH,
     *     PAYLOAD_SIZE_MISMATCH, PRIVACY_BUDGET_EXCEEDED, CONTRIBUTOR_SUSPENDED; for a secure task also NOT_IN_COHORT
     *     (nothing written)
     */
    public String submit(String taskId, String roundArg, String hashArg, String samplesArg, String baseVersionArg) {
        TaskRecord task = tasks.require(taskId);
        access.requireInTask(task, Role.TRAINER);
        Caller me = access.caller();
        int number = RoundService.roundNumber(roundArg);
        RoundRecord round = rounds.require(task.taskId(), number);
        new IncentiveService(store, tasks, access, tx).requireNotSuspended(task, number, me.id());
        ContentHash hash = Arguments.hash("hash", hashArg);
        Optional<PrivacyRecord> secure = secureTasks.of(task.taskId());
        long samples = Arguments.number("samples", samplesArg, 1,
                secure.map(PrivacyRecord::maxSamplesPerUpdate).orElse(task.maxSamples()));
        long baseVersion = Arguments.number("baseVersion", baseVersionArg, 0, Long.MAX_VALUE);
        Payload payload = secure.isPresent() ? TaskModels.receiveMaskedUpdate(task, transientData)
                : TaskModels.receiveUpdate(task, transientData);
        if (!payload.hash().equals(hash)) {
            throw new FedLedgerException(ErrorCode.HASH_MISMATCH, "the payload's SHA-256 is " + payload.hash().hex()
                    + " but the hash argument says " + hash.hex() + "; hash exactly the bytes you send");
        }
        String key = Keys.update(task.taskId(), number, me.id());
        boolean internal = task.rule().spec().hierarchical();
        Optional<UpdateRecord> existing = internal ? payloads.internalUpdate(me.msp(), task.taskId(), number, me.id())
                : store.get(key, UpdateRecord.class);
        if (existing.isPresent()) {
            UpdateRecord old = existing.get();
            if (old.hash().equals(hash) && old.samples() == samples && old.baseVersion() == baseVersion) {
                return RecordJson.write(old);
            }
            throw new FedLedgerException(ErrorCode.DUPLICATE_UPDATE, "you already submitted a different update (hash "
                    + old.hash()
                    + ", " + old.samples() + " samples) for round " + number + " of task '" + task.taskId()
                    + "'; one update per round");
        }
        if (round.state() != RoundState.OPEN) {
            throw new FedLedgerException(ErrorCode.ROUND_NOT_OPEN, "round " + number + " of task '" + task.taskId()
                    + "' is "
                    + round.state() + "; wait for the next round");
        }
        // Only the deadline binds a submit: a round's opening time is its coordinator's clock, and an
        // honest trainer whose clock is behind it must not be shut out.
        if (tx.isAfter(round.deadline())) {
            throw new FedLedgerException(ErrorCode.ROUND_NOT_OPEN, "the transaction timestamp " + tx.time()
                    + " is after round " + number + "'s deadline " + TxInfo.time(round.deadline()));
        }
        // A buffered task accepts updates trained from any of its last max_staleness + 1 global versions
        // (weighted down at the close); a synchronous one only from the round's base.
        int maxStaleness = task.rule().spec().maxStaleness();
        if (baseVersion > round.baseVersion() || round.baseVersion() - baseVersion > maxStaleness) {
            throw new FedLedgerException(ErrorCode.STALE_BASE_MODEL, "round " + number + " trains from model version "
                    + round.baseVersion() + (maxStaleness == 0 ? ", not " + baseVersion
                            : " and accepts updates trained from versions " + Math.max(0, round.baseVersion()
                                    - maxStaleness) + " to " + round.baseVersion() + ", not " + baseVersion)
                    + "; fetch the current global model and retrain");
        }
        if (secure.isPresent()) {
            secureTasks.acceptShares(task, number, me.id(), transientData); // every word of a masked payload is valid
        } else {
            TaskModels.checkUpdate(task, payload);
        }
        if (internal) {
            return submitInternal(task, number, me, hash, payload, samples, baseVersion);
        }
        privacy.spend(task, me.msp());
        UpdateRecord record = new UpdateRecord(task.taskId(), number, me.id(), me.msp(), hash, payload.size(),
                payload.chunkCount(), samples, baseVersion, tx.txId(), tx.epochSecond());
        store.put(key, record);
        store.putRaw(Keys.contrib(me.id(), task.taskId(), number), key.getBytes(StandardCharsets.UTF_8));
        payloads.putUpdate(task, number, me.id(), payload);
        events.emit(new LedgerEvent.UpdateAccepted(task.taskId(), number, me.id(), me.msp(), hash, key));
        return RecordJson.write(record);
    }

    /**
     * A hierarchical task's update: the record and payload go into the trainer's organisation's internal
     * collection and nothing public is written, so the transaction is endorsed under that collection's own
     * policy by the organisation's peers alone. Refused once the organisation published its partial sum.
     */
    private String submitInternal(TaskRecord task, int number, Caller me, ContentHash hash, Payload payload,
            long samples, long baseVersion) {
        partials.requireNotSummed(task, number, me);
        UpdateRecord record = new UpdateRecord(task.taskId(), number, me.id(), me.msp(), hash, payload.size(),
                payload.chunkCount(), samples, baseVersion, tx.txId(), tx.epochSecond());
        payloads.putInternalUpdate(record, payload);
        events.emit(new LedgerEvent.InternalUpdateAccepted(task.taskId(), number, me.msp()));
        return RecordJson.write(record);
    }

    /**
     * The round's update records: for a hierarchical task, those of its attested partial sums (its
     * trainers' own records stay in their organisations).
     *
     * @param taskId the task id
     * @param roundArg the round number as sent (decimal digits)
     * @return the round's update records in key order, as a canonical JSON array
     * @throws org.fedledger.chaincode.errors.FedLedgerException UNKNOWN_IDENTITY, INVALID_ARGUMENT, NOT_FOUND
     */
    public String list(String taskId, String roundArg) {
        access.require();
        TaskRecord task = tasks.require(taskId);
        int number = RoundService.roundNumber(roundArg);
        rounds.require(task.taskId(), number);
        return RecordJson.write(rounds.updatesOf(task, number));
    }

    /**
     * @param contributorId the contributor's identity id
     * @return every update record of that contributor, in (task, round) order, as a canonical JSON array
     * @throws org.fedledger.chaincode.errors.FedLedgerException UNKNOWN_IDENTITY, INVALID_ARGUMENT
     */
    public String history(String contributorId) {
        access.require();
        String id = Arguments.text("contributorId", contributorId);
        List<UpdateRecord> out = new ArrayList<>();
        for (byte[] updateKey : store.listRaw(Keys.CONTRIB, id)) {
            store.get(new String(updateKey, StandardCharsets.UTF_8), UpdateRecord.class).ifPresent(out::add);
        }
        return RecordJson.write(out);
    }

    /**
     * @param taskId the task id
     * @param roundArg the round number as sent (decimal digits)
     * @param contributorId the contributor's identity id
     * @return the update's payload bytes, checked against its recorded hash
     * @throws org.fedledger.chaincode.errors.FedLedgerException UNKNOWN_IDENTITY, FORBIDDEN,
     *     INVALID_ARGUMENT, NOT_FOUND (also when this peer does not hold the collection), HASH_MISMATCH
     */
    public byte[] readPayload(String taskId, String roundArg, String contributorId) {
        TaskRecord task = tasks.require(taskId);
        var reader = access.requireInTask(task, Role.AGGREGATOR, Role.VERIFIER, Role.AUDITOR);
        String id = task.taskId();
        int number = RoundService.roundNumber(roundArg);
        String contributor = Arguments.text("contributorId", contributorId);
        UpdateRecord update = store.get(Keys.update(id, number, contributor), UpdateRecord.class)
                .orElseThrow(() -> new FedLedgerException(ErrorCode.NOT_FOUND, "no update by " + contributor
                        + " in round " + number
                        + " of task '" + id + "'"));
        return payloads.readUpdate(task, update, reader.msp());
    }

    /**
     * Several updates' payloads in one response, each read and checked as {@link #readPayload} does.
     *
     * @param taskId the task id
     * @param roundArg the round number as sent (decimal digits)
     * @param contributorsJson the contributors' identity ids, as {@link PayloadBatch#idsArgument}
     * @return a {@link PayloadBatch}: the payloads of the longest prefix of the list that fits, at least one
     * @throws org.fedledger.chaincode.errors.FedLedgerException as {@link #readPayload}, for the first id that
     *     fails; INVALID_ARGUMENT for a list that is not one
     */
    public byte[] readPayloads(String taskId, String roundArg, String contributorsJson) {
        TaskRecord task = tasks.require(taskId);
        var reader = access.requireInTask(task, Role.AGGREGATOR, Role.VERIFIER, Role.AUDITOR);
        int number = RoundService.roundNumber(roundArg);
        return PayloadBatch.collect(Arguments.ids("contributorsJson", contributorsJson),
                contributor -> store.get(Keys.update(task.taskId(), number, contributor), UpdateRecord.class)
                        .orElseThrow(() -> new FedLedgerException(ErrorCode.NOT_FOUND, "no update by " + contributor
                                + " in round " + number + " of task '" + task.taskId() + "'")),
                UpdateRecord::size, update -> payloads.readUpdate(task, update, reader.msp()));
    }
}

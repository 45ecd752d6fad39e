package org.fedledger.chaincode.hierarchy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.fedledger.chaincode.access.AccessControl;
import org.fedledger.chaincode.access.Caller;
import org.fedledger.chaincode.errors.Arguments;
import org.fedledger.chaincode.errors.FedLedgerException;
import org.fedledger.chaincode.events.EventSink;
import org.fedledger.chaincode.ledger.LedgerStore;
import org.fedledger.chaincode.ledger.Payload;
import org.fedledger.chaincode.ledger.PayloadStore;
import org.fedledger.chaincode.ledger.TxInfo;
import org.fedledger.chaincode.rounds.RoundService;
import org.fedledger.chaincode.tasks.TaskModels;
import org.fedledger.chaincode.tasks.TaskService;
import org.fedledger.core.model.ContentHash;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.event.LedgerEvent;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.record.ParticipantRecord;
import org.fedledger.protocol.record.PartialSumRecord;
import org.fedledger.protocol.record.RecordFormatException;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.Role;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.RoundState;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.record.UpdateRecord;
import org.fedledger.protocol.transaction.PayloadBatch;

/**
 * The partial sums of hierarchical rounds (docs/round-modes.md). A trainer's update of a hierarchical
 * task stays in its organisation's internal collection ({@code UpdateService}); the organisation's
 * aggregator publishes the exact sum of its trainers' updates with their records, which every endorsing
 * peer checks against the hashes of the private records (every peer of the channel holds those, member
 * of the collection or not); a verifier of the same organisation, another identity, recomputes the sum
 * from the internal updates and attests it; a round's close admits the updates of its attested partial
 * sums. Nobody outside the organisation can check the sum itself: the organisation answers for it by two
 * of its identities, while its trainers, their samples and their updates' hashes are on the public ledger.
 *
 * <pre>{@code
 * partials.publish("mnist", "3", hashHex, updatesJson); // Org1's aggregator, payload in transient data
 * partials.attest("mnist", "3", "Org1MSP", hashHex);    // Org1's verifier, after recomputing it
 * }</pre>
 */
public final class PartialSumService {
    private final LedgerStore store;
    private final PayloadStore payloads;
    private final TaskService tasks;
    private final RoundService rounds;
    private final AccessControl access;
    private final EventSink events;
    private final TxInfo tx;
    private final Map<String, byte[]> transientData;

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
     */
    public PartialSumService(LedgerStore store, PayloadStore payloads, TaskService tasks, RoundService rounds,
            AccessControl access, EventSink events, TxInfo tx, Map<String, byte[]> transientData) {
        this.store = Objects.requireNonNull(store, "store");
        this.payloads = Objects.requireNonNull(payloads, "payloads");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.rounds = Objects.requireNonNull(rounds, "rounds");
        this.access = Objects.requireNonNull(access, "access");
        this.events = Objects.requireNonNull(events, "events");
        this.tx = Objects.requireNonNull(tx, "tx");
        this.transientData = transientData;
    }

    /**
     * Publishes the caller's organisation's partial sum of an OPEN round: the payload (8 bytes a parameter)
     * in transient data, the summed internal update records as a JSON array. Each record must be one that
     * a trainer of the caller's organisation committed to this round from its base model: the SHA-256 of
     * its canonical bytes must equal the hash the ledger holds for that private key. Publishing the
     * same partial sum again returns the record and writes nothing.
     *
     * @param taskId the task id
     * @param roundArg the round number as sent
     * @param hashArg the payload hash as sent
     * @param updatesJson the summed update records, a JSON array in contributor order
     * @return the partial sum record as canonical JSON
     * @throws FedLedgerException UNKNOWN_IDENTITY, FORBIDDEN, INVALID_ARGUMENT (not hierarchical, no or
     *     repeated records, records of another task, round, organisation or base, more updates than a round
     *     takes), NOT_FOUND (a record no trainer committed), HASH_MISMATCH (a record that differs from the
     *     committed one, a payload that differs from its hash), ROUND_NOT_OPEN, DUPLICATE_UPDATE (another
     *     partial sum of the organisation), PAYLOAD_SIZE_MISMATCH; nothing written
     */
    public String publish(String taskId, String roundArg, String hashArg, String updatesJson) {
        TaskRecord task = hierarchical(taskId);
        ParticipantRecord me = access.requireInTask(task, Role.AGGREGATOR);
        int number = RoundService.roundNumber(roundArg);
        RoundRecord round = rounds.require(task.taskId(), number);
        ContentHash hash = Arguments.hash("hash", hashArg);
        List<UpdateRecord> updates = updates(updatesJson);
        String key = Keys.partialSum(task.taskId(), number, me.msp());
        Optional<PartialSumRecord> existing = store.get(key, PartialSumRecord.class);
        if (existing.isPresent()) {
            if (existing.get().hash().equals(hash) && existing.get().updates().equals(updates)) {
                return RecordJson.write(existing.get());
            }
            throw new FedLedgerException(ErrorCode.DUPLICATE_UPDATE, "organisation " + me.msp() + " already published"
                    + " its partial sum (hash " + existing.get().hash() + ") of round " + number + " of task '"
                    + task.taskId() + "'; one partial sum per organisation and round");
        }
        requireOpen(task, round);
        long samples = 0;
        String previous = null;
        for (UpdateRecord u : updates) {
            if (!u.taskId().equals(task.taskId()) || u.round() != number || !u.msp().equals(me.msp())
                    || u.baseVersion() != round.baseVersion()) {
                throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "updatesJson", "update of " + u.contributor()
                        + " is of task '" + u.taskId() + "' round " + u.round() + " by " + u.msp() + " from version "
                        + u.baseVersion() + "; a partial sum of " + me.msp() + " sums its own trainers' updates of"
                        + " round " + number + " from version " + round.baseVersion());
            }
            if (previous != null && previous.compareTo(u.contributor()) >= 0) {
                throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "updatesJson", "updates must be in strictly"
                        + " increasing contributor order, each once; " + u.contributor() + " follows " + previous);
            }
            previous = u.contributor();
            ContentHash committed = payloads.internalRecordHash(me.msp(), task.taskId(), number, u.contributor())
                    .orElseThrow(() -> new FedLedgerException(ErrorCode.NOT_FOUND, "no internal update of "
                            + u.contributor() + " was committed to round " + number + " of task '" + task.taskId()
                            + "'"));
            if (!committed.equals(ContentHash.of(PayloadStore.internalRecordBytes(u)))) {
                throw new FedLedgerException(ErrorCode.HASH_MISMATCH, "the update record of " + u.contributor()
                        + " differs from the one its trainer committed (private hash " + committed.hex() + ")");
            }
            samples += u.samples();
        }
        // Capacity across organisations is the close's (HierarchicalRoundInputs.admittedSums): reading the
        // other organisations' partial sums here would make their publications invalidate each other.
        if (updates.size() > task.maxUpdates()) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "updatesJson", "round " + number + " takes at"
                    + " most " + task.maxUpdates() + " updates; this partial sum sums " + updates.size());
        }
        Payload payload = TaskModels.receiveMaskedUpdate(task, transientData);
        if (!payload.hash().equals(hash)) {
            throw new FedLedgerException(ErrorCode.HASH_MISMATCH, "the payload's SHA-256 is " + payload.hash().hex()
                    + " but the hash argument says " + hash.hex() + "; hash exactly the bytes you send");
        }
        PartialSumRecord record = new PartialSumRecord(task.taskId(), number, me.msp(), me.id(), updates, samples, hash,
                payload.size(), payload.chunkCount(), null, tx.txId(), tx.txId(), tx.epochSecond());
        store.put(key, record);
        payloads.putPartialSum(task, number, me.msp(), payload);
        events.emit(new LedgerEvent.PartialSumPublished(task.taskId(), number, me.msp(), hash, updates.size()));
        return RecordJson.write(record);
    }

    /**
     * A verifier of the summing organisation, another identity than its publisher, attests that it
     * recomputed the partial sum from the internal updates it names; the round's close then admits them.
     *
     * @param taskId the task id
     * @param roundArg the round number as sent
     * @param mspArg the summing organisation (the caller's own)
     * @param hashArg the hash the verifier recomputed
     * @return the attested record as canonical JSON (attesting again changes nothing)
     * @throws FedLedgerException UNKNOWN_IDENTITY, FORBIDDEN (a verifier of another organisation, or the
     *     publisher itself), INVALID_ARGUMENT, NOT_FOUND, HASH_MISMATCH (the recomputed hash differs),
     *     ROUND_NOT_OPEN
     */
    public String attest(String taskId, String roundArg, String mspArg, String hashArg) {
        TaskRecord task = hierarchical(taskId);
        ParticipantRecord me = access.requireInTask(task, Role.VERIFIER);
        int number = RoundService.roundNumber(roundArg);
        String msp = Arguments.mspId("msp", mspArg);
        ContentHash hash = Arguments.hash("hash", hashArg);
        if (!msp.equals(me.msp())) {
            throw new FedLedgerException(ErrorCode.FORBIDDEN, "only a verifier of " + msp + " attests its partial sum;"
                    + " you are of " + me.msp());
        }
        PartialSumRecord partial = require(task.taskId(), number, msp);
        if (partial.aggregator().equals(me.id())) {
            throw new FedLedgerException(ErrorCode.FORBIDDEN, "the identity that published a partial sum cannot"
                    + " attest it; a second identity of " + msp + " must recompute it");
        }
        if (!partial.hash().equals(hash)) {
            throw new FedLedgerException(ErrorCode.HASH_MISMATCH, "the partial sum of " + msp + " has hash "
                    + partial.hash().hex() + ", not the recomputed " + hash.hex() + "; do not attest a sum you"
                    + " could not reproduce");
        }
        if (partial.attested()) {
            return RecordJson.write(partial);
        }
        requireOpen(task, rounds.require(task.taskId(), number));
        PartialSumRecord attested = partial.attestedBy(me.id(), tx.txId(), tx.epochSecond());
        store.put(Keys.partialSum(task.taskId(), number, msp), attested);
        events.emit(new LedgerEvent.PartialSumAttested(task.taskId(), number, msp, hash, partial.updates().size()));
        return RecordJson.write(attested);
    }

    /**
     * @param taskId the task id
     * @param roundArg the round number as sent
     * @return the round's partial sum records, in MSP order, as a canonical JSON array
     * @throws FedLedgerException UNKNOWN_IDENTITY, INVALID_ARGUMENT, NOT_FOUND
     */
    public String listJson(String taskId, String roundArg) {
        access.require();
        TaskRecord task = tasks.require(taskId);
        int number = RoundService.roundNumber(roundArg);
        rounds.require(task.taskId(), number);
        return RecordJson.write(rounds.partialSums(task.taskId(), number));
    }


    /**
     * @param taskId the task id
     * @param roundArg the round number as sent
     * @param mspArg the summing organisation
     * @return the partial sum's payload bytes, checked against its hash
     * @throws FedLedgerException UNKNOWN_IDENTITY, FORBIDDEN, INVALID_ARGUMENT, NOT_FOUND, HASH_MISMATCH
     */
    public byte[] readPayload(String taskId, String roundArg, String mspArg) {
        TaskRecord task = tasks.require(taskId);
        ParticipantRecord reader = access.requireInTask(task, Role.AGGREGATOR, Role.VERIFIER, Role.AUDITOR);
        PartialSumRecord partial = require(task.taskId(), RoundService.roundNumber(roundArg),
                Arguments.mspId("msp", mspArg));
        return payloads.readPartialSum(task, partial, reader.msp());
    }

    /**
     * The caller's own organisation's internal update records of a round, for its aggregator and verifiers.
     *
     * @param taskId the task id
     * @param roundArg the round number as sent
     * @return the records as this peer holds them, in key order, as a canonical JSON array
     * @throws FedLedgerException UNKNOWN_IDENTITY, FORBIDDEN, INVALID_ARGUMENT, NOT_FOUND
     */
    public String listInternal(String taskId, String roundArg) {
        TaskRecord task = hierarchical(taskId);
        ParticipantRecord me = access.requireInTask(task, Role.AGGREGATOR, Role.VERIFIER);
        int number = RoundService.roundNumber(roundArg);
        rounds.require(task.taskId(), number);
        return RecordJson.write(payloads.internalUpdates(me.msp(), task.taskId(), number));
    }

    /**
     * An internal update's payload, for its own organisation's aggregator and verifiers.
     *
     * @param taskId the task id
     * @param roundArg the round number as sent
     * @param contributorId the trainer's identity id
     * @return the payload bytes, checked against the record's hash
     * @throws FedLedgerException UNKNOWN_IDENTITY, FORBIDDEN, INVALID_ARGUMENT, NOT_FOUND, HASH_MISMATCH
     */
    public byte[] readInternalPayload(String taskId, String roundArg, String contributorId) {
        TaskRecord task = hierarchical(taskId);
        ParticipantRecord me = access.requireInTask(task, Role.AGGREGATOR, Role.VERIFIER);
        int number = RoundService.roundNumber(roundArg);
        String contributor = Arguments.text("contributorId", contributorId);
        UpdateRecord update = payloads.internalUpdate(me.msp(), task.taskId(), number, contributor)
                .orElseThrow(() -> new FedLedgerException(ErrorCode.NOT_FOUND, "no internal update of " + contributor
                        + " in round " + number + " of task '" + task.taskId() + "' on this peer of " + me.msp()));
        return payloads.readInternalUpdate(update);
    }

    /**
     * Several internal updates' payloads in one response, each read and checked as {@link #readInternalPayload}.
     *
     * @param taskId the task id
     * @param roundArg the round number as sent
     * @param contributorsJson the trainers' identity ids, as {@link PayloadBatch#idsArgument}
     * @return a {@link PayloadBatch}: the payloads of the longest prefix of the list that fits, at least one
     * @throws FedLedgerException as {@link #readInternalPayload}, for the first id that fails; INVALID_ARGUMENT
     *     for a list that is not one
     */
    public byte[] readInternalPayloads(String taskId, String roundArg, String contributorsJson) {
        TaskRecord task = hierarchical(taskId);
        ParticipantRecord me = access.requireInTask(task, Role.AGGREGATOR, Role.VERIFIER);
        int number = RoundService.roundNumber(roundArg);
        return PayloadBatch.collect(Arguments.ids("contributorsJson", contributorsJson),
                contributor -> payloads.internalUpdate(me.msp(), task.taskId(), number, contributor)
                        .orElseThrow(() -> new FedLedgerException(ErrorCode.NOT_FOUND, "no internal update of "
                                + contributor + " in round " + number + " of task '" + task.taskId()
                                + "' on this peer of " + me.msp())),
                UpdateRecord::size, payloads::readInternalUpdate);
    }

    /**
     * @param task a hierarchical task
     * @param round the round a trainer of {@code caller} submits to
     * @param caller the trainer
     * @throws FedLedgerException ROUND_NOT_OPEN once the trainer's organisation published its partial sum
     *     of the round (a later update would be summed by nobody)
     */
    public void requireNotSummed(TaskRecord task, int round, Caller caller) {
        Optional<PartialSumRecord> published = store.get(Keys.partialSum(task.taskId(), round, caller.msp()),
                PartialSumRecord.class);
        if (published.isPresent()) {
            throw new FedLedgerException(ErrorCode.ROUND_NOT_OPEN, "organisation " + caller.msp() + " already"
                    + " published its partial sum of round " + round + " of task '" + task.taskId()
                    + "'; wait for the next round");
        }
    }

    private TaskRecord hierarchical(String taskId) {
        TaskRecord task = tasks.require(taskId);
        if (!task.rule().spec().hierarchical()) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskId", "task '" + task.taskId()
                    + "' is not hierarchical: its trainers submit their updates to every organisation");
        }
        return task;
    }

    private PartialSumRecord require(String taskId, int round, String msp) {
        return store.get(Keys.partialSum(taskId, round, msp), PartialSumRecord.class)
                .orElseThrow(() -> new FedLedgerException(ErrorCode.NOT_FOUND, "organisation " + msp
                        + " published no partial sum of round " + round + " of task '" + taskId + "'"));
    }

    private void requireOpen(TaskRecord task, RoundRecord round) {
        if (round.state() != RoundState.OPEN || tx.isAfter(round.deadline())) {
            throw new FedLedgerException(ErrorCode.ROUND_NOT_OPEN, "round " + round.round() + " of task '"
                    + task.taskId() + "' is " + round.state() + (round.state() == RoundState.OPEN ? " past its deadline"
                            : "") + "; a partial sum counts only while its round is open");
        }
    }

    private static List<UpdateRecord> updates(String json) {
        if (json == null) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "updatesJson", "updatesJson is missing");
        }
        List<UpdateRecord> out;
        try {
            out = new ArrayList<>(RecordJson.readList(json, UpdateRecord.class));
        } catch (RecordFormatException e) {
            String field = "updatesJson" + e.path().substring(1);
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, field, field + ": " + e.problem());
        }
        if (out.isEmpty()) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "updatesJson", "a partial sum sums at least one"
                    + " update");
        }
        return out;
    }
}

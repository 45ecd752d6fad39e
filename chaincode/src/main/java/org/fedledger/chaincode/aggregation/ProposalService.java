package org.fedledger.chaincode.aggregation;

import java.util.Map;
import java.util.Objects;
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
import org.fedledger.chaincode.secure.SecureTasks;
import org.fedledger.chaincode.tasks.TaskModels;
import org.fedledger.chaincode.tasks.TaskService;
import org.fedledger.core.manifest.AggregationManifest;
import org.fedledger.core.manifest.ManifestMismatchException;
import org.fedledger.core.model.ContentHash;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.event.LedgerEvent;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.key.TransientKeys;
import org.fedledger.protocol.mapping.RoundInputs;
import org.fedledger.protocol.record.ProposalRecord;
import org.fedledger.protocol.record.Quorum;
import org.fedledger.protocol.record.RecordFormatException;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.Role;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.RoundState;
import org.fedledger.protocol.record.TaskRecord;

/**
 * Aggregators' proposals. The chaincode checks the manifest against the closed round and the task
 * (it does not recompute the aggregation; verifiers do) and stores the output model's chunks.
 *
 * <pre>{@code
 * // transient: model/0 .. model/n-1 = ModelCodec.encode(output)
 * String proposal = proposals.propose("mnist", "1", RecordJson.write(manifest));
 * }</pre>
 */
public final class ProposalService {
    private final LedgerStore store;
    private final PayloadStore payloads;
    private final TaskService tasks;
    private final RoundService rounds;
    private final AccessControl access;
    private final EventSink events;
    private final TxInfo tx;
    private final SecureTasks secureTasks;
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
    public ProposalService(LedgerStore store, PayloadStore payloads, TaskService tasks, RoundService rounds,
            AccessControl access, EventSink events, TxInfo tx, Map<String, byte[]> transientData) {
        this.store = Objects.requireNonNull(store, "store");
        this.payloads = Objects.requireNonNull(payloads, "payloads");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.rounds = Objects.requireNonNull(rounds, "rounds");
        this.access = Objects.requireNonNull(access, "access");
        this.events = Objects.requireNonNull(events, "events");
        this.tx = Objects.requireNonNull(tx, "tx");
        this.secureTasks = new SecureTasks(store, tx);
        this.transientData = transientData;
    }

    /**
     * Records a proposal for a CLOSED or DISPUTED round and moves it to PROPOSED. An aggregator of the
     * task's owner organisation may also propose on a full OPEN round (it holds {@code maxUpdates}
     * updates): the same transaction closes it as {@code closeRound} would and checks the manifest
     * against that accepted set ({@link RoundService#closeFull}); the one event is then
     * {@code ModelProposed}.
     *
     * @param taskId the task id
     * @param roundArg the round number as sent (decimal digits)
     * @param manifestJson the aggregation manifest as JSON
     * @return the proposal record as canonical JSON
     * @throws org.fedledger.chaincode.errors.FedLedgerException UNKNOWN_IDENTITY, FORBIDDEN,
     *     INVALID_ARGUMENT, NOT_FOUND, PROPOSAL_LIMIT_REACHED, INVALID_STATE, MANIFEST_MISMATCH,
     *     MALFORMED_PAYLOAD,
     *     PAYLOAD_TOO_LARGE, HASH_MISMATCH, NON_FINITE_VALUE, SCHEMA_MISMATCH; UNMASKING_INCOMPLETE for a
     *     secure round with fewer reveals than its threshold
     */
    public String propose(String taskId, String roundArg, String manifestJson) {
        return propose(taskId, roundArg, manifestJson, false);
    }

    /**
     * As {@link #propose}, and then opens the task's next round on the proposal's output
     * ({@code proposeAndOpen}): the round trains from version {@code baseVersion + 1}, which becomes
     * FINAL only with its quorum (the next proposal checks that, {@link RoundService#settleBase}). The
     * caller must be the owner organisation's aggregator and coordinator, the round the task's latest, and
     * the task one whose rounds may be pipelined ({@link RoundInputs#pipelines}). The one event is
     * {@link LedgerEvent.ProposalPipelined}.
     *
     * @param taskId the task id
     * @param roundArg the round number as sent (decimal digits)
     * @param manifestJson the aggregation manifest as JSON
     * @return the proposal record as canonical JSON
     * @throws org.fedledger.chaincode.errors.FedLedgerException as {@link #propose}; FORBIDDEN for a caller
     *     that is not a coordinator of the owner organisation; INVALID_STATE when the round is not the
     *     task's latest or the task's rounds may not be pipelined; PRIVACY_BUDGET_EXCEEDED
     */
    public String proposeAndOpen(String taskId, String roundArg, String manifestJson) {
        return propose(taskId, roundArg, manifestJson, true);
    }

    private String propose(String taskId, String roundArg, String manifestJson, boolean openNext) {
        TaskRecord task = tasks.require(taskId);
        access.requireInTask(task, Role.AGGREGATOR);
        Caller me = access.caller();
        int number = RoundService.roundNumber(roundArg);
        if (openNext) {
            access.requireTaskOwner(task);
            if (number != task.lastRound()) {
                throw new FedLedgerException(ErrorCode.INVALID_STATE, "round " + number + " of task '"
                        + task.taskId() + "' is not its latest (" + task.lastRound() + "): only the latest round's"
                        + " proposal opens the next one; use proposeModel");
            }
            if (!RoundInputs.pipelines(task, secureTasks.of(task.taskId()), tasks.incentives(task))) {
                throw new FedLedgerException(ErrorCode.INVALID_STATE, "task '" + task.taskId() + "' does not"
                        + " pipeline its rounds (it is secure or has incentives); use proposeModel");
            }
        }
        RoundRecord round = rounds.require(task.taskId(), number);
        if (round.proposalSeq() >= Quorum.MAX_PROPOSALS_PER_ROUND && round.state() != RoundState.FINAL) {
            throw new FedLedgerException(ErrorCode.PROPOSAL_LIMIT_REACHED, "round " + number + " of task '"
                    + task.taskId() + "' already had its " + Quorum.MAX_PROPOSALS_PER_ROUND
                    + " proposals; it takes no more");
        }
        if (round.state() == RoundState.OPEN && me.msp().equals(task.ownerMsp())) {
            round = rounds.closeFull(task, round);
        } else if (round.state() != RoundState.CLOSED && round.state() != RoundState.DISPUTED) {
            throw new FedLedgerException(ErrorCode.INVALID_STATE, "round " + number + " of task '" + task.taskId()
                    + "' is "
                    + round.state() + "; proposals are accepted for CLOSED or DISPUTED rounds only (and for a full"
                    + " OPEN round from an aggregator of " + task.ownerMsp() + ", which it closes)");
        }
        secureTasks.requireUnmaskable(task, round);
        RoundService.SettledBase settled = rounds.settleBase(task, round);
        task = settled.task();
        AggregationManifest manifest = parse(manifestJson);
        checkManifest(task, round, manifest);
        Payload output = Payload.fromTransient(transientData, TransientKeys.MODEL_PREFIX, task.maxPayloadBytes());
        ContentHash outputHash = manifest.outputHash();
        if (!output.hash().equals(outputHash)) {
            throw new FedLedgerException(ErrorCode.HASH_MISMATCH, "the output payload's SHA-256 is "
                    + output.hash()
                    + " but the manifest's outputHash is " + outputHash);
        }
        TaskModels.check(task, output);
        int seq = round.proposalSeq() + 1;
        ProposalRecord proposal = new ProposalRecord(task.taskId(), number, seq, manifest,
                RecordJson.hash(manifest), outputHash, output.size(), output.chunkCount(), me.id(), me.msp(),
                tx.txId(), tx.epochSecond());
        store.put(Keys.proposal(task.taskId(), number, seq), proposal);
        payloads.putModel(task, number, seq, output);
        rounds.save(round.moved(RoundState.PROPOSED, seq, tx.txId()));
        LedgerEvent.ModelProposed proposed = new LedgerEvent.ModelProposed(task.taskId(), number, seq, outputHash,
                proposal.manifestHash());
        LedgerEvent.RoundOpened opened = null;
        if (openNext) {
            RoundRecord next = rounds.openFrom(task, round.baseVersion() + 1, outputHash);
            task = task.withLastRound(next.round());
            opened = RoundService.openedEvent(next);
        }
        if (settled.finalised() == null && opened == null) {
            events.emit(proposed);
        } else {
            tasks.save(task);
            events.emit(new LedgerEvent.ProposalPipelined(settled.finalised(), proposed, opened));
        }
        return RecordJson.write(proposal);
    }

    /**
     * @param taskId the task id
     * @param roundArg the round number as sent (decimal digits)
     * @param seqArg the proposal sequence number as sent (decimal digits)
     * @return the proposal record as canonical JSON
     * @throws org.fedledger.chaincode.errors.FedLedgerException UNKNOWN_IDENTITY, INVALID_ARGUMENT, NOT_FOUND
     */
    public String get(String taskId, String roundArg, String seqArg) {
        access.require();
        String id = Arguments.taskId(taskId);
        return RecordJson.write(require(id, RoundService.roundNumber(roundArg), seqNumber(seqArg)));
    }

    /**
     * A proposal's output bytes, for the trainers of the round opened on it ({@code proposeAndOpen}),
     * who train from it before it is FINAL (peers of the task's organisations only).
     *
     * @param taskId the task id
     * @param roundArg the round number as sent (decimal digits)
     * @param seqArg the proposal sequence number as sent (decimal digits)
     * @return the output bytes, checked against the proposal's output hash
     * @throws org.fedledger.chaincode.errors.FedLedgerException UNKNOWN_IDENTITY, FORBIDDEN (the creator's
     *     organisation is not in the task), INVALID_ARGUMENT, NOT_FOUND (also when this peer does not hold the
     *     collection), HASH_MISMATCH
     */
    public byte[] readPayload(String taskId, String roundArg, String seqArg) {
        access.require();
        TaskRecord task = tasks.require(taskId);
        access.requireAllowedOrg(task);
        ProposalRecord proposal = require(task.taskId(), RoundService.roundNumber(roundArg), seqNumber(seqArg));
        return payloads.readProposal(task, proposal, access.caller().msp());
    }

    /**
     * @param taskId the task id
     * @param round the round number
     * @param seq the proposal sequence number
     * @return the proposal
     * @throws org.fedledger.chaincode.errors.FedLedgerException NOT_FOUND
     */
    public ProposalRecord require(String taskId, int round, int seq) {
        return store.get(Keys.proposal(taskId, round, seq), ProposalRecord.class)
                .orElseThrow(() -> new FedLedgerException(ErrorCode.NOT_FOUND, "no proposal " + seq + " for round "
                        + round
                        + " of task '" + taskId + "'"));
    }

    /**
     * @param seqArg the proposal sequence number as sent (decimal digits)
     * @return the proposal sequence argument parsed strictly (1..9999)
     */
    public static int seqNumber(String seqArg) {
        return Arguments.integer("seq", seqArg, 1, Keys.MAX_SEQ);
    }

    private static AggregationManifest parse(String manifestJson) {
        if (manifestJson == null) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "manifestJson", "manifestJson is missing");
        }
        try {
            return RecordJson.read(manifestJson, AggregationManifest.class);
        } catch (RecordFormatException e) {
            String field = "manifestJson" + e.path().substring(1);
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, field, field + ": " + e.problem());
        } catch (RuntimeException e) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT,
                    "manifestJson is not a valid aggregation manifest: " + e.getMessage());
        }
    }

    /** Runs fl-core's manifest checks, the same an aggregator, a verifier or an auditor runs offline. */
    private static void checkManifest(TaskRecord task, RoundRecord round, AggregationManifest m) {
        try {
            RoundInputs.closedRound(task, round).check(m);
        } catch (ManifestMismatchException e) {
            throw new FedLedgerException(ErrorCode.MANIFEST_MISMATCH, "manifestJson." + e.field(), "manifest field "
                    + e.field() + ": " + e.problem()
                    + "; rebuild the manifest from the closed round");
        }
    }
}

package org.fedledger.chaincode.aggregation;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
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
import org.fedledger.core.aggregation.ExclusionReason;
import org.fedledger.core.aggregation.InputWeight;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.aggregation.Weights;
import org.fedledger.core.json.CanonicalJson;
import org.fedledger.core.manifest.AggregationManifest;
import org.fedledger.core.manifest.ManifestExclusion;
import org.fedledger.core.manifest.ManifestFormatException;
import org.fedledger.core.manifest.ManifestInput;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.event.LedgerEvent;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.record.AcceptedUpdate;
import org.fedledger.protocol.record.ProposalRecord;
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
 * String proposal = proposals.propose("mnist", "1", manifest.toJson());
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
    private final Map<String, byte[]> transientData;

    /** Wires the service to one transaction's helpers. */
    public ProposalService(LedgerStore store, PayloadStore payloads, TaskService tasks, RoundService rounds,
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
     * Records a proposal for a CLOSED or DISPUTED round and moves it to PROPOSED.
     *
     * @return the proposal record as canonical JSON
     * @throws org.fedledger.chaincode.errors.FedLedgerException UNKNOWN_IDENTITY, FORBIDDEN,
     *     INVALID_ARGUMENT, NOT_FOUND, INVALID_STATE, MANIFEST_MISMATCH, MALFORMED_PAYLOAD,
     *     PAYLOAD_TOO_LARGE, HASH_MISMATCH, NON_FINITE_VALUE, SCHEMA_MISMATCH
     */
    public String propose(String taskId, String roundArg, String manifestJson) {
        access.require(Role.AGGREGATOR);
        Caller me = access.caller();
        TaskRecord task = tasks.require(taskId);
        int number = RoundService.roundNumber(roundArg);
        RoundRecord round = rounds.require(task.taskId(), number);
        if (round.state() != RoundState.CLOSED && round.state() != RoundState.DISPUTED) {
            throw new FedLedgerException(ErrorCode.INVALID_STATE, "round " + number + " of task '" + task.taskId() + "' is "
                    + round.state() + "; proposals are accepted for CLOSED or DISPUTED rounds only");
        }
        if (round.proposalSeq() >= Keys.MAX_SEQ) {
            throw new FedLedgerException(ErrorCode.INVALID_STATE, "round " + number + " already has " + Keys.MAX_SEQ + " proposals");
        }
        AggregationManifest manifest = parse(manifestJson);
        checkManifest(task, round, manifest);
        Payload output = Payload.fromTransient(transientData, Payload.MODEL_PREFIX, task.maxPayloadBytes());
        String outputHash = String.valueOf(manifest.outputHash());
        if (!output.hash().hex().equals(outputHash)) {
            throw new FedLedgerException(ErrorCode.HASH_MISMATCH, "the output payload's SHA-256 is " + output.hash().hex()
                    + " but the manifest's outputHash is " + outputHash);
        }
        TaskModels.check(task, output);
        int seq = round.proposalSeq() + 1;
        ProposalRecord proposal = new ProposalRecord(task.taskId(), number, seq, manifest,
                String.valueOf(manifest.hash()), outputHash, output.size(), output.chunkCount(), me.id(), me.msp(),
                tx.txId(), tx.epochSecond());
        store.put(Keys.proposal(task.taskId(), number, seq), proposal);
        payloads.putModel(task.taskId(), number, seq, output);
        rounds.save(round.moved(RoundState.PROPOSED, seq, tx.txId()));
        events.emit(new LedgerEvent.ModelProposed(task.taskId(), number, seq, outputHash, proposal.manifestHash()));
        return RecordJson.write(proposal);
    }

    /**
     * @return the proposal record as canonical JSON
     * @throws org.fedledger.chaincode.errors.FedLedgerException UNKNOWN_IDENTITY, INVALID_ARGUMENT, NOT_FOUND
     */
    public String get(String taskId, String roundArg, String seqArg) {
        access.require();
        String id = Arguments.taskId(taskId);
        return RecordJson.write(require(id, RoundService.roundNumber(roundArg), seqNumber(seqArg)));
    }

    /**
     * @return the proposal
     * @throws org.fedledger.chaincode.errors.FedLedgerException NOT_FOUND
     */
    public ProposalRecord require(String taskId, int round, int seq) {
        return store.get(Keys.proposal(taskId, round, seq), ProposalRecord.class)
                .orElseThrow(() -> new FedLedgerException(ErrorCode.NOT_FOUND, "no proposal " + seq + " for round " + round
                        + " of task '" + taskId + "'"));
    }

    /** @return the proposal sequence argument parsed strictly (1..9999) */
    public static int seqNumber(String seqArg) {
        return Arguments.integer("seq", seqArg, 1, Keys.MAX_SEQ);
    }

    private static AggregationManifest parse(String manifestJson) {
        if (manifestJson == null) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "manifestJson is missing");
        }
        try {
            return AggregationManifest.fromJson(manifestJson);
        } catch (ManifestFormatException e) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "manifestJson: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "manifestJson is not a valid aggregation manifest: " + e.getMessage());
        }
    }

    private static void checkManifest(TaskRecord task, RoundRecord round, AggregationManifest m) {
        if (!task.taskId().equals(m.taskId()) || round.round() != m.round()) {
            throw mismatch("the manifest is for task '" + m.taskId() + "' round " + m.round() + ", not task '"
                    + task.taskId() + "' round " + round.round());
        }
        if (!round.baseModelHash().equals(String.valueOf(m.baseModelHash()))) {
            throw mismatch("the manifest's baseModelHash " + m.baseModelHash() + " is not the round's base model "
                    + round.baseModelHash());
        }
        RuleSpec taskRule = ruleOf(task);
        if (!taskRule.equals(m.rule())) {
            throw mismatch("the manifest's rule " + m.rule() + " is not the task's rule " + taskRule);
        }
        SortedMap<String, AcceptedUpdate> accepted = new TreeMap<>();
        for (AcceptedUpdate a : round.accepted()) {
            accepted.put(a.key(), a);
        }
        Set<String> seen = new HashSet<>();
        SortedMap<String, Long> samples = new TreeMap<>();
        for (ManifestInput input : m.inputs()) {
            AcceptedUpdate a = expect(accepted, seen, input.updateKey(), input.contributor(), String.valueOf(input.hash()));
            if (input.sampleCount() != a.samples()) {
                throw mismatch("input " + printable(input.updateKey()) + " declares " + input.sampleCount()
                        + " samples; the update record says " + a.samples());
            }
            samples.put(a.key(), a.samples());
        }
        boolean krum = taskRule.rule() == RuleName.KRUM || taskRule.rule() == RuleName.MULTI_KRUM;
        for (ManifestExclusion exclusion : m.exclusions()) {
            expect(accepted, seen, exclusion.updateKey(), exclusion.contributor(), String.valueOf(exclusion.hash()));
            if (!krum || !ExclusionReason.KRUM_REJECTED.equals(exclusion.reason())) {
                throw mismatch("exclusion of " + printable(exclusion.updateKey()) + " with reason '" + exclusion.reason()
                        + "' is not allowed for rule " + taskRule.rule().wireName()
                        + (krum ? "; only " + ExclusionReason.KRUM_REJECTED : "; it excludes nothing"));
            }
        }
        for (String key : accepted.keySet()) {
            if (!seen.contains(key)) {
                throw mismatch("the manifest drops accepted update " + printable(key)
                        + "; every accepted update is an input or an exclusion with its reason");
            }
        }
        if (samples.isEmpty()) {
            throw mismatch("the manifest has no inputs");
        }
        List<InputWeight> expected;
        try {
            expected = Weights.expected(taskRule, samples);
        } catch (IllegalArgumentException e) {
            throw mismatch("inputs do not fit the rule: " + e.getMessage());
        }
        Map<String, InputWeight> byKey = new TreeMap<>();
        for (InputWeight w : expected) {
            byKey.put(w.id(), w);
        }
        for (ManifestInput input : m.inputs()) {
            InputWeight w = byKey.get(input.updateKey());
            if (w.numerator() != input.weightNumerator() || w.denominator() != input.weightDenominator()) {
                throw mismatch("input " + printable(input.updateKey()) + " has weight " + input.weightNumerator() + "/"
                        + input.weightDenominator() + "; rule " + taskRule.rule().wireName() + " gives "
                        + w.numerator() + "/" + w.denominator());
            }
        }
    }

    private static AcceptedUpdate expect(SortedMap<String, AcceptedUpdate> accepted, Set<String> seen, String key,
            String contributor, String hash) {
        AcceptedUpdate a = accepted.get(key);
        if (a == null) {
            throw mismatch("the manifest names " + printable(key) + ", which is not in the round's accepted set");
        }
        if (!seen.add(key)) {
            throw mismatch("the manifest names " + printable(key) + " more than once");
        }
        if (!a.contributor().equals(contributor) || !a.hash().equals(hash)) {
            throw mismatch("the manifest's contributor or hash for " + printable(key)
                    + " differs from the accepted update (" + a.hash() + ")");
        }
        return a;
    }

    static RuleSpec ruleOf(TaskRecord task) {
        return RuleSpec.of(RuleName.fromWireName(task.rule().name()), task.rule().params());
    }

    private static String printable(String key) {
        return Arguments.shown(key == null ? null : key.replace('\u0000', '/'));
    }

    private static org.fedledger.chaincode.errors.FedLedgerException mismatch(String message) {
        return new FedLedgerException(ErrorCode.MANIFEST_MISMATCH, message + "; rebuild the manifest from the closed round");
    }
}

package org.fedledger.it.fabric;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedledger.core.aggregation.AggregationInput;
import org.fedledger.core.aggregation.AggregationResult;
import org.fedledger.core.aggregation.AggregationRules;
import org.fedledger.core.aggregation.Exclusion;
import org.fedledger.core.aggregation.InputWeight;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.manifest.AggregationManifest;
import org.fedledger.core.manifest.ManifestExclusion;
import org.fedledger.core.manifest.ManifestInput;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.protocol.mapping.RoundAggregate;
import org.fedledger.protocol.mapping.RoundInputs;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.testing.StandardTask;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.sdk.payload.Payloads;

/**
 * One training task on the real network and the protocol's steps on it, in the protocol's words.
 * Payloads travel as transient chunks of {@link #CHUNK_SIZE} bytes, so every payload has several.
 *
 * <pre>{@code
 * task.openRound();
 * task.submitUpdate(net.trainer2, 1, TrainingTask.model(2f), 300);
 * }</pre>
 */
public final class TrainingTask {
    /** Small chunks, so that even these small models travel as several transient entries. */
    public static final int CHUNK_SIZE = 16;

    private final Consortium net;
    private final String taskId;

    private TrainingTask(Consortium net, String taskId) {
        this.net = net;
        this.taskId = taskId;
    }

    static TrainingTask create(Consortium net, String taskId, Map<String, Object> changes) {
        net.coordinator.submit(Payloads.transientChunks(Payloads.MODEL_PREFIX, ModelCodec.encode(model(0f)), CHUNK_SIZE),
                TransactionName.CREATE_TASK, StandardTask.json(taskId, changes));
        return new TrainingTask(net, taskId);
    }

    /** @return the task id */
    public String id() {
        return taskId;
    }

    /** The coordinator opens the next round; returns the round record. */
    public Map<String, Object> openRound() {
        return Consortium.json(net.coordinator.submit(TransactionName.OPEN_ROUND, taskId));
    }

    /** The transient chunks and arguments of {@code trainer}'s update of {@code model} to {@code round}. */
    public Map<String, byte[]> updateChunks(Model model) {
        return Payloads.transientChunks(Payloads.UPDATE_PREFIX, ModelCodec.encode(model), CHUNK_SIZE);
    }

    /** The submitUpdate arguments for {@code model} with {@code samples} on base version 0. */
    public String[] updateArgs(int round, Model model, long samples) {
        return new String[] {taskId, String.valueOf(round), ModelCodec.hash(model).hex(), String.valueOf(samples), "0"};
    }

    /** {@code trainer} submits {@code model} to {@code round}; returns the update record. */
    public Map<String, Object> submitUpdate(Member trainer, int round, Model model, long samples) {
        return Consortium.json(trainer.submit(updateChunks(model), TransactionName.SUBMIT_UPDATE,
                updateArgs(round, model, samples)));
    }

    /** {@code who} closes {@code round}; returns the round record. */
    public Map<String, Object> closeRound(Member who, int round) {
        return Consortium.json(who.submit(TransactionName.CLOSE_ROUND, taskId, String.valueOf(round)));
    }

    /** The round record as {@code who} reads it. */
    public Map<String, Object> round(Member who, int round) {
        return Consortium.json(who.evaluate(TransactionName.GET_ROUND, taskId, String.valueOf(round)));
    }

    /** What an aggregator proposes: the manifest and the encoded output model. */
    public record Proposal(AggregationManifest manifest, byte[] output) {
        /** @return the output's hash as hex */
        public String outputHash() {
            return ContentHash.of(output).hex();
        }

        /** The same manifest with {@code forged} as its output: a manipulated proposal. */
        public Proposal forgedWith(Model forged) {
            byte[] bytes = ModelCodec.encode(forged);
            AggregationManifest m = AggregationManifest.builder().taskId(manifest.taskId()).round(manifest.round())
                    .baseModelHash(manifest.baseModelHash()).rule(manifest.rule()).inputs(manifest.inputs())
                    .exclusions(manifest.exclusions()).outputHash(ContentHash.of(bytes)).build();
            return new Proposal(m, bytes);
        }
    }

    /**
     * The aggregator's work for a CLOSED round: reads the round and every accepted update's payload
     * through its own peer, checks each against its recorded hash, runs FedAvg with fl-core and
     * builds the manifest.
     */
    public Proposal aggregate(int round) {
        Member aggregator = net.aggregator;
        TaskRecord task = RecordJson.read(aggregator.evaluate(TransactionName.GET_TASK, taskId), TaskRecord.class);
        RoundRecord r = RecordJson.read(aggregator.evaluate(TransactionName.GET_ROUND, taskId, String.valueOf(round)),
                RoundRecord.class);
        byte[] baseBytes = aggregator.evaluateBytes(TransactionName.READ_MODEL_PAYLOAD, taskId,
                String.valueOf(r.baseVersion()));
        Payloads.verify("base model", baseBytes, r.baseModelHash());
        RoundAggregate aggregate = RoundInputs.aggregate(task, r, RuleSpec.of(RuleName.FEDAVG),
                ModelCodec.decode(baseBytes), a -> {
                    byte[] bytes = aggregator.evaluateBytes(TransactionName.READ_UPDATE_PAYLOAD, taskId,
                            String.valueOf(round), a.contributor());
                    Payloads.verify("update " + a.key(), bytes, a.hash());
                    return bytes;
                });
        return new Proposal(aggregate.manifest(), ModelCodec.encode(aggregate.output()));
    }

    /** The aggregator proposes; returns the proposal record. */
    public Map<String, Object> propose(int round, Proposal proposal) {
        return Consortium.json(net.aggregator.submit(
                Payloads.transientChunks(Payloads.MODEL_PREFIX, proposal.output(), CHUNK_SIZE),
                TransactionName.PROPOSE_MODEL, taskId, String.valueOf(round), RecordJson.write(proposal.manifest())));
    }

    /** {@code verifier} attests proposal {@code seq} of {@code round}; returns the attestation record. */
    public Map<String, Object> attest(Member verifier, int round, int seq, String verdict, String computedHash) {
        return Consortium.json(verifier.submit(TransactionName.ATTEST_MODEL, taskId, String.valueOf(round),
                String.valueOf(seq), verdict, computedHash));
    }

    /** {@code who} resolves {@code round}; returns the round record. */
    public Map<String, Object> resolve(Member who, int round) {
        return Consortium.json(who.submit(TransactionName.RESOLVE_ROUND, taskId, String.valueOf(round)));
    }

    /** Three trainers of three organisations submit, the coordinator closes: {@code round} is CLOSED. */
    public void roundWithThreeUpdates(int round) {
        submitUpdate(net.trainer1, round, model(1f), 100);
        submitUpdate(net.trainer2, round, model(2f), 300);
        submitUpdate(net.trainer3, round, model(3f), 600);
        closeRound(net.coordinator, round);
    }

    /** A model of the task's schema whose values derive from {@code seed}. */
    public static Model model(float seed) {
        return StandardTask.model(seed);
    }
}

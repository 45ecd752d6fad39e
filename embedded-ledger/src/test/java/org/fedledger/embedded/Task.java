package org.fedledger.embedded;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedledger.core.aggregation.AggregationInput;
import org.fedledger.core.aggregation.AggregationResult;
import org.fedledger.core.aggregation.AggregationRules;
import org.fedledger.core.aggregation.InputWeight;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.manifest.AggregationManifest;
import org.fedledger.core.manifest.ManifestInput;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.protocol.key.TransientKeys;
import org.fedledger.protocol.mapping.RoundAggregate;
import org.fedledger.protocol.mapping.RoundInputs;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.testing.StandardTask;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.sdk.ledger.Committed;
import org.fedledger.sdk.ledger.LedgerConnection;

/** A training task on the embedded network, and the protocol's steps on it through SDK connections. */
final class Task {
    /** Small chunks, so that each payload travels as several transient entries. */
    static final int CHUNK = 24;

    final Network net;
    final String id;

    Task(Network net, String id) {
        this.net = net;
        this.id = id;
    }

    /** The coordinator creates the task with model(0) as version 0. */
    static Task create(Network net, String id) {
        createCommitted(net, id);
        return new Task(net, id);
    }

    /** Like {@link #create}, handing back the creating transaction's commit. */
    static Committed createCommitted(Network net, String id) {
        return net.coordinator.submit(TransactionName.CREATE_TASK, List.of(StandardTask.json(id, Map.of())),
                chunks(TransientKeys.MODEL_PREFIX, ModelCodec.encode(model(0f))));
    }

    /** The payload as transient entries {@code prefix0, prefix1, ...} of {@link #CHUNK} bytes. */
    static Map<String, byte[]> chunks(String prefix, byte[] payload) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int from = 0, i = 0; from < payload.length; from += CHUNK, i++) {
            entries.put(prefix + i, java.util.Arrays.copyOfRange(payload, from, Math.min(payload.length, from + CHUNK)));
        }
        return entries;
    }

    /** @return the payload, after checking it hashes to what its record says */
    private static byte[] checked(byte[] payload, ContentHash expected) {
        if (!ContentHash.of(payload).equals(expected)) {
            throw new AssertionError("payload hash " + ContentHash.of(payload) + ", record says " + expected);
        }
        return payload;
    }

    static Model model(float seed) {
        return StandardTask.model(seed);
    }

    Map<String, Object> openRound() {
        return Network.json(net.coordinator.submit(TransactionName.OPEN_ROUND, List.of(id), Map.of()).result());
    }

    List<String> updateArgs(int round, Model model, long samples) {
        return List.of(id, String.valueOf(round), ModelCodec.hash(model).hex(), String.valueOf(samples), "0");
    }

    static Map<String, byte[]> updateChunks(Model model) {
        return chunks(TransientKeys.UPDATE_PREFIX, ModelCodec.encode(model));
    }

    Map<String, Object> submitUpdate(LedgerConnection trainer, int round, Model model, long samples) {
        return Network.json(trainer.submit(TransactionName.SUBMIT_UPDATE, updateArgs(round, model, samples),
                updateChunks(model)).result());
    }

    Map<String, Object> closeRound(int round) {
        return Network.json(net.coordinator.submit(TransactionName.CLOSE_ROUND, List.of(id, String.valueOf(round)),
                Map.of()).result());
    }

    Map<String, Object> round(LedgerConnection who, int round) {
        return Network.json(who.evaluate(TransactionName.GET_ROUND, List.of(id, String.valueOf(round))));
    }

    /** What the aggregator proposes. */
    record Proposal(AggregationManifest manifest, byte[] output) {
        String outputHash() {
            return ContentHash.of(output).hex();
        }

        Proposal forgedWith(Model forged) {
            byte[] bytes = ModelCodec.encode(forged);
            return new Proposal(AggregationManifest.builder().taskId(manifest.taskId()).round(manifest.round())
                    .baseModelHash(manifest.baseModelHash()).rule(manifest.rule()).inputs(manifest.inputs())
                    .exclusions(manifest.exclusions()).outputHash(ContentHash.of(bytes)).build(), bytes);
        }
    }

    /** The aggregator reads the closed round's payloads through its own peer and runs FedAvg with fl-core. */
    Proposal aggregate(int round) {
        LedgerConnection aggregator = net.aggregator;
        TaskRecord task = RecordJson.read(new String(aggregator.evaluate(TransactionName.GET_TASK, List.of(id)),
                StandardCharsets.UTF_8), TaskRecord.class);
        RoundRecord r = RecordJson.read(new String(aggregator.evaluate(TransactionName.GET_ROUND,
                List.of(id, String.valueOf(round))), StandardCharsets.UTF_8), RoundRecord.class);
        byte[] base = checked(aggregator.evaluate(TransactionName.READ_MODEL_PAYLOAD,
                List.of(id, String.valueOf(r.baseVersion()))), r.baseModelHash());
        RoundAggregate aggregate = RoundInputs.aggregate(task, r, RuleSpec.of(RuleName.FEDAVG), ModelCodec.decode(base),
                a -> checked(aggregator.evaluate(TransactionName.READ_UPDATE_PAYLOAD,
                        List.of(id, String.valueOf(round), a.contributor())), a.hash()));
        return new Proposal(aggregate.manifest(), ModelCodec.encode(aggregate.output()));
    }

    Map<String, Object> propose(int round, Proposal p) {
        return Network.json(net.aggregator.submit(TransactionName.PROPOSE_MODEL,
                List.of(id, String.valueOf(round), RecordJson.write(p.manifest())),
                chunks(TransientKeys.MODEL_PREFIX, p.output())).result());
    }

    Map<String, Object> attest(LedgerConnection verifier, int round, int seq, String verdict, String hash) {
        return Network.json(verifier.submit(TransactionName.ATTEST_MODEL,
                List.of(id, String.valueOf(round), String.valueOf(seq), verdict, hash), Map.of()).result());
    }

    Map<String, Object> resolve(LedgerConnection who, int round) {
        return Network.json(who.submit(TransactionName.RESOLVE_ROUND, List.of(id, String.valueOf(round)), Map.of())
                .result());
    }

    /** Three trainers of three organisations submit; the coordinator closes the round. */
    void threeUpdatesAndClose(int round) {
        submitUpdate(net.trainer1, round, model(1f), 100);
        submitUpdate(net.trainer2, round, model(2f), 300);
        submitUpdate(net.trainer3, round, model(3f), 600);
        closeRound(round);
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}

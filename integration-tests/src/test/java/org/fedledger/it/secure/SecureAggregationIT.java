package org.fedledger.it.secure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fedledger.audit.TaskAudit;
import org.fedledger.audit.report.AuditVerdict;
import org.fedledger.core.aggregation.AggregationInput;
import org.fedledger.core.aggregation.ExactSum;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.core.model.Tensor;
import org.fedledger.core.secure.MaskingKeys;
import org.fedledger.it.fabric.FabricNetwork;
import org.fedledger.it.fabric.PeerFiles;
import org.fedledger.protocol.record.AcceptedUpdate;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.RoundState;
import org.fedledger.protocol.record.Verdict;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.SecureTrainer;
import org.fedledger.sdk.TaskDefinition;
import org.fedledger.sdk.Verification;
import org.fedledger.sdk.testing.SdkParticipants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A secure round on the real network: three trainers of three organisations mask their updates, one
 * drops out after submitting, two reveal, the round becomes FINAL with two other organisations'
 * verifiers recomputing the unmasked sum, and the audit passes. Then every peer's files (ledgersData
 * with its private data and transient stores) are searched byte for byte for each trainer's update
 * values, as float32 (the plain encoding) and as its weighted 64-bit codes: nothing is found, while the
 * same search finds a plain task's update on the peers (the positive control).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureAggregationIT {
    private static final RuleSpec EXACT = RuleSpec.of(RuleName.EXACT_FEDAVG, Map.of(RuleSpec.SCALE_BITS, "24"));
    private final FabricNetwork network = FabricNetwork.get();
    private SdkParticipants people;

    @Test
    void a_secure_round_is_final_and_no_peer_file_holds_a_trainers_unmasked_update() {
        SdkParticipants p = SdkParticipants.register(network::sdkConnection);
        people = p;

        // Positive control: a plain task whose update the peers do hold.
        TaskDefinition plainTask = SdkParticipants.task("secure-control").build();
        p.coordinator.coordinator().createTask(plainTask);
        Model control = distinctive(101.25f);
        p.coordinator.coordinator().openRound(plainTask.taskId());
        p.trainer1.trainer(plainTask.taskId()).submitUpdate(1, control, 100);
        p.trainer2.trainer(plainTask.taskId()).submitUpdate(1, distinctive(102.25f), 100);

        TaskDefinition definition = SdkParticipants.task("secure").rule(EXACT).updates(2, 3).maxOrgSharePercent(100)
                .maxPayloadBytes(8192).secureAggregation(2).build();
        String task = definition.taskId();
        p.coordinator.coordinator().createTask(definition);
        SecureRandom random = new SecureRandom();
        List<SecureTrainer> trainers = new ArrayList<>();
        for (FedLedger t : p.trainers()) {
            trainers.add(t.secureTrainer(task, MaskingKeys.generate(random)));
        }
        trainers.forEach(SecureTrainer::registerKeys);
        trainers.forEach(SecureTrainer::shareKey);
        int round = p.coordinator.coordinator().openRound(task).record().round();
        List<Model> updates = List.of(distinctive(11.125f), distinctive(22.375f), distinctive(33.625f));
        for (int i = 0; i < 3; i++) {
            trainers.get(i).submitUpdate(round, updates.get(i), 100 + 50L * i);
        }
        p.coordinator.coordinator().closeRound(task, round);
        trainers.get(0).reveal(round);
        trainers.get(1).reveal(round); // the third trainer is gone after submitting

        p.aggregator.aggregator(task).propose(p.aggregator.aggregator(task).aggregate(round));
        for (FedLedger verifier : List.of(p.verifier2, p.verifier3)) {
            Verification v = verifier.verifier(task).verify(round, 1);
            assertThat(v.verdict()).as(v.reason().orElse("")).isEqualTo(Verdict.AGREE);
            verifier.verifier(task).attest(v);
        }
        RoundRecord resolved = p.verifier2.verifier(task).resolve(round).record();
        assertThat(resolved.state()).isEqualTo(RoundState.FINAL);
        List<AggregationInput> plain = new ArrayList<>();
        for (AcceptedUpdate a : resolved.accepted()) {
            plain.add(new AggregationInput(a.key(), a.hash(), updates.get((int) ((a.samples() - 100) / 50)),
                    a.samples()));
        }
        assertThat(p.auditor.auditor().verifiedModel(task, 1).model())
                .isEqualTo(ExactSum.of(EXACT, plain, definition.initialModel()).result().orElseThrow().model());
        assertThat(TaskAudit.of(p.auditor).run(task).verdict()).isEqualTo(AuditVerdict.PASS);

        List<Path> peers = List.of(network.home().resolve("peer1"), network.home().resolve("peer2"),
                network.home().resolve("peer3"));
        byte[] controlMarker = floats(control);
        assertThat(peers.stream().mapToInt(peer -> PeerFiles.containing(peer, controlMarker).size()).sum())
                .as("the plain task's update in the peers' files").isPositive();
        for (int i = 0; i < 3; i++) {
            byte[] asFloats = floats(updates.get(i));
            byte[] asCodes = weightedCodes(updates.get(i), 100 + 50L * i);
            for (Path peer : peers) {
                assertThat(PeerFiles.containing(peer, asFloats)).as("update %d as floats on %s", i, peer).isEmpty();
                assertThat(PeerFiles.containing(peer, asCodes)).as("update %d as codes on %s", i, peer).isEmpty();
            }
        }
    }

    /** A model of the standard schema whose kernel holds four distinct values from {@code seed}. */
    private static Model distinctive(float seed) {
        return SdkParticipants.model(seed);
    }

    /** The kernel's values as the plain encoding holds them (little-endian float32), checked to be in it. */
    private static byte[] floats(Model update) {
        Tensor kernel = update.tensor("dense/kernel").orElseThrow();
        ByteBuffer bytes = ByteBuffer.allocate(kernel.values().length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : kernel.values()) {
            bytes.putFloat(v);
        }
        assertThat(PeerFiles.holds(ModelCodec.encode(update), bytes.array())).isTrue();
        return bytes.array();
    }

    /** The kernel's weighted codes {@code w * q} as 64-bit little-endian words: the update before masking. */
    private static byte[] weightedCodes(Model update, long samples) {
        long[] codes = ExactSum.weightedCodes(EXACT, update, samples); // tensors in schema (name) order
        int from = 0;
        for (Tensor t : update.tensors()) {
            if (t.name().equals("dense/kernel")) {
                break;
            }
            from += t.size();
        }
        int kernel = update.tensor("dense/kernel").orElseThrow().size();
        ByteBuffer bytes = ByteBuffer.allocate(kernel * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = from; k < from + kernel; k++) {
            bytes.putLong(codes[k]);
        }
        return bytes.array();
    }

    @AfterAll
    void close() {
        if (people != null) {
            people.close();
        }
    }
}

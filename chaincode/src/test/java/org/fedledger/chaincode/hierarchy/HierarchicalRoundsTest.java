package org.fedledger.chaincode.hierarchy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fedledger.chaincode.Consortium.assertCode;
import static org.fedledger.chaincode.Consortium.chunks;
import static org.fedledger.chaincode.Consortium.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fedledger.chaincode.Consortium;
import org.fedledger.chaincode.testing.TestIdentity;
import org.fedledger.core.aggregation.AggregationInput;
import org.fedledger.core.aggregation.AggregationRules;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.key.Collections;
import org.fedledger.protocol.key.TransientKeys;
import org.fedledger.protocol.mapping.HierarchicalRoundInputs;
import org.fedledger.protocol.mapping.RoundAggregate;
import org.fedledger.protocol.record.AcceptedUpdate;
import org.fedledger.protocol.record.PartialSumRecord;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.RoundState;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.record.UpdateRecord;
import org.fedledger.protocol.transaction.PayloadBatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hierarchical rounds (docs/round-modes.md): a trainer's update stays in its organisation's internal
 * collection and writes nothing public; each organisation's aggregator publishes the exact partial sum of
 * its own trainers' committed updates, which a second identity of the organisation attests; the close
 * admits the attested partial sums' updates, and their merge is exact FedAvg over every trainer, bit for
 * bit. Each attack of a member on the partial sums is refused with its code.
 */
class HierarchicalRoundsTest {
    private static final Map<String, String> EXACT = Map.of("scale_bits", "20");

    private final Consortium net = Consortium.fresh();
    private final TestIdentity trainer1b = net.org1.member("trainer1b");
    private final TestIdentity aggregator2 = net.org2.member("aggregator2");
    private final TestIdentity aggregator3 = net.org3.member("aggregator3");
    /** An identity of Org1 with both roles: it may publish or attest, never both for one sum. */
    private final TestIdentity aggregatorVerifier1 = net.org1.member("aggregatorVerifier1");

    @BeforeEach
    void hierarchicalTask() {
        net.registered();
        net.register(net.admin1, trainer1b, "trainer");
        net.register(net.admin2, aggregator2, "aggregator");
        net.register(net.admin3, aggregator3, "aggregator");
        net.register(net.admin1, aggregatorVerifier1, "aggregator,verifier");
        Map<String, String> params = new java.util.TreeMap<>(EXACT);
        params.put("hierarchical", "1");
        net.withTask(Consortium.taskJson(Map.of("rule", Map.of("name", "exact_fedavg", "params", params),
                "maxOrgSharePercent", 100, "maxUpdates", 4, "maxPayloadBytes", 4096)));
        net.openRound();
    }

    private UpdateRecord submit(TestIdentity trainer, Model update, long samples) {
        byte[] bytes = ModelCodec.encode(update);
        return RecordJson.read(net.submit(trainer, chunks(TransientKeys.UPDATE_PREFIX, bytes, 1), t -> t.c().submitUpdate(
                t.ctx(), Consortium.TASK, "1", ContentHash.of(bytes).hex(), String.valueOf(samples), "0")),
                UpdateRecord.class);
    }

    private TaskRecord task() {
        return RecordJson.read(net.evaluate(net.auditor, t -> t.c().getTask(t.ctx(), Consortium.TASK)), TaskRecord.class);
    }

    private RoundRecord round() {
        return RecordJson.read(net.evaluate(net.auditor, t -> t.c().getRound(t.ctx(), Consortium.TASK, "1")),
                RoundRecord.class);
    }

    /** The internal updates of {@code who}'s organisation, as its own peer lists them. */
    private List<UpdateRecord> internal(TestIdentity who) {
        return RecordJson.readList(net.evaluate(who, t -> t.c().listInternalUpdates(t.ctx(), Consortium.TASK, "1")),
                UpdateRecord.class);
    }

    /** The exact partial sum of {@code updates}, each read back from the reader's own organisation. */
    private byte[] partialSum(TestIdentity reader, List<UpdateRecord> updates) {
        return HierarchicalRoundInputs.partialSum(task(), updates, u -> ModelCodec.decode(net.evaluate(reader,
                t -> t.c().readInternalUpdatePayload(t.ctx(), Consortium.TASK, "1", u.contributor()))));
    }

    private PartialSumRecord publish(TestIdentity aggregator, List<UpdateRecord> updates, byte[] sum) {
        return RecordJson.read(net.submit(aggregator, chunks(TransientKeys.UPDATE_PREFIX, sum, 1), t -> t.c()
                .publishPartialSum(t.ctx(), Consortium.TASK, "1", ContentHash.of(sum).hex(), RecordJson.write(updates))),
                PartialSumRecord.class);
    }

    private org.fedledger.chaincode.errors.FedLedgerException refusedPublish(TestIdentity aggregator,
            List<UpdateRecord> updates, byte[] sum) {
        return net.refused(aggregator, chunks(TransientKeys.UPDATE_PREFIX, sum, 1), t -> t.c().publishPartialSum(
                t.ctx(), Consortium.TASK, "1", ContentHash.of(sum).hex(), RecordJson.write(updates)));
    }

    private PartialSumRecord attest(TestIdentity verifier, String msp, byte[] sum) {
        return RecordJson.read(net.submit(verifier, t -> t.c().attestPartialSum(t.ctx(), Consortium.TASK, "1", msp,
                ContentHash.of(sum).hex())), PartialSumRecord.class);
    }

    private PartialSumRecord publishAndAttest(TestIdentity aggregator, TestIdentity verifier, String msp) {
        List<UpdateRecord> mine = internal(aggregator);
        byte[] sum = partialSum(aggregator, mine);
        publish(aggregator, mine, sum);
        byte[] again = partialSum(verifier, internal(verifier));
        return attest(verifier, msp, again);
    }

    @Test
    void an_internal_update_writes_nothing_public_and_no_other_organisation_holds_it() {
        byte[] bytes = ModelCodec.encode(model(1f));
        submit(net.trainer1, model(1f), 100);
        var rw = net.lastStub().readWriteSet();
        assertThat(rw.writes()).as("public writes").isEmpty();
        assertThat(rw.privateWrites().keySet()).containsExactly(Collections.internalOf("Org1MSP"));
        assertThat(net.ledger.privateSnapshot("Org1MSP", Collections.internalOf("Org1MSP")).values())
                .as("Org1's own copy").anyMatch(v -> java.util.Arrays.equals(v, bytes));
        for (String other : List.of("Org2MSP", "Org3MSP", "Org4MSP")) {
            for (String collection : Collections.definedFor(List.of("Org1MSP", "Org2MSP", "Org3MSP", "Org4MSP"))
                    .keySet()) {
                var held = net.ledger.privateSnapshot(other, collection);
                assertThat(held.keySet()).as(other + "'s keys in " + collection)
                        .noneMatch(k -> k.contains(net.trainer1.id()));
                assertThat(held.values()).as(other + "'s values in " + collection)
                        .noneMatch(v -> java.util.Arrays.equals(v, bytes));
            }
        }
        assertThat(RecordJson.readList(net.evaluate(net.auditor, t -> t.c().listUpdates(t.ctx(), Consortium.TASK, "1")),
                UpdateRecord.class)).as("public updates before any attested partial sum").isEmpty();
        assertThat(internal(net.verifier2)).as("Org2's view of its own internal updates").isEmpty();
    }

    @Test
    void a_batch_of_internal_updates_reaches_its_own_organisation_only() {
        submit(net.trainer1, model(1f), 100);
        submit(trainer1b, model(2f), 50);
        List<UpdateRecord> mine = internal(net.verifier1);
        String asked = PayloadBatch.idsArgument(mine.stream().map(UpdateRecord::contributor).toList());
        List<byte[]> batch = PayloadBatch.decode(net.evaluate(net.verifier1, t -> t.c().readInternalUpdatePayloads(
                t.ctx(), Consortium.TASK, "1", asked)), mine.size());
        assertThat(batch).hasSize(2);
        for (int i = 0; i < mine.size(); i++) {
            assertThat(ContentHash.of(batch.get(i))).isEqualTo(mine.get(i).hash());
        }
        // another organisation's verifier and aggregator, asking for Org1's trainers: their own peers hold nothing
        assertCode(net.refused(net.verifier2, t -> t.c().readInternalUpdatePayloads(t.ctx(), Consortium.TASK, "1",
                asked)), ErrorCode.NOT_FOUND);
        assertCode(net.refused(aggregator3, t -> t.c().readInternalUpdatePayloads(t.ctx(), Consortium.TASK, "1",
                asked)), ErrorCode.NOT_FOUND);
        assertCode(net.refused(net.trainer1, t -> t.c().readInternalUpdatePayloads(t.ctx(), Consortium.TASK, "1",
                asked)), ErrorCode.FORBIDDEN);
    }

    @Test
    void the_merged_partial_sums_are_exact_fedavg_over_every_trainer_and_the_round_becomes_final() {
        List<Model> models = List.of(model(1f), model(1.25f), model(2f), model(3f));
        List<Long> samples = List.of(100L, 250L, 300L, 600L);
        List<TestIdentity> trainers = List.of(net.trainer1, trainer1b, net.trainer2, net.trainer3);
        List<AggregationInput> flatInputs = new ArrayList<>();
        for (int i = 0; i < trainers.size(); i++) {
            UpdateRecord u = submit(trainers.get(i), models.get(i), samples.get(i));
            flatInputs.add(new AggregationInput(org.fedledger.protocol.key.Keys.update(Consortium.TASK, 1,
                    u.contributor()), u.hash(), models.get(i), samples.get(i)));
        }
        assertThat(publishAndAttest(net.aggregator, net.verifier1, "Org1MSP").updates()).hasSize(2);
        publishAndAttest(aggregator2, net.verifier2, "Org2MSP");
        publishAndAttest(aggregator3, net.verifier3, "Org3MSP");
        net.closeRound(net.coordinator, 1);
        RoundRecord closed = round();
        assertThat(closed.accepted()).extracting(AcceptedUpdate::samples).containsExactlyInAnyOrder(100L, 250L, 300L,
                600L);
        List<PartialSumRecord> partials = RecordJson.readList(net.evaluate(net.auditor, t -> t.c().listPartialSums(
                t.ctx(), Consortium.TASK, "1")), PartialSumRecord.class);
        Model base = ModelCodec.decode(net.evaluate(net.aggregator, t -> t.c().readModelPayload(t.ctx(), Consortium.TASK,
                "0")));
        RoundAggregate merged = HierarchicalRoundInputs.merge(task(), closed, partials, base,
                p -> net.evaluate(net.verifier3, t -> t.c().readPartialSumPayload(t.ctx(), Consortium.TASK, "1", p.msp())));
        Model flat = AggregationRules.of(RuleSpec.of(RuleName.EXACT_FEDAVG, EXACT)).aggregate(flatInputs, base)
                .orElseThrow().model();
        assertThat(ModelCodec.encode(merged.output())).isEqualTo(ModelCodec.encode(flat));
        net.propose(1, new Consortium.Proposal(merged.manifest(), ModelCodec.encode(merged.output())));
        String hash = ModelCodec.hash(merged.output()).hex();
        net.attest(net.verifier2, 1, 1, "AGREE", hash);
        net.attest(net.verifier3, 1, 1, "AGREE", hash);
        net.resolve(net.coordinator, 1);
        assertThat(round().state()).isEqualTo(RoundState.FINAL);
    }

    @Test
    void only_attested_partial_sums_are_admitted_by_the_close() {
        submit(net.trainer1, model(1f), 100);
        submit(net.trainer2, model(2f), 300);
        submit(net.trainer3, model(3f), 600);
        publishAndAttest(net.aggregator, net.verifier1, "Org1MSP");
        publishAndAttest(aggregator2, net.verifier2, "Org2MSP");
        List<UpdateRecord> org3 = internal(aggregator3);
        publish(aggregator3, org3, partialSum(aggregator3, org3)); // never attested
        net.closeRound(net.coordinator, 1);
        assertThat(round().accepted()).extracting(AcceptedUpdate::contributor)
                .containsExactlyInAnyOrder(net.trainer1.id(), net.trainer2.id());
    }

    @Test
    void a_record_with_inflated_samples_is_refused_against_the_private_hash() {
        UpdateRecord honest = submit(net.trainer1, model(1f), 100);
        UpdateRecord inflated = new UpdateRecord(honest.taskId(), honest.round(), honest.contributor(), honest.msp(),
                honest.hash(), honest.size(), honest.chunks(), 100_000, honest.baseVersion(), honest.txId(),
                honest.timestamp());
        byte[] sum = partialSum(net.aggregator, List.of(honest));
        assertCode(refusedPublish(net.aggregator, List.of(inflated), sum), ErrorCode.HASH_MISMATCH);
    }

    @Test
    void a_record_no_trainer_committed_is_refused() {
        UpdateRecord honest = submit(net.trainer1, model(1f), 100);
        UpdateRecord invented = new UpdateRecord(honest.taskId(), honest.round(), trainer1b.id(), honest.msp(),
                honest.hash(), honest.size(), honest.chunks(), 100, honest.baseVersion(), honest.txId(),
                honest.timestamp());
        byte[] sum = partialSum(net.aggregator, List.of(honest));
        assertCode(refusedPublish(net.aggregator, List.of(honest, invented).stream()
                .sorted(java.util.Comparator.comparing(UpdateRecord::contributor)).toList(), sum), ErrorCode.NOT_FOUND);
    }

    @Test
    void an_aggregator_cannot_sum_another_organisations_trainers() {
        UpdateRecord org1Update = submit(net.trainer1, model(1f), 100);
        byte[] sum = partialSum(net.aggregator, List.of(org1Update));
        assertCode(refusedPublish(aggregator2, List.of(org1Update), sum), ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void the_publisher_and_other_organisations_cannot_attest_a_partial_sum() {
        submit(net.trainer1, model(1f), 100);
        List<UpdateRecord> mine = internal(aggregatorVerifier1);
        byte[] sum = partialSum(aggregatorVerifier1, mine);
        publish(aggregatorVerifier1, mine, sum);
        String hash = ContentHash.of(sum).hex();
        assertCode(net.refused(aggregatorVerifier1, t -> t.c().attestPartialSum(t.ctx(), Consortium.TASK, "1",
                "Org1MSP", hash)), ErrorCode.FORBIDDEN);
        assertCode(net.refused(net.verifier2, t -> t.c().attestPartialSum(t.ctx(), Consortium.TASK, "1", "Org1MSP",
                hash)), ErrorCode.FORBIDDEN);
        assertCode(net.refused(net.verifier1, t -> t.c().attestPartialSum(t.ctx(), Consortium.TASK, "1", "Org1MSP",
                ContentHash.of(new byte[] {1}).hex())), ErrorCode.HASH_MISMATCH);
        assertThat(attest(net.verifier1, "Org1MSP", sum).attestedBy()).isEqualTo(net.verifier1.id());
    }

    @Test
    void an_update_after_its_organisations_partial_sum_and_a_second_partial_sum_are_refused() {
        submit(net.trainer1, model(1f), 100);
        List<UpdateRecord> mine = internal(net.aggregator);
        byte[] sum = partialSum(net.aggregator, mine);
        publish(net.aggregator, mine, sum);
        byte[] late = ModelCodec.encode(model(5f));
        assertCode(net.refused(trainer1b, chunks(TransientKeys.UPDATE_PREFIX, late, 1), t -> t.c().submitUpdate(t.ctx(),
                Consortium.TASK, "1", ContentHash.of(late).hex(), "10", "0")), ErrorCode.ROUND_NOT_OPEN);
        byte[] other = sum.clone();
        other[0] ^= 1;
        assertCode(refusedPublish(net.aggregator, mine, other), ErrorCode.DUPLICATE_UPDATE);
    }

    @Test
    void a_partial_sum_of_the_wrong_size_is_refused() {
        UpdateRecord u = submit(net.trainer1, model(1f), 100);
        assertCode(refusedPublish(net.aggregator, List.of(u), ModelCodec.encode(model(1f))),
                ErrorCode.PAYLOAD_SIZE_MISMATCH);
    }

    @Test
    void a_hierarchical_task_refuses_organisation_bounds_secure_aggregation_and_incentives() {
        Map<String, String> params = new java.util.TreeMap<>(EXACT);
        params.put("hierarchical", "1");
        Map<String, Object> rule = Map.of("name", "exact_fedavg", "params", params);
        String bounded = org.fedledger.protocol.testing.StandardTask.json("bounded", Map.of("rule", rule,
                "maxOrgSharePercent", 60));
        assertCode(net.refused(net.coordinator, chunks(TransientKeys.MODEL_PREFIX,
                ModelCodec.encode(Consortium.initialModel()), 1), t -> t.c().createTask(t.ctx(), bounded)),
                ErrorCode.INVALID_ARGUMENT);
        String secure = org.fedledger.protocol.testing.StandardTask.json("secure", Map.of("rule", rule,
                "maxOrgSharePercent", 100, "privacy", Map.of("mode", "SECURE", "threshold", 2)));
        assertCode(net.refused(net.coordinator, chunks(TransientKeys.MODEL_PREFIX,
                ModelCodec.encode(Consortium.initialModel()), 1), t -> t.c().createTask(t.ctx(), secure)),
                ErrorCode.PRIVACY_RULE_UNSUPPORTED);
    }

    @Test
    void organisations_publishing_and_attesting_at_once_do_not_invalidate_each_other() {
        submit(net.trainer1, model(1f), 100);
        submit(net.trainer2, model(2f), 300);
        submit(net.trainer3, model(3f), 600);
        List<org.fedledger.embedded.peer.SimulationStub> publishes = new ArrayList<>();
        for (TestIdentity aggregator : List.of(net.aggregator, aggregator2, aggregator3)) {
            List<UpdateRecord> mine = internal(aggregator);
            byte[] sum = partialSum(aggregator, mine);
            var stub = net.newStub(aggregator, net.now(), chunks(TransientKeys.UPDATE_PREFIX, sum, 1));
            net.contract.publishPartialSum(net.contract.createContext(stub), Consortium.TASK, "1",
                    ContentHash.of(sum).hex(), RecordJson.write(mine));
            publishes.add(stub);
        }
        for (var stub : publishes) { // all three simulated before any commits
            assertThat(net.ledger.commit(stub).code()).isEqualTo(org.hyperledger.fabric.protos.peer.TxValidationCode.VALID);
        }
        List<org.fedledger.embedded.peer.SimulationStub> attests = new ArrayList<>();
        for (TestIdentity verifier : List.of(net.verifier1, net.verifier2, net.verifier3)) {
            byte[] sum = partialSum(verifier, internal(verifier));
            var stub = net.newStub(verifier, net.now(), Map.of());
            net.contract.attestPartialSum(net.contract.createContext(stub), Consortium.TASK, "1", verifier.mspId(),
                    ContentHash.of(sum).hex());
            attests.add(stub);
        }
        for (var stub : attests) {
            assertThat(net.ledger.commit(stub).code()).isEqualTo(org.hyperledger.fabric.protos.peer.TxValidationCode.VALID);
        }
        net.closeRound(net.coordinator, 1);
        assertThat(round().accepted()).hasSize(3);
    }

    @Test
    void over_capacity_the_close_admits_whole_partial_sums_only() {
        submit(net.trainer1, model(1f), 100); // Org1: two updates
        submit(trainer1b, model(1.5f), 100);
        submit(net.trainer2, model(2f), 300); // Org2 and Org3: one each; the round takes 4
        submit(net.trainer3, model(3f), 600);
        TestIdentity extra = net.org3.member("trainer3b");
        net.register(net.admin3, extra, "trainer");
        submit(extra, model(3.5f), 50); // Org3 now sums two: five updates for a round of four
        publishAndAttest(net.aggregator, net.verifier1, "Org1MSP");
        publishAndAttest(aggregator2, net.verifier2, "Org2MSP");
        publishAndAttest(aggregator3, net.verifier3, "Org3MSP");
        net.closeRound(net.coordinator, 1);
        List<String> accepted = round().accepted().stream().map(AcceptedUpdate::contributor).toList();
        assertThat(accepted).hasSizeLessThanOrEqualTo(4);
        assertThat(accepted.contains(net.trainer1.id())).isEqualTo(accepted.contains(trainer1b.id()));
        assertThat(accepted.contains(net.trainer3.id())).isEqualTo(accepted.contains(extra.id()));
    }
}

package org.fedledger.chaincode.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fedledger.chaincode.Consortium.assertCode;
import static org.fedledger.chaincode.Consortium.json;
import static org.fedledger.chaincode.Consortium.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fedledger.chaincode.Consortium;
import org.fedledger.chaincode.errors.FedLedgerException;
import org.fedledger.chaincode.testing.TestIdentity;
import org.fedledger.chaincode.testing.TestOrg;
import org.fedledger.embedded.peer.SimulationStub;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.key.Collections;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.key.TransientKeys;
import org.fedledger.protocol.record.RecordJson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A hostile member's moves against a round, one class of attack per nested class
 * ({@code docs/threat-model.md}); each ends in a stable error code or an unchanged outcome for the
 * honest members.
 */
class HostileMemberTest {
    private Consortium net;

    @BeforeEach
    void setUp() {
        net = Consortium.fresh();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> accepted(String roundJson) {
        return (List<Map<String, Object>>) json(roundJson).get("accepted");
    }

    private static long samplesOf(List<Map<String, Object>> accepted, TestIdentity trainer) {
        return accepted.stream().filter(a -> trainer.id().equals(a.get("contributor")))
                .mapToLong(a -> ((Number) a.get("samples")).longValue()).findFirst().orElseThrow();
    }

    @Nested
    class Time {
        @BeforeEach
        void openRound() {
            net.registered().withTask();
            net.openRound();
        }

        @Test
        void a_verifier_whose_clock_is_a_day_ahead_cannot_end_the_round_for_everybody_else() {
            net.submitUpdate(net.trainer1, 1, model(1f), 100);
            Instant honest = net.now();
            net.at(honest.plusSeconds(24 * 3600));
            Map<String, Object> vote = json(net.closeRound(net.verifier3, 1));
            assertThat(vote).containsEntry("state", "OPEN").containsEntry("deadlineVotes", List.of("Org3MSP"));

            net.at(honest);
            Map<String, Object> late = json(net.submitUpdate(net.trainer2, 1, model(2f), 100));
            assertThat(late).containsEntry("contributor", net.trainer2.id());
        }

        @Test
        void one_organisation_voting_twice_through_two_identities_is_one_vote() {
            TestIdentity second = net.org3.member("verifier3b");
            net.register(net.admin3, second, "verifier");
            net.advance(Consortium.DURATION + 1);
            net.closeRound(net.verifier3, 1);
            Map<String, Object> again = json(net.closeRound(second, 1));
            assertThat(again).containsEntry("state", "OPEN").containsEntry("deadlineVotes", List.of("Org3MSP"));
        }

        @Test
        void a_coordinator_stamping_a_round_a_year_ahead_does_not_shut_honest_trainers_out() {
            net.submitUpdate(net.trainer1, 1, model(1f), 100);
            net.submitUpdate(net.trainer2, 1, model(2f), 100);
            net.closeRound(net.coordinator, 1);
            net.propose(1, net.aggregate(1, RuleSpec.of(RuleName.FEDAVG)));
            String hash = (String) json(net.evaluate(net.auditor, t -> t.c().getProposal(t.ctx(), Consortium.TASK, "1",
                    "1"))).get("outputHash");
            net.attest(net.verifier2, 1, 1, "AGREE", hash);
            net.attest(net.verifier3, 1, 1, "AGREE", hash);
            net.resolve(net.verifier2, 1);

            Instant honest = net.now();
            net.at(honest.plusSeconds(366L * 24 * 3600));
            net.openRound();
            net.at(honest);
            byte[] bytes = ModelCodec.encode(model(3f));
            Map<String, Object> record = json(net.submit(net.trainer3, Consortium.chunks(TransientKeys.UPDATE_PREFIX,
                    bytes, 1), t -> t.c().submitUpdate(t.ctx(), Consortium.TASK, "2", ContentHash.of(bytes).hex(), "100",
                    "1")));
            assertThat(record).containsEntry("round", 2.0).containsEntry("baseVersion", 1.0);
        }
    }

    @Nested
    class Weight {
        @Test
        void a_trainer_declaring_the_task_maximum_carries_at_most_half_of_the_round() {
            net.registered().withTask();
            net.openRound();
            net.submitUpdate(net.trainer1, 1, model(1f), 100_000);
            net.submitUpdate(net.trainer2, 1, model(2f), 135);
            net.submitUpdate(net.trainer3, 1, model(3f), 135);
            List<Map<String, Object>> accepted = accepted(net.closeRound(net.coordinator, 1));

            assertThat(samplesOf(accepted, net.trainer1)).isEqualTo(270);
            assertThat(samplesOf(accepted, net.trainer2)).isEqualTo(135);
            assertThat(samplesOf(accepted, net.trainer3)).isEqualTo(135);
            // The update record keeps what was declared; only the weight is bounded.
            String updates = net.evaluate(net.auditor, t -> t.c().listUpdates(t.ctx(), Consortium.TASK, "1"));
            assertThat(updates).contains("\"samples\":100000");
        }

        @Test
        void an_organisation_splitting_its_weight_over_many_identities_gains_nothing() {
            net.registered().withTask(Consortium.taskJson(Map.of("maxUpdates", 6)));
            List<TestIdentity> sybils = sybils(3);
            net.openRound();
            for (TestIdentity s : sybils) {
                net.submitUpdate(s, 1, model(5f), 1000);
            }
            net.submitUpdate(net.trainer2, 1, model(2f), 100);
            net.submitUpdate(net.trainer3, 1, model(3f), 100);
            List<Map<String, Object>> accepted = accepted(net.closeRound(net.coordinator, 1));

            long org1 = sybils.stream().mapToLong(s -> samplesOf(accepted, s)).sum();
            long total = accepted.stream().mapToLong(a -> ((Number) a.get("samples")).longValue()).sum();
            assertThat(accepted).hasSize(5);
            assertThat(org1 * 100).isLessThanOrEqualTo(50 * total);
        }

        @Test
        void honest_organisations_within_the_bound_keep_their_declared_weights() {
            net.registered().withTask();
            net.openRound();
            net.submitUpdate(net.trainer1, 1, model(1f), 300);
            net.submitUpdate(net.trainer2, 1, model(2f), 200);
            net.submitUpdate(net.trainer3, 1, model(3f), 100);
            List<Map<String, Object>> accepted = accepted(net.closeRound(net.coordinator, 1));
            assertThat(samplesOf(accepted, net.trainer1)).isEqualTo(300);
            assertThat(samplesOf(accepted, net.trainer2)).isEqualTo(200);
            assertThat(samplesOf(accepted, net.trainer3)).isEqualTo(100);
        }
    }

    @Nested
    class Admission {
        @Test
        void an_admin_registering_identities_that_rank_first_takes_only_its_own_turn() {
            net.registered().withTask();
            Map<String, Object> closed = closedAfterSybilsAndHonestTrainersSubmit(4);

            List<Object> contributors = new ArrayList<>();
            for (Object o : (List<?>) closed.get("accepted")) {
                contributors.add(((Map<?, ?>) o).get("contributor"));
            }
            assertThat(contributors).hasSize(3).contains(net.trainer2.id(), net.trainer3.id());
            assertThat((List<?>) closed.get("overCapacity")).hasSize(3);
        }

        @Test
        void an_admin_flooding_a_round_with_identities_leaves_a_record_of_at_most_twice_max_updates() {
            net.registered().withTask(Consortium.taskJson(Map.of("minUpdates", 1, "maxUpdates", 2)));
            Map<String, Object> closed = closedAfterSybilsAndHonestTrainersSubmit(12);

            // 14 updates: 2 accepted, the 2 next in the turns listed, the other 10 only counted.
            assertThat((List<?>) closed.get("accepted")).hasSize(2);
            assertThat((List<?>) closed.get("overCapacity")).hasSize(2);
            assertThat(closed).containsEntry("overCapacityUnlisted", 10.0);
            // Each honest organisation's update is in the first turn: accepted or listed, never lost in the count.
            List<Object> named = new ArrayList<>();
            for (String list : List.of("accepted", "overCapacity")) {
                for (Object o : (List<?>) closed.get(list)) {
                    named.add(((Map<?, ?>) o).get("contributor"));
                }
            }
            assertThat(named).contains(net.trainer2.id(), net.trainer3.id());
        }
    }

    @Nested
    class Scope {
        // A fourth organisation of the channel that the three-organisation task leaves out.
        private final TestOrg org4 = TestOrg.of("Org4MSP");
        private final TestIdentity admin4 = org4.admin("admin4");
        private final TestIdentity coordinator4 = org4.member("coordinator4");
        private final TestIdentity aggregator4 = org4.member("aggregator4");
        private final TestIdentity auditor4 = org4.member("auditor4");

        @BeforeEach
        void taskWithoutTheFourthOrganisation() {
            net.registered().withTask();
            net.register(admin4, coordinator4, "coordinator");
            net.register(admin4, aggregator4, "aggregator");
            net.register(admin4, auditor4, "auditor");
        }

        @Test
        void a_coordinator_of_an_organisation_outside_the_task_cannot_open_or_close_its_rounds() {
            assertCode(net.refused(coordinator4, t -> t.c().openRound(t.ctx(), Consortium.TASK)), ErrorCode.FORBIDDEN);
            net.openRound();
            net.advance(Consortium.DURATION + 1);
            assertCode(net.refused(coordinator4, t -> t.c().closeRound(t.ctx(), Consortium.TASK, "1")),
                    ErrorCode.FORBIDDEN);
        }

        @Test
        void a_coordinator_of_an_allowed_organisation_that_does_not_own_the_task_cannot_open_it() {
            TestIdentity coordinator2 = net.org2.member("coordinator2");
            net.register(net.admin2, coordinator2, "coordinator");
            assertCode(net.refused(coordinator2, t -> t.c().openRound(t.ctx(), Consortium.TASK)), ErrorCode.FORBIDDEN);
        }

        @Test
        void an_aggregator_outside_the_task_cannot_propose() {
            net.openRound();
            net.submitUpdate(net.trainer1, 1, model(1f), 100);
            net.submitUpdate(net.trainer2, 1, model(2f), 100);
            net.closeRound(net.coordinator, 1);
            Consortium.Proposal p = net.aggregate(1, RuleSpec.of(RuleName.FEDAVG));
            assertCode(net.refused(aggregator4, Consortium.chunks(
                    TransientKeys.MODEL_PREFIX, p.output(), 1),
                    t -> t.c().proposeModel(t.ctx(), Consortium.TASK, "1", RecordJson.write(p.manifest()))),
                    ErrorCode.FORBIDDEN);
        }

        @Test
        void readers_outside_the_task_get_neither_update_nor_model_bytes() {
            net.openRound();
            net.submitUpdate(net.trainer1, 1, model(1f), 100);
            assertCode(net.refused(auditor4, t -> t.c().readUpdatePayload(t.ctx(), Consortium.TASK, "1",
                    net.trainer1.id())), ErrorCode.FORBIDDEN);
            assertCode(net.refused(auditor4, t -> t.c().readModelPayload(t.ctx(), Consortium.TASK, "0")),
                    ErrorCode.FORBIDDEN);
        }

        @Test
        void an_organisation_outside_the_task_stores_none_of_its_bytes_on_its_peers() {
            net.openRound();
            net.submitUpdate(net.trainer1, 1, model(1f), 100);
            net.submitUpdate(net.trainer2, 1, model(2f), 100);
            net.submitUpdate(net.trainer3, 1, model(3f), 100);
            net.closeRound(net.coordinator, 1);
            net.propose(1, net.aggregate(1, RuleSpec.of(RuleName.FEDAVG)));
            // Every collection as Org4's peer holds it: none of the task's update or model bytes,
            // although Org4 is a channel member with collections of its own.
            for (String collection : Collections.definedFor(List.of("Org1MSP", "Org2MSP", "Org3MSP", "Org4MSP"))
                    .keySet()) {
                assertThat(net.ledger.privateSnapshot("Org4MSP", collection)).as(collection).isEmpty();
            }
            // Each task organisation holds one copy, in its own collection only; the shared ones stay empty.
            var updates1 = net.ledger.privateSnapshot("Org1MSP", Collections.updatesOf("Org1MSP"));
            var models1 = net.ledger.privateSnapshot("Org1MSP", Collections.modelsOf("Org1MSP"));
            assertThat(updates1).containsKey(Keys.updateChunk(Consortium.TASK, 1, net.trainer3.id(), 0));
            assertThat(models1).containsKeys(Keys.modelChunk(Consortium.TASK, 0, 0, 0),
                    Keys.modelChunk(Consortium.TASK, 1, 1, 0));
            for (String msp : List.of("Org1MSP", "Org2MSP", "Org3MSP")) {
                assertThat(net.ledger.privateSnapshot(msp, Collections.updatesOf(msp))).containsOnlyKeys(
                        updates1.keySet());
                assertThat(net.ledger.privateSnapshot(msp, Collections.modelsOf(msp))).containsOnlyKeys(
                        models1.keySet());
                assertThat(net.ledger.privateSnapshot(msp, Collections.UPDATES)).isEmpty();
                assertThat(net.ledger.privateSnapshot(msp, Collections.MODELS)).isEmpty();
            }
        }

        @Test
        void a_reader_reads_through_another_task_organisations_peer_and_never_through_an_outsiders() {
            net.openRound();
            net.submitUpdate(net.trainer1, 1, model(1f), 100);
            byte[] sent = ModelCodec.encode(model(1f));
            // Org1's verifier, its own peer down: Org3's peer answers from Org3's copy.
            SimulationStub onOrg3 = net.ledger.newStub(net.verifier1.simulated(), "Org3MSP", net.now(), Map.of(),
                    List.of("readUpdatePayload"));
            byte[] read = net.contract.readUpdatePayload(net.contract.createContext(onOrg3), Consortium.TASK, "1",
                    net.trainer1.id());
            assertThat(read).isEqualTo(sent);
            // Through Org4's peer (outside the task) there is no copy to read, whoever asks.
            SimulationStub onOrg4 = net.ledger.newStub(net.verifier1.simulated(), "Org4MSP", net.now(), Map.of(),
                    List.of("readUpdatePayload"));
            FedLedgerException e = org.assertj.core.api.Assertions.catchThrowableOfType(FedLedgerException.class,
                    () -> net.contract.readUpdatePayload(net.contract.createContext(onOrg4), Consortium.TASK, "1",
                            net.trainer1.id()));
            assertCode(e, ErrorCode.NOT_FOUND);
            assertThat(e.getMessage()).contains("Org4MSP holds no copy");
        }

        @Test
        void a_task_that_leaves_out_an_allowed_reader_organisation_writes_nothing_to_it() {
            net.submit(coordinator4, Consortium.chunks(TransientKeys.MODEL_PREFIX,
                    ModelCodec.encode(Consortium.initialModel()), 1),
                    t -> t.c().createTask(t.ctx(), Consortium.taskJson(Map.of("taskId", "without-org3",
                            "allowedOrgs", List.of("Org1MSP", "Org2MSP", "Org4MSP")))));
            assertThat(net.ledger.privateSnapshot("Org4MSP", Collections.modelsOf("Org4MSP")))
                    .containsKey(Keys.modelChunk("without-org3", 0, 0, 0));
            assertThat(net.ledger.privateSnapshot("Org3MSP", Collections.modelsOf("Org3MSP")))
                    .doesNotContainKey(Keys.modelChunk("without-org3", 0, 0, 0));
            // Org4's auditor reads its own organisation's copy of the new task's model
            TestIdentity reader4 = org4.member("reader4");
            net.register(admin4, reader4, "trainer");
            byte[] read = net.evaluate(reader4, t -> t.c().readModelPayload(t.ctx(), "without-org3", "0"));
            assertThat(read).isEqualTo(ModelCodec.encode(Consortium.initialModel()));
        }

        @Test
        void a_task_naming_an_organisation_without_collections_is_refused_before_anything_is_written() {
            long height = net.ledger.height();
            FedLedgerException e = net.refused(net.coordinator, Consortium.chunks(
                    TransientKeys.MODEL_PREFIX, ModelCodec.encode(Consortium.initialModel()), 1),
                    t -> t.c().createTask(t.ctx(), Consortium.taskJson(Map.of("taskId", "ghost",
                            "allowedOrgs", List.of("Org1MSP", "Org2MSP", "Org5MSP")))));
            assertCode(e, ErrorCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains("Org5MSP").contains(Collections.updatesOf("Org5MSP"));
            assertThat(net.ledger.height()).isEqualTo(height);
            assertThat(net.ledger.valueUtf8(Keys.task("ghost"))).isEmpty();
        }

        @Test
        void a_coordinator_cannot_create_a_task_its_own_organisation_is_not_in() {
            FedLedgerException e = net.refused(net.coordinator, Consortium.chunks(
                    TransientKeys.MODEL_PREFIX,
                    ModelCodec.encode(Consortium.initialModel()), 1),
                    t -> t.c().createTask(t.ctx(), Consortium.taskJson(Map.of("taskId", "other",
                            "allowedOrgs", List.of("Org2MSP", "Org3MSP", "Org4MSP")))));
            assertCode(e, ErrorCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains("must include your organisation Org1MSP");
        }
    }

    /** Org1's admin registers {@code n} more trainers, named to rank first. */
    /** Org1's admin registers {@code n} trainers that each submit, as do Org2's and Org3's; the coordinator closes. */
    private Map<String, Object> closedAfterSybilsAndHonestTrainersSubmit(int n) {
        List<TestIdentity> sybils = sybils(n);
        net.openRound();
        for (TestIdentity s : sybils) {
            net.submitUpdate(s, 1, model(5f), 100);
        }
        net.submitUpdate(net.trainer2, 1, model(2f), 100);
        net.submitUpdate(net.trainer3, 1, model(3f), 100);
        return json(net.closeRound(net.coordinator, 1));
    }

    private List<TestIdentity> sybils(int n) {
        List<TestIdentity> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            TestIdentity s = net.org1.member("aaa-sybil-" + i);
            net.register(net.admin1, s, "trainer");
            out.add(s);
        }
        return out;
    }
}

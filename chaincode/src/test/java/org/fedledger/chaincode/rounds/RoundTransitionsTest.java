package org.fedledger.chaincode.rounds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fedledger.chaincode.Consortium.assertCode;
import static org.fedledger.chaincode.Consortium.model;

import java.util.List;
import java.util.Map;
import org.fedledger.chaincode.Consortium;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.event.EventNames;
import org.fedledger.protocol.key.TransientKeys;
import org.fedledger.protocol.record.RecordJson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every transition of the round state machine, allowed or refused with INVALID_STATE. */
class RoundTransitionsTest {
    private final Consortium net = Consortium.fresh();

    @BeforeEach
    void task() {
        net.registered().withTask();
    }

    private String state(int round) {
        return (String) Consortium.json(net.evaluate(net.auditor, t -> t.c().getRound(t.ctx(), "mnist",
                String.valueOf(round)))).get("state");
    }

    private void refuseClose(int round) {
        assertCode(net.refused(net.coordinator, t -> t.c().closeRound(t.ctx(), "mnist", String.valueOf(round))),
                ErrorCode.INVALID_STATE);
    }

    private void refuseOpen() {
        assertCode(net.refused(net.coordinator, t -> t.c().openRound(t.ctx(), "mnist")), ErrorCode.INVALID_STATE);
    }

    private Consortium.Proposal proposal() {
        return net.aggregate(1, RuleSpec.of(RuleName.FEDAVG));
    }

    private void refusePropose(Consortium.Proposal p) {
        assertCode(net.refused(net.aggregator, Consortium.chunks(TransientKeys.MODEL_PREFIX, p.output(), 1),
                t -> t.c().proposeModel(t.ctx(), "mnist", "1", RecordJson.write(p.manifest()))), ErrorCode.INVALID_STATE);
    }

    @Nested
    class OpenRound {
        @Test
        void opens_round_one_with_the_deadline_from_the_transaction_timestamp() {
            Map<String, Object> r = Consortium.json(net.openRound());
            long ts = net.now().getEpochSecond();
            assertThat(r).containsEntry("round", 1.0).containsEntry("state", "OPEN").containsEntry("openedAt",
                    (double) ts)
                    .containsEntry("deadline", (double) (ts + Consortium.DURATION)).containsEntry("proposalSeq", 0.0);
            assertThat(net.lastStub().event().map(e -> e.name())).hasValue(EventNames.ROUND_OPENED);
        }

        @Test
        void refuses_a_new_round_while_the_last_one_is_open_closed_proposed_or_disputed() {
            net.openRound();
            refuseOpen(); // OPEN
            net.closedRoundWithThreeUpdates(1);
            refuseOpen(); // CLOSED
            Consortium.Proposal p = proposal();
            net.propose(1, p);
            refuseOpen(); // PROPOSED
            net.attest(net.verifier1, 1, 1, "DISAGREE", p.outputHash());
            net.attest(net.verifier2, 1, 1, "DISAGREE", p.outputHash());
            net.resolve(net.coordinator, 1);
            assertThat(state(1)).isEqualTo("DISPUTED");
            refuseOpen(); // DISPUTED
        }

        @Test
        void refuses_an_unknown_task() {
            assertCode(net.refused(net.coordinator, t -> t.c().openRound(t.ctx(), "other")), ErrorCode.NOT_FOUND);
        }
    }

    @Nested
    class CloseRound {
        @BeforeEach
        void open() {
            net.openRound();
        }

        @Test
        void coordinator_closes_early_once_min_updates_are_in_with_the_accepted_set_in_key_order() {
            net.submitUpdate(net.trainer3, 1, model(3f), 30);
            net.submitUpdate(net.trainer1, 1, model(1f), 10);
            Map<String, Object> closed = Consortium.json(net.closeRound(net.coordinator, 1));
            assertThat(closed).containsEntry("state", "CLOSED").containsEntry("closedAt",
                    (double) net.now().getEpochSecond());
            List<String> keys = ((List<?>) closed.get("accepted")).stream()
                    .map(a -> (String) ((Map<?, ?>) a).get("key")).toList();
            assertThat(keys).containsExactlyElementsOf(keys.stream().sorted().toList()).hasSize(2);
            assertThat(net.lastStub().event().map(e -> e.name())).hasValue(EventNames.ROUND_CLOSED);
        }

        @Test
        void refuses_an_early_close_below_min_updates() {
            net.submitUpdate(net.trainer1, 1, model(1f), 10);
            assertCode(net.refused(net.coordinator, t -> t.c().closeRound(t.ctx(), "mnist", "1")),
                    ErrorCode.QUORUM_NOT_MET);
        }

        @Test
        void refuses_an_aggregator_or_verifier_before_the_deadline_and_lets_a_quorum_of_organisations_close_after_it() {
            net.closedRoundWithThreeUpdatesWithoutClosing();
            assertCode(net.refused(net.aggregator, t -> t.c().closeRound(t.ctx(), "mnist", "1")),
                    ErrorCode.DEADLINE_NOT_REACHED);
            assertCode(net.refused(net.verifier3, t -> t.c().closeRound(t.ctx(), "mnist", "1")),
                    ErrorCode.DEADLINE_NOT_REACHED);
            net.advance(Consortium.DURATION);
            assertThat(Consortium.json(net.closeRound(net.aggregator, 1))).containsEntry("state", "OPEN");
            assertThat(Consortium.json(net.closeRound(net.verifier3, 1))).containsEntry("state", "CLOSED");
        }

        @Test
        void trainers_can_never_close() {
            net.advance(Consortium.DURATION * 2);
            assertCode(net.refused(net.trainer1, t -> t.c().closeRound(t.ctx(), "mnist", "1")), ErrorCode.FORBIDDEN);
        }

        @Test
        void fails_the_round_after_the_deadline_with_too_few_updates() {
            net.advance(Consortium.DURATION + 2);
            Map<String, Object> failed = Consortium.json(net.closeRound(net.coordinator, 1));
            assertThat(failed).containsEntry("state", "FAILED").containsEntry("accepted", List.of());
            assertThat(net.lastStub().event().map(e -> e.name())).hasValue(EventNames.ROUND_FAILED);
            refuseClose(1); // FAILED
        }

        /**
         * Four trainers of four organisations submit to a task that accepts 3 updates a round; trainer1
         * submits last, either honestly or stamping its transaction with the round's opening second.
         */
        private Map<String, Object> closeOverCapacity(boolean trainer1BackDates) {
            Consortium four = Consortium.fresh().registered();
            var org4 = org.fedledger.chaincode.testing.TestOrg.of("Org4MSP");
            var trainer4 = org4.member("trainer4");
            four.register(org4.admin("admin4"), trainer4, "trainer");
            four.withTask(Consortium.taskJson(Map.of("allowedOrgs", List.of("Org1MSP", "Org2MSP", "Org3MSP",
                    "Org4MSP"))));
            four.openRound();
            java.time.Instant opened = four.now();
            four.submitUpdate(four.trainer2, 1, model(2f), 20);
            four.submitUpdate(four.trainer3, 1, model(3f), 30);
            four.submitUpdate(trainer4, 1, model(4f), 40);
            java.time.Instant honest = four.now();
            if (trainer1BackDates) {
                four.at(opened.minusSeconds(1)); // the next transaction is stamped with the opening second
            }
            four.submitUpdate(four.trainer1, 1, model(1f), 10);
            four.at(honest.plusSeconds(5));
            return Consortium.json(four.closeRound(four.coordinator, 1));
        }

        @Test
        void over_capacity_updates_are_chosen_by_a_rank_no_client_controls() {
            Map<String, Object> inOrder = closeOverCapacity(false);
            Map<String, Object> backDated = closeOverCapacity(true);
            assertThat((List<?>) inOrder.get("accepted")).hasSize(3);
            assertThat((List<?>) inOrder.get("overCapacity")).hasSize(1);
            assertThat(backDated.get("accepted")).isEqualTo(inOrder.get("accepted"));
            assertThat(backDated.get("overCapacity")).isEqualTo(inOrder.get("overCapacity"));
            // The rank: SHA-256 of the base model hash, U+0000 and the update key; the highest is left out.
            String base = (String) inOrder.get("baseModelHash");
            Map<?, ?> left = (Map<?, ?>) ((List<?>) inOrder.get("overCapacity")).get(0);
            String leftRank = org.fedledger.core.model.ContentHash.of((base + "\u0000" + left.get("key"))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)).hex();
            for (Object o : (List<?>) inOrder.get("accepted")) {
                String rank = org.fedledger.core.model.ContentHash.of((base + "\u0000" + ((Map<?, ?>) o).get("key"))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)).hex();
                assertThat(rank).isLessThan(leftRank);
            }
        }

        @Test
        void refuses_closing_a_closed_proposed_or_final_round() {
            net.closedRoundWithThreeUpdatesWithoutClosing();
            net.closeRound(net.coordinator, 1);
            refuseClose(1); // CLOSED
            Consortium.Proposal p = proposal();
            net.propose(1, p);
            refuseClose(1); // PROPOSED
            net.attest(net.verifier2, 1, 1, "AGREE", p.outputHash());
            net.attest(net.verifier3, 1, 1, "AGREE", p.outputHash());
            net.resolve(net.coordinator, 1);
            assertThat(state(1)).isEqualTo("FINAL");
            refuseClose(1); // FINAL
            refusePropose(p); // FINAL
        }
    }

    @Nested
    class ProposeAndAttestStates {
        @Test
        void refuses_proposals_for_open_and_proposed_rounds_and_attestations_for_non_proposed_rounds() {
            net.openRound();
            net.submitUpdate(net.trainer1, 1, model(1f), 100);
            net.submitUpdate(net.trainer2, 1, model(2f), 300);
            assertCode(net.refused(net.aggregator, t -> t.c().proposeModel(t.ctx(), "mnist", "1", "{}")),
                    ErrorCode.INVALID_STATE); // OPEN, not full (MergedTransitionsTest: a full round closes with its proposal)
            net.submitUpdate(net.trainer3, 1, model(3f), 600);
            net.closeRound(net.coordinator, 1);
            Consortium.Proposal p = proposal();
            assertCode(net.refused(net.verifier1, t -> t.c().attestModel(t.ctx(), "mnist", "1", "1", "AGREE",
                    p.outputHash())), ErrorCode.NOT_FOUND); // CLOSED, no proposal yet
            net.propose(1, p);
            refusePropose(p); // PROPOSED
            assertCode(net.refused(net.verifier1, t -> t.c().attestModel(t.ctx(), "mnist", "1", "2", "AGREE",
                    p.outputHash())), ErrorCode.NOT_FOUND);
        }
    }
}

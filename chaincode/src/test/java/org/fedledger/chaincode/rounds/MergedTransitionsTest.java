package org.fedledger.chaincode.rounds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fedledger.chaincode.Consortium.assertCode;
import static org.fedledger.chaincode.Consortium.chunks;
import static org.fedledger.chaincode.Consortium.model;

import java.util.List;
import java.util.Map;
import org.fedledger.chaincode.Consortium;
import org.fedledger.chaincode.testing.TestIdentity;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.embedded.peer.SimulationStub;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.event.EventNames;
import org.fedledger.protocol.event.LedgerEvent;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.key.TransientKeys;
import org.fedledger.protocol.mapping.RoundAggregate;
import org.fedledger.protocol.mapping.RoundInputs;
import org.fedledger.protocol.record.ModelRecord;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.RoundState;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.record.UpdateRecord;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The merged transitions of issue 25 item 1 (docs/round-modes.md): a full round closes with its
 * proposal, and the owner's next open makes a round whose proposal has its quorum FINAL. Each race
 * with a transaction that the merge could have slipped past is settled by validation.
 */
class MergedTransitionsTest {
    private final Consortium net = Consortium.fresh();
    private final TestIdentity trainer4 = net.org2.member("trainer4");
    private final TestIdentity aggregator2 = net.org2.member("aggregator2");

    @BeforeEach
    void openRoundOfTheStandardTask() {
        net.registered().withTask();
        net.register(net.admin2, trainer4, "trainer");
        net.register(net.admin2, aggregator2, "aggregator");
        net.openRound();
    }

    /** What the owner's aggregator proposes on an OPEN round: the aggregate of the set its close would fix. */
    private Consortium.Proposal aggregateOpen(int number) {
        TaskRecord task = net.task();
        RoundRecord open = net.round(number);
        List<UpdateRecord> updates = RecordJson.readList(net.evaluate(net.aggregator,
                t -> t.c().listUpdates(t.ctx(), "mnist", String.valueOf(number))), UpdateRecord.class);
        RoundRecord closed = RoundInputs.closedOver(task, open, updates, open.openedAt(), open.txId());
        byte[] base = net.evaluate(net.aggregator, t -> t.c().readModelPayload(t.ctx(), "mnist",
                String.valueOf(open.baseVersion())));
        RoundAggregate a = RoundInputs.aggregate(task, closed, RuleSpec.of(RuleName.FEDAVG), ModelCodec.decode(base),
                u -> net.evaluate(net.aggregator, t -> t.c().readUpdatePayload(t.ctx(), "mnist",
                        String.valueOf(number), u.contributor())));
        return new Consortium.Proposal(a.manifest(), ModelCodec.encode(a.output()));
    }

    private SimulationStub simulatePropose(TestIdentity who, int number, Consortium.Proposal p) {
        SimulationStub stub = net.newStub(who, net.now(), chunks(TransientKeys.MODEL_PREFIX, p.output(), 2));
        net.contract.proposeModel(net.contract.createContext(stub), "mnist", String.valueOf(number),
                RecordJson.write(p.manifest()));
        return stub;
    }

    private SimulationStub simulateSubmit(TestIdentity trainer, int number, float seed) {
        byte[] bytes = ModelCodec.encode(model(seed));
        SimulationStub stub = net.newStub(trainer, net.now(), chunks(TransientKeys.UPDATE_PREFIX, bytes, 1));
        net.contract.submitUpdate(net.contract.createContext(stub), "mnist", String.valueOf(number),
                ContentHash.of(bytes).hex(), "50", "0");
        return stub;
    }

    @Nested
    class ProposalClosesAFullRound {
        @Test
        void the_owners_aggregator_closes_a_full_round_and_proposes_in_one_transaction() {
            net.closedRoundWithThreeUpdatesWithoutClosing();
            Consortium.Proposal p = aggregateOpen(1);
            net.propose(1, p);
            SimulationStub merged = net.lastStub();
            RoundRecord r = net.round(1);
            assertThat(r.state()).isEqualTo(RoundState.PROPOSED);
            assertThat(r.proposalSeq()).isEqualTo(1);
            assertThat(r.closedAt()).isEqualTo(net.now().getEpochSecond());
            assertThat(r.accepted()).extracting(a -> a.contributor()).containsExactlyInAnyOrder(net.trainer1.id(),
                    net.trainer2.id(), net.trainer3.id());
            assertThat(r.overCapacity()).isEmpty();
            assertThat(r.txId()).isEqualTo(merged.getTxId());
            assertThat(merged.event().map(e -> e.name())).hasValue(EventNames.MODEL_PROPOSED);
            // The same manifest checks as after a close: the verifiers' replay of the closed round agrees.
            RoundInputs.closedRound(net.task(), r).check(p.manifest());
        }

        @Test
        void the_closed_round_is_what_close_round_would_have_fixed() {
            net.closedRoundWithThreeUpdatesWithoutClosing();
            RoundRecord expected = RoundInputs.closedOver(net.task(), net.round(1), RecordJson.readList(net.evaluate(
                    net.auditor, t -> t.c().listUpdates(t.ctx(), "mnist", "1")), UpdateRecord.class), 0, "");
            net.propose(1, aggregateOpen(1));
            assertThat(net.round(1).accepted()).isEqualTo(expected.accepted());
        }

        @Test
        void a_full_round_of_a_centrally_noised_task_does_not_close_with_its_proposal_because_the_close_seeds_the_noise() {
            Consortium noisy = Consortium.fresh();
            noisy.registered().withTask(Consortium.taskJson(Map.of("rule", Map.of("name", "exact_fedavg", "params",
                    Map.of("scale_bits", "24", "clip_norm", "1", "central_noise_sigma", "1")))));
            noisy.openRound();
            noisy.closedRoundWithThreeUpdatesWithoutClosing();
            var e = noisy.refused(noisy.aggregator, chunks(TransientKeys.MODEL_PREFIX,
                    ModelCodec.encode(Consortium.initialModel()), 1),
                    t -> t.c().proposeModel(t.ctx(), Consortium.TASK, "1", "{}"));
            assertCode(e, ErrorCode.INVALID_STATE);
            assertThat(e.getMessage()).contains("must be closed before its proposal");
        }

        @Test
        void refuses_a_proposal_on_an_open_round_that_is_not_full() {
            net.submitUpdate(net.trainer1, 1, model(1f), 100);
            net.submitUpdate(net.trainer2, 1, model(2f), 300);
            Consortium.Proposal p = aggregateOpen(1);
            var e = net.refused(net.aggregator, chunks(TransientKeys.MODEL_PREFIX, p.output(), 2),
                    t -> t.c().proposeModel(t.ctx(), "mnist", "1", RecordJson.write(p.manifest())));
            assertCode(e, ErrorCode.INVALID_STATE);
            assertThat(e.getMessage()).contains("2 of its 3 updates");
            assertThat(net.round(1).state()).isEqualTo(RoundState.OPEN);
        }

        @Test
        void refuses_a_proposal_on_a_full_open_round_from_an_aggregator_of_another_organisation() {
            net.closedRoundWithThreeUpdatesWithoutClosing();
            Consortium.Proposal p = aggregateOpen(1);
            assertCode(net.refused(aggregator2, chunks(TransientKeys.MODEL_PREFIX, p.output(), 2),
                    t -> t.c().proposeModel(t.ctx(), "mnist", "1", RecordJson.write(p.manifest()))),
                    ErrorCode.INVALID_STATE);
            assertThat(net.round(1).state()).isEqualTo(RoundState.OPEN);
        }

        @Test
        void refuses_a_manifest_that_leaves_out_an_update_of_the_full_round() {
            net.submitUpdate(net.trainer1, 1, model(1f), 100);
            net.submitUpdate(net.trainer2, 1, model(2f), 300);
            Consortium.Proposal early = aggregateOpen(1);
            net.submitUpdate(net.trainer3, 1, model(3f), 600);
            assertCode(net.refused(net.aggregator, chunks(TransientKeys.MODEL_PREFIX, early.output(), 2),
                    t -> t.c().proposeModel(t.ctx(), "mnist", "1", RecordJson.write(early.manifest()))),
                    ErrorCode.MANIFEST_MISMATCH);
            assertThat(net.round(1).state()).isEqualTo(RoundState.OPEN);
        }

        @Test
        void a_submit_simulated_before_the_merged_close_fails_validation_when_committed_after_it() {
            net.closedRoundWithThreeUpdatesWithoutClosing();
            SimulationStub late = simulateSubmit(trainer4, 1, 4f);
            net.propose(1, aggregateOpen(1));
            assertThat(net.ledger.commit(late).code()).isEqualTo(TxValidationCode.MVCC_READ_CONFLICT);
            assertThat(net.round(1).accepted()).hasSize(3);
        }

        @Test
        void the_merged_close_simulated_before_a_submit_fails_validation_when_committed_after_it() {
            net.closedRoundWithThreeUpdatesWithoutClosing();
            SimulationStub merged = simulatePropose(net.aggregator, 1, aggregateOpen(1));
            SimulationStub over = simulateSubmit(trainer4, 1, 4f);
            assertThat(net.ledger.commit(over).isValid()).isTrue();
            // The fourth update may change which three a close admits: the proposal saw a set that is no more.
            assertThat(net.ledger.commit(merged).code()).isEqualTo(TxValidationCode.PHANTOM_READ_CONFLICT);
            assertThat(net.round(1).state()).isEqualTo(RoundState.OPEN);
        }
    }

    @Nested
    class OpenFinalisesTheLastRound {
        private Consortium.Proposal proposed;

        @BeforeEach
        void proposedRound() {
            net.closedRoundWithThreeUpdatesWithoutClosing();
            proposed = aggregateOpen(1);
            net.propose(1, proposed);
        }

        /** Org2's and Org3's verifiers agree: the quorum of two eligible organisations. */
        private void agreedByTwoOrganisations() {
            net.attest(net.verifier2, 1, 1, "AGREE", proposed.outputHash());
            net.attest(net.verifier3, 1, 1, "AGREE", proposed.outputHash());
        }

        @Test
        void the_owners_open_makes_the_agreed_round_final_and_opens_the_next_from_its_model() {
            agreedByTwoOrganisations();
            RoundRecord next = RecordJson.read(net.openRound(), RoundRecord.class);
            SimulationStub open = net.lastStub();

            RoundRecord first = net.round(1);
            assertThat(first.state()).isEqualTo(RoundState.FINAL);
            assertThat(first.txId()).isEqualTo(open.getTxId());
            ModelRecord v1 = RecordJson.read(net.evaluate(net.auditor, t -> t.c().getGlobalModel(t.ctx(), "mnist", "1")),
                    ModelRecord.class);
            assertThat(v1.hash().hex()).isEqualTo(proposed.outputHash());
            assertThat(v1.round()).isEqualTo(1);
            assertThat(v1.proposalSeq()).isEqualTo(1);
            assertThat(v1.attestedBy()).containsExactly("Org2MSP", "Org3MSP");
            assertThat(v1.txId()).isEqualTo(open.getTxId());
            TaskRecord task = net.task();
            assertThat(task.currentVersion()).isEqualTo(1);
            assertThat(task.lastRound()).isEqualTo(2);
            assertThat(next.round()).isEqualTo(2);
            assertThat(next.state()).isEqualTo(RoundState.OPEN);
            assertThat(next.baseVersion()).isEqualTo(1);
            assertThat(next.baseModelHash().hex()).isEqualTo(proposed.outputHash());
            LedgerEvent.RoundAdvanced event = RecordJson.read(new String(open.event().orElseThrow().payload(),
                    java.nio.charset.StandardCharsets.UTF_8), LedgerEvent.RoundAdvanced.class);
            assertThat(open.event().orElseThrow().name()).isEqualTo(EventNames.ROUND_ADVANCED);
            assertThat(event.finalised()).isEqualTo(new LedgerEvent.ModelFinal("mnist", 1, 1, 1,
                    ContentHash.parse(proposed.outputHash()), List.of("Org2MSP", "Org3MSP")));
            assertThat(event.opened()).isEqualTo(new LedgerEvent.RoundOpened("mnist", 2, 1, next.deadline()));
        }

        @Test
        void writes_the_model_record_a_resolve_would_have_written() {
            agreedByTwoOrganisations();
            SimulationStub resolve = net.newStub(net.verifier1, net.now(), Map.of());
            net.contract.resolveRound(net.contract.createContext(resolve), "mnist", "1");
            SimulationStub open = net.newStub(net.coordinator, net.now(), Map.of());
            net.contract.openRound(net.contract.createContext(open), "mnist");
            String byResolve = new String(resolve.readWriteSet().writes().get(Keys.model("mnist", 1)),
                    java.nio.charset.StandardCharsets.UTF_8);
            String byOpen = new String(open.readWriteSet().writes().get(Keys.model("mnist", 1)),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertThat(byOpen).isEqualTo(byResolve.replace(resolve.getTxId(), open.getTxId()));
        }

        @Test
        void refuses_to_open_while_the_proposal_lacks_its_quorum() {
            net.attest(net.verifier2, 1, 1, "AGREE", proposed.outputHash());
            net.attest(net.verifier1, 1, 1, "AGREE", proposed.outputHash()); // the proposer's organisation: not eligible
            assertCode(net.refused(net.coordinator, t -> t.c().openRound(t.ctx(), "mnist")), ErrorCode.INVALID_STATE);
            assertThat(net.round(1).state()).isEqualTo(RoundState.PROPOSED);
        }

        @Test
        void refuses_to_open_after_a_disagreement_puts_the_quorum_out_of_reach() {
            net.attest(net.verifier2, 1, 1, "AGREE", proposed.outputHash());
            net.attest(net.verifier3, 1, 1, "DISAGREE", proposed.outputHash());
            assertCode(net.refused(net.coordinator, t -> t.c().openRound(t.ctx(), "mnist")), ErrorCode.INVALID_STATE);
        }

        @Test
        void only_the_owners_coordinator_opens() {
            agreedByTwoOrganisations();
            assertCode(net.refused(net.aggregator, t -> t.c().openRound(t.ctx(), "mnist")), ErrorCode.FORBIDDEN);
            assertThat(net.round(1).state()).isEqualTo(RoundState.PROPOSED);
        }

        @Test
        void a_resolve_racing_with_the_merged_open_is_invalidated_and_the_round_is_final_once() {
            agreedByTwoOrganisations();
            SimulationStub resolve = net.newStub(net.verifier1, net.now(), Map.of());
            net.contract.resolveRound(net.contract.createContext(resolve), "mnist", "1");
            net.openRound();
            assertThat(net.ledger.commit(resolve).code()).isEqualTo(TxValidationCode.MVCC_READ_CONFLICT);
            assertThat(net.task().currentVersion()).isEqualTo(1);
            assertThat(net.round(1).state()).isEqualTo(RoundState.FINAL);
        }

        @Test
        void the_merged_open_racing_with_a_resolve_committed_first_is_invalidated() {
            agreedByTwoOrganisations();
            SimulationStub open = net.newStub(net.coordinator, net.now(), Map.of());
            net.contract.openRound(net.contract.createContext(open), "mnist");
            net.resolve(net.verifier1, 1);
            assertThat(net.ledger.commit(open).code()).isEqualTo(TxValidationCode.MVCC_READ_CONFLICT);
            assertThat(net.task().lastRound()).isEqualTo(1);
            assertThat(net.task().currentVersion()).isEqualTo(1);
        }

        @Test
        void a_late_attestation_simulated_before_the_merged_open_fails_validation_after_it() {
            agreedByTwoOrganisations();
            SimulationStub late = net.newStub(net.verifier1, net.now(), Map.of());
            net.contract.attestModel(net.contract.createContext(late), "mnist", "1", "1", "DISAGREE",
                    proposed.outputHash());
            net.openRound();
            assertThat(net.ledger.commit(late).code()).isEqualTo(TxValidationCode.MVCC_READ_CONFLICT);
        }
    }
}

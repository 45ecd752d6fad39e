package org.fedledger.chaincode.rounds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fedledger.chaincode.Consortium.assertCode;
import static org.fedledger.chaincode.Consortium.chunks;
import static org.fedledger.chaincode.Consortium.model;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.fedledger.chaincode.Consortium;
import org.fedledger.chaincode.errors.FedLedgerException;
import org.fedledger.chaincode.testing.TestIdentity;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.manifest.AggregationManifest;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.Model;
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
import org.fedledger.protocol.record.ProposalRecord;
import org.fedledger.protocol.record.Quorum;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.RoundFailure;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.RoundState;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.record.UpdateRecord;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Pipelined rounds (docs/round-modes.md): the owner's {@code proposeAndOpen} proposes round r and opens
 * r + 1 on the proposal; r + 1's proposal makes r FINAL first, and only with r's quorum; a round whose
 * base will never be FINAL is failed by a resolve and never proposed.
 */
class PipelinedRoundsTest {
    private final Consortium net = Consortium.fresh();
    /** The owner organisation's aggregator that also coordinates: the driver's identity. */
    private final TestIdentity driver = net.org1.member("driver");

    @BeforeEach
    void firstRoundFull() {
        net.registered().withTask();
        net.register(net.admin1, driver, "coordinator,aggregator");
        net.openRound();
        net.closedRoundWithThreeUpdatesWithoutClosing();
    }

    /** The base a round trains from: a FINAL model, or the previous round's proposal it was opened on. */
    private Model baseOf(RoundRecord r) {
        byte[] bytes = r.baseVersion() <= net.task().currentVersion()
                ? net.evaluate(net.trainer2, t -> t.c().readModelPayload(t.ctx(), "mnist", String.valueOf(r.baseVersion())))
                : net.evaluate(net.trainer2, t -> t.c().readProposalPayload(t.ctx(), "mnist",
                        String.valueOf(r.round() - 1), String.valueOf(net.round(r.round() - 1).proposalSeq())));
        assertThat(ContentHash.of(bytes)).isEqualTo(r.baseModelHash());
        return ModelCodec.decode(bytes);
    }

    /** What the owner's aggregator proposes on a full OPEN round: the aggregate of the set its close fixes. */
    private Consortium.Proposal aggregateOpen(int number) {
        TaskRecord task = net.task();
        RoundRecord open = net.round(number);
        List<UpdateRecord> updates = RecordJson.readList(net.evaluate(net.aggregator,
                t -> t.c().listUpdates(t.ctx(), "mnist", String.valueOf(number))), UpdateRecord.class);
        RoundRecord closed = RoundInputs.closedOver(task, open, updates, open.openedAt(), open.txId());
        RoundAggregate a = RoundInputs.aggregate(task, closed, RuleSpec.of(RuleName.FEDAVG), baseOf(open),
                u -> net.evaluate(net.aggregator, t -> t.c().readUpdatePayload(t.ctx(), "mnist",
                        String.valueOf(number), u.contributor())));
        return new Consortium.Proposal(a.manifest(), ModelCodec.encode(a.output()));
    }

    private String proposeAndOpen(TestIdentity who, int number, Consortium.Proposal p) {
        return net.submit(who, chunks(TransientKeys.MODEL_PREFIX, p.output(), 2), t -> t.c().proposeAndOpen(t.ctx(),
                "mnist", String.valueOf(number), RecordJson.write(p.manifest())));
    }

    private FedLedgerException refusedProposeAndOpen(TestIdentity who, int number, Consortium.Proposal p) {
        return net.refused(who, chunks(TransientKeys.MODEL_PREFIX, p.output(), 2),
                t -> t.c().proposeAndOpen(t.ctx(), "mnist", String.valueOf(number), RecordJson.write(p.manifest())));
    }

    /** Trainers 1-3 submit {@code round}'s updates, declaring the round's base version. */
    private void fill(int number) {
        long base = net.round(number).baseVersion();
        int i = 0;
        for (TestIdentity trainer : List.of(net.trainer1, net.trainer2, net.trainer3)) {
            byte[] bytes = ModelCodec.encode(model(10f * number + i));
            long samples = 100L * ++i;
            net.submit(trainer, chunks(TransientKeys.UPDATE_PREFIX, bytes, 1), t -> t.c().submitUpdate(t.ctx(), "mnist",
                    String.valueOf(number), ContentHash.of(bytes).hex(), String.valueOf(samples), String.valueOf(base)));
        }
    }

    private void agree(int number, Consortium.Proposal p) {
        int seq = net.round(number).proposalSeq();
        net.attest(net.verifier2, number, seq, "AGREE", p.outputHash());
        net.attest(net.verifier3, number, seq, "AGREE", p.outputHash());
    }

    /** Round 1 proposed with round 2 opened on it, round 2 full, round 1's proposal agreed by Org2 and Org3. */
    private Consortium.Proposal roundTwoFullAndRoundOneAgreed() {
        Consortium.Proposal p1 = aggregateOpen(1);
        proposeAndOpen(driver, 1, p1);
        fill(2);
        agree(1, p1);
        return p1;
    }

    private static LedgerEvent.ProposalPipelined pipelinedEvent(SimulationStub stub) {
        assertThat(stub.event().orElseThrow().name()).isEqualTo(EventNames.PROPOSAL_PIPELINED);
        return RecordJson.read(new String(stub.event().orElseThrow().payload(), StandardCharsets.UTF_8),
                LedgerEvent.ProposalPipelined.class);
    }

    @Nested
    class TheProposalOpensTheNextRound {
        @Test
        void round_two_opens_on_round_ones_proposal_which_is_not_final() {
            Consortium.Proposal p1 = aggregateOpen(1);
            proposeAndOpen(driver, 1, p1);
            SimulationStub stub = net.lastStub();

            assertThat(net.round(1).state()).isEqualTo(RoundState.PROPOSED);
            RoundRecord two = net.round(2);
            assertThat(two.state()).isEqualTo(RoundState.OPEN);
            assertThat(two.baseVersion()).isEqualTo(1);
            assertThat(two.baseModelHash().hex()).isEqualTo(p1.outputHash());
            assertThat(two.txId()).isEqualTo(stub.getTxId());
            assertThat(net.task().lastRound()).isEqualTo(2);
            assertThat(net.task().currentVersion()).isZero();
            LedgerEvent.ProposalPipelined event = pipelinedEvent(stub);
            assertThat(event.finalised()).isNull();
            assertThat(event.proposed().round()).isEqualTo(1);
            assertThat(event.opened()).isEqualTo(new LedgerEvent.RoundOpened("mnist", 2, 1, two.deadline()));
            assertThat(event.parts()).containsExactly(event.proposed(), event.opened());
        }

        @Test
        void trainers_read_the_proposal_checked_against_its_hash_and_submit_from_its_version() {
            Consortium.Proposal p1 = aggregateOpen(1);
            proposeAndOpen(driver, 1, p1);
            assertThat(ModelCodec.encode(baseOf(net.round(2)))).isEqualTo(p1.output());
            fill(2);
            assertThat(RecordJson.readList(net.evaluate(net.auditor, t -> t.c().listUpdates(t.ctx(), "mnist", "2")),
                    UpdateRecord.class)).extracting(UpdateRecord::baseVersion).containsOnly(1L);
        }

        @Test
        void an_update_declaring_the_final_version_instead_of_the_proposal_is_refused() {
            proposeAndOpen(driver, 1, aggregateOpen(1));
            byte[] bytes = ModelCodec.encode(model(5f));
            assertCode(net.refused(net.trainer1, chunks(TransientKeys.UPDATE_PREFIX, bytes, 1),
                    t -> t.c().submitUpdate(t.ctx(), "mnist", "2", ContentHash.of(bytes).hex(), "10", "0")),
                    ErrorCode.STALE_BASE_MODEL);
        }

        @Test
        void a_proposal_of_round_two_before_round_one_has_its_quorum_is_refused() {
            proposeAndOpen(driver, 1, aggregateOpen(1));
            fill(2);
            Consortium.Proposal p2 = aggregateOpen(2);
            net.attest(net.verifier2, 1, 1, "AGREE", aggregateOpenHash(1));
            var e = refusedProposeAndOpen(driver, 2, p2);
            assertCode(e, ErrorCode.INVALID_STATE);
            assertThat(e.getMessage()).contains("not FINAL yet");
            assertThat(net.round(2).state()).isEqualTo(RoundState.OPEN);
            assertThat(net.round(1).state()).isEqualTo(RoundState.PROPOSED);
        }

        private String aggregateOpenHash(int number) {
            return net.evaluate(net.auditor, t -> RecordJson.read(t.c().getProposal(t.ctx(), "mnist",
                    String.valueOf(number), "1"), ProposalRecord.class)).outputHash().hex();
        }

        @Test
        void round_twos_proposal_makes_round_one_final_as_a_resolve_would_and_opens_round_three() {
            Consortium.Proposal p1 = roundTwoFullAndRoundOneAgreed();
            Consortium.Proposal p2 = aggregateOpen(2);

            // Both simulated at the same moment; the merged proposal commits first.
            SimulationStub resolve = net.newStub(net.verifier1, net.now(), Map.of());
            net.contract.resolveRound(net.contract.createContext(resolve), "mnist", "1");
            SimulationStub merged = net.newStub(driver, net.now(), chunks(TransientKeys.MODEL_PREFIX, p2.output(), 2));
            net.contract.proposeAndOpen(net.contract.createContext(merged), "mnist", "2", RecordJson.write(p2.manifest()));
            assertThat(net.ledger.commit(merged).isValid()).isTrue();

            assertThat(net.round(1).state()).isEqualTo(RoundState.FINAL);
            assertThat(net.round(2).state()).isEqualTo(RoundState.PROPOSED);
            assertThat(net.round(3).state()).isEqualTo(RoundState.OPEN);
            assertThat(net.round(3).baseVersion()).isEqualTo(2);
            assertThat(net.round(3).baseModelHash().hex()).isEqualTo(p2.outputHash());
            TaskRecord task = net.task();
            assertThat(task.currentVersion()).isEqualTo(1);
            assertThat(task.currentModelHash().hex()).isEqualTo(p1.outputHash());
            assertThat(task.lastRound()).isEqualTo(3);
            String byResolve = new String(resolve.readWriteSet().writes().get(Keys.model("mnist", 1)),
                    StandardCharsets.UTF_8);
            String byProposal = new String(merged.readWriteSet().writes().get(Keys.model("mnist", 1)),
                    StandardCharsets.UTF_8);
            assertThat(byProposal).isEqualTo(byResolve.replace(resolve.getTxId(), merged.getTxId()));
            LedgerEvent.ProposalPipelined event = pipelinedEvent(merged);
            assertThat(event.finalised()).isEqualTo(new LedgerEvent.ModelFinal("mnist", 1, 1, 1,
                    ContentHash.parse(p1.outputHash()), List.of("Org2MSP", "Org3MSP")));
            assertThat(event.parts()).containsExactly(event.finalised(), event.proposed(), event.opened());
            // The resolve that raced with it read the round the proposal changed.
            assertThat(net.ledger.commit(resolve).code()).isEqualTo(TxValidationCode.MVCC_READ_CONFLICT);
            assertThat(RecordJson.read(net.evaluate(net.auditor, t -> t.c().getGlobalModel(t.ctx(), "mnist", "1")),
                    ModelRecord.class).txId()).isEqualTo(merged.getTxId());
        }

        @Test
        void a_plain_proposal_of_round_two_also_finalises_round_one_and_opens_nothing() {
            Consortium.Proposal p1 = roundTwoFullAndRoundOneAgreed();
            Consortium.Proposal p2 = aggregateOpen(2);
            net.submit(net.aggregator, chunks(TransientKeys.MODEL_PREFIX, p2.output(), 2), t -> t.c().proposeModel(t.ctx(),
                    "mnist", "2", RecordJson.write(p2.manifest())));
            LedgerEvent.ProposalPipelined event = pipelinedEvent(net.lastStub());
            assertThat(event.finalised().round()).isEqualTo(1);
            assertThat(event.opened()).isNull();
            assertThat(net.task().lastRound()).isEqualTo(2);
            assertThat(net.task().currentVersion()).isEqualTo(1);
        }

        @Test
        void once_round_one_was_resolved_round_twos_proposal_finalises_nothing() {
            Consortium.Proposal p1 = roundTwoFullAndRoundOneAgreed();
            net.resolve(net.verifier1, 1);
            proposeAndOpen(driver, 2, aggregateOpen(2));
            assertThat(pipelinedEvent(net.lastStub()).finalised()).isNull();
            assertThat(net.task().currentVersion()).isEqualTo(1);
        }

        @Test
        void a_submit_to_round_two_racing_with_its_merged_close_is_invalidated() {
            Consortium.Proposal p1 = roundTwoFullAndRoundOneAgreed();
            TestIdentity trainer4 = net.org2.member("trainer4");
            net.register(net.admin2, trainer4, "trainer");
            byte[] bytes = ModelCodec.encode(model(9f));
            SimulationStub late = net.newStub(trainer4, net.now(), chunks(TransientKeys.UPDATE_PREFIX, bytes, 1));
            net.contract.submitUpdate(net.contract.createContext(late), "mnist", "2", ContentHash.of(bytes).hex(), "10",
                    "1");
            proposeAndOpen(driver, 2, aggregateOpen(2));
            assertThat(net.ledger.commit(late).code()).isEqualTo(TxValidationCode.MVCC_READ_CONFLICT);
        }
    }

    @Nested
    class ABaseThatWillNeverBeFinal {
        private Consortium.Proposal p1;

        @BeforeEach
        void roundTwoOpenOnRoundOnesProposal() {
            p1 = aggregateOpen(1);
            proposeAndOpen(driver, 1, p1);
            fill(2);
        }

        /** A proposal of the same round with another output: what a dishonest aggregator sends. */
        private Consortium.Proposal forged(Consortium.Proposal honest) {
            byte[] other = ModelCodec.encode(model(42f));
            AggregationManifest m = honest.manifest();
            return new Consortium.Proposal(new AggregationManifest(m.taskId(), m.round(), m.baseModelHash(), m.rule(),
                    m.inputs(), m.exclusions(), ContentHash.of(other), m.evidence()), other);
        }

        private void dispute(int number) {
            int seq = net.round(number).proposalSeq();
            net.attest(net.verifier2, number, seq, "DISAGREE", ContentHash.of(new byte[] {7}).hex());
            net.resolve(net.verifier2, number);
            assertThat(net.round(number).state()).isEqualTo(RoundState.DISPUTED);
        }

        @Test
        void round_one_final_with_another_model_fails_round_two_on_resolve_and_its_proposal_is_refused() {
            dispute(1);
            Consortium.Proposal again = forged(p1);
            net.propose(1, again);
            agree(1, again);
            net.resolve(net.verifier1, 1);
            assertThat(net.task().currentModelHash().hex()).isEqualTo(again.outputHash());

            Consortium.Proposal p2 = aggregateOpenOnStaleBase();
            var e = refusedProposeAndOpen(driver, 2, p2);
            assertCode(e, ErrorCode.INVALID_STATE);
            assertThat(e.getMessage()).contains("will never be FINAL");

            RoundRecord failed = RecordJson.read(net.resolve(net.verifier3, 2), RoundRecord.class);
            assertThat(failed.state()).isEqualTo(RoundState.FAILED);
            assertThat(Consortium.json(new String(net.lastStub().event().orElseThrow().payload(),
                    StandardCharsets.UTF_8))).containsEntry("reason", RoundFailure.BASE_SUPERSEDED.name());
            RoundRecord three = RecordJson.read(net.openRound(), RoundRecord.class);
            assertThat(three.round()).isEqualTo(3);
            assertThat(three.baseVersion()).isEqualTo(1);
            assertThat(three.baseModelHash().hex()).isEqualTo(again.outputHash());
        }

        /** Round two's aggregate over its base as it was opened (round one's first proposal). */
        private Consortium.Proposal aggregateOpenOnStaleBase() {
            TaskRecord task = net.task();
            RoundRecord open = net.round(2);
            List<UpdateRecord> updates = RecordJson.readList(net.evaluate(net.aggregator,
                    t -> t.c().listUpdates(t.ctx(), "mnist", "2")), UpdateRecord.class);
            RoundRecord closed = RoundInputs.closedOver(task, open, updates, open.openedAt(), open.txId());
            RoundAggregate a = RoundInputs.aggregate(task, closed, RuleSpec.of(RuleName.FEDAVG),
                    ModelCodec.decode(p1.output()), u -> net.evaluate(net.aggregator,
                            t -> t.c().readUpdatePayload(t.ctx(), "mnist", "2", u.contributor())));
            return new Consortium.Proposal(a.manifest(), ModelCodec.encode(a.output()));
        }

        @Test
        void a_disputed_round_re_proposed_with_the_same_output_keeps_round_two_alive() {
            dispute(1);
            net.propose(1, p1);
            agree(1, p1);
            proposeAndOpen(driver, 2, aggregateOpen(2));
            assertThat(net.round(1).state()).isEqualTo(RoundState.FINAL);
            assertThat(net.round(1).proposalSeq()).isEqualTo(2);
            assertThat(net.round(2).state()).isEqualTo(RoundState.PROPOSED);
        }

        @Test
        void while_round_one_is_disputed_round_two_waits_and_is_not_failed() {
            dispute(1);
            assertCode(net.refused(net.verifier3, t -> t.c().resolveRound(t.ctx(), "mnist", "2")),
                    ErrorCode.INVALID_STATE);
            assertThat(net.round(2).state()).isEqualTo(RoundState.OPEN);
        }

        @Test
        void round_one_failed_fails_round_two_on_resolve_and_the_next_round_trains_from_version_zero() {
            for (int seq = 1; seq <= Quorum.MAX_PROPOSALS_PER_ROUND; seq++) {
                if (seq > 1) {
                    net.propose(1, p1);
                }
                net.attest(net.verifier2, 1, seq, "DISAGREE", ContentHash.of(new byte[] {7}).hex());
                net.resolve(net.verifier2, 1);
            }
            assertThat(net.round(1).state()).isEqualTo(RoundState.FAILED);
            assertThat(RecordJson.read(net.resolve(net.verifier3, 2), RoundRecord.class).state())
                    .isEqualTo(RoundState.FAILED);
            RoundRecord three = RecordJson.read(net.openRound(), RoundRecord.class);
            assertThat(three.baseVersion()).isZero();
            assertThat(three.baseModelHash()).isEqualTo(net.task().currentModelHash());
        }
    }

    @Nested
    class Refusals {
        @Test
        void an_aggregator_that_is_not_a_coordinator_of_the_owner_cannot_open() {
            assertCode(refusedProposeAndOpen(net.aggregator, 1, aggregateOpen(1)), ErrorCode.FORBIDDEN);
            assertThat(net.round(1).state()).isEqualTo(RoundState.OPEN);
        }

        @Test
        void only_the_latest_round_opens_the_next() {
            proposeAndOpen(driver, 1, aggregateOpen(1));
            // Round one, disputed, is proposed again while round two is the latest.
            net.attest(net.verifier2, 1, 1, "DISAGREE", ContentHash.of(new byte[] {7}).hex());
            net.resolve(net.verifier2, 1);
            var e = refusedProposeAndOpen(driver, 1, aggregateOpenOf(1));
            assertCode(e, ErrorCode.INVALID_STATE);
            assertThat(e.getMessage()).contains("not its latest");
        }

        /** Round {@code number}'s aggregate as proposed already (its accepted set is fixed). */
        private Consortium.Proposal aggregateOpenOf(int number) {
            TaskRecord task = net.task();
            RoundRecord r = net.round(number);
            RoundAggregate a = RoundInputs.aggregate(task, r, RuleSpec.of(RuleName.FEDAVG), baseOf(r),
                    u -> net.evaluate(net.aggregator, t -> t.c().readUpdatePayload(t.ctx(), "mnist",
                            String.valueOf(number), u.contributor())));
            return new Consortium.Proposal(a.manifest(), ModelCodec.encode(a.output()));
        }

        @Test
        void a_proposal_payload_is_read_only_by_the_tasks_organisations_and_only_for_a_proposal_that_exists() {
            assertCode(net.refused(net.trainer1, t -> t.c().readProposalPayload(t.ctx(), "mnist", "1", "1")),
                    ErrorCode.NOT_FOUND);
        }
    }

    @Nested
    class BufferedTasks {
        /**
         * A buffered task pipelines: buffer 2 opens on buffer 1's proposal (version 1, not FINAL) and admits an
         * update trained from the FINAL version 0 one version staler, at half its weight; buffer 2's proposal
         * makes buffer 1 FINAL.
         */
        @Test
        void a_buffered_task_pipelines_and_its_next_buffer_admits_an_update_from_the_final_model_staler() {
            Consortium buffered = Consortium.fresh();
            TestIdentity owner = buffered.org1.member("driver");
            buffered.registered().withTask(Consortium.taskJson(Map.of("rule", Map.of("name", "fedavg", "params",
                    Map.of("max_staleness", "2")))));
            buffered.register(buffered.admin1, owner, "coordinator,aggregator");
            buffered.openRound();
            buffered.closedRoundWithThreeUpdatesWithoutClosing();
            Consortium.Proposal p1 = bufferedAggregate(buffered, 1, ModelCodec.decode(buffered.evaluate(buffered.trainer2,
                    t -> t.c().readModelPayload(t.ctx(), Consortium.TASK, "0"))));
            buffered.submit(owner, chunks(TransientKeys.MODEL_PREFIX, p1.output(), 2), t -> t.c().proposeAndOpen(t.ctx(),
                    Consortium.TASK, "1", RecordJson.write(p1.manifest())));
            RoundRecord two = buffered.round(2);
            assertThat(buffered.round(1).state()).isEqualTo(RoundState.PROPOSED);
            assertThat(two.state()).isEqualTo(RoundState.OPEN);
            assertThat(two.baseVersion()).isEqualTo(1);
            assertThat(buffered.task().currentVersion()).isZero();

            // Trainer 1 trained from the FINAL version 0 (one behind the buffer's base), the others from the proposal.
            int i = 0;
            for (TestIdentity trainer : List.of(buffered.trainer1, buffered.trainer2, buffered.trainer3)) {
                byte[] bytes = ModelCodec.encode(model(20f + i));
                String from = i == 0 ? "0" : "1";
                long samples = 100L * ++i;
                buffered.submit(trainer, chunks(TransientKeys.UPDATE_PREFIX, bytes, 1), t -> t.c().submitUpdate(t.ctx(),
                        Consortium.TASK, "2", ContentHash.of(bytes).hex(), String.valueOf(samples), from));
            }
            buffered.attest(buffered.verifier2, 1, 1, "AGREE", p1.outputHash());
            buffered.attest(buffered.verifier3, 1, 1, "AGREE", p1.outputHash());
            Consortium.Proposal p2 = bufferedAggregate(buffered, 2, ModelCodec.decode(p1.output()));
            buffered.submit(owner, chunks(TransientKeys.MODEL_PREFIX, p2.output(), 2), t -> t.c().proposeAndOpen(t.ctx(),
                    Consortium.TASK, "2", RecordJson.write(p2.manifest())));

            assertThat(buffered.round(1).state()).isEqualTo(RoundState.FINAL);
            assertThat(buffered.task().currentVersion()).isEqualTo(1);
            assertThat(buffered.task().currentModelHash().hex()).isEqualTo(p1.outputHash());
            assertThat(buffered.round(2).state()).isEqualTo(RoundState.PROPOSED);
            // L = lcm(1, 2, 3) = 6: the stale update weighs 100 * 6 / 2, a fresh one 200 * 6 (the third, 300 * 6,
            // is capped by the organisation bound).
            assertThat(buffered.round(2).accepted()).hasSize(3).extracting(a -> a.samples()).contains(300L, 1200L);
            assertThat(buffered.round(3).baseVersion()).isEqualTo(2);
        }

        /** What the owner's aggregator proposes on full buffer {@code number} of {@code buffered} from {@code base}. */
        private Consortium.Proposal bufferedAggregate(Consortium buffered, int number, Model base) {
            TaskRecord task = buffered.task();
            RoundRecord open = buffered.round(number);
            List<UpdateRecord> updates = RecordJson.readList(buffered.evaluate(buffered.aggregator,
                    t -> t.c().listUpdates(t.ctx(), Consortium.TASK, String.valueOf(number))), UpdateRecord.class);
            RoundRecord closed = RoundInputs.closedOver(task, open, updates, open.openedAt(), open.txId());
            RoundAggregate a = RoundInputs.aggregate(task, closed, task.rule().spec(), base,
                    u -> buffered.evaluate(buffered.aggregator, t -> t.c().readUpdatePayload(t.ctx(), Consortium.TASK,
                            String.valueOf(number), u.contributor())));
            return new Consortium.Proposal(a.manifest(), ModelCodec.encode(a.output()));
        }
    }
}

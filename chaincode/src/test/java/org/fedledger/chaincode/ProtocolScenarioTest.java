package org.fedledger.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.embedded.block.Event;
import org.fedledger.embedded.peer.SimulatedChannel;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.event.EventNames;
import org.fedledger.protocol.record.RecordJson;
import org.junit.jupiter.api.Test;

/** The round protocol end to end, in the protocol's words, on one fake channel. */
class ProtocolScenarioTest {
    private final Consortium net = Consortium.fresh();

    @Test
    void three_organisations_train_one_round_to_a_final_global_model() {
        // Each organisation's admin registers its people; the coordinator creates the task with model v0.
        net.registered().withTask();
        // The coordinator opens round 1; three trainers of three organisations submit their updates.
        Map<String, Object> round = Consortium.json(net.openRound());
        assertThat(round).containsEntry("state", "OPEN").containsEntry("baseModelHash",
                Consortium.hashOf(Consortium.initialModel()));
        net.submitUpdate(net.trainer1, 1, Consortium.model(1f), 100);
        net.submitUpdate(net.trainer2, 1, Consortium.model(2f), 300);
        net.submitUpdate(net.trainer3, 1, Consortium.model(3f), 600);
        // The coordinator closes the round: three accepted updates in key order.
        Map<String, Object> closed = Consortium.json(net.closeRound(net.coordinator, 1));
        assertThat(closed).containsEntry("state", "CLOSED");
        assertThat((List<?>) closed.get("accepted")).hasSize(3);
        // The aggregator computes FedAvg with fl-core and proposes it.
        Consortium.Proposal proposal = net.aggregate(1, RuleSpec.of(RuleName.FEDAVG));
        Map<String, Object> proposed = Consortium.json(net.propose(1, proposal));
        assertThat(proposed).containsEntry("seq", 1.0).containsEntry("outputHash", proposal.outputHash())
                .containsEntry("manifestHash", RecordJson.hash(proposal.manifest()).hex());
        // Org2's and Org3's verifiers agree: a quorum of two organisations other than the proposer's.
        net.attest(net.verifier2, 1, 1, "AGREE", proposal.outputHash());
        assertThat(net.lastStub().event().map(e -> e.name())).hasValue(EventNames.MODEL_ATTESTED);
        net.attest(net.verifier3, 1, 1, "AGREE", proposal.outputHash());
        assertThat(net.lastStub().event().map(e -> e.name())).hasValue(EventNames.MODEL_ATTESTED);
        // The aggregator resolves the round: FINAL.
        net.resolve(net.aggregator, 1);
        assertThat(net.lastStub().event().map(e -> e.name())).hasValue(EventNames.MODEL_FINAL);

        // Global model version 1 is readable and its bytes hash to the record's hash.
        Map<String, Object> v1 = Consortium.json(net.evaluate(net.auditor, t -> t.c().getGlobalModel(t.ctx(), "mnist",
                "1")));
        assertThat(v1).containsEntry("hash", proposal.outputHash()).containsEntry("attestedBy", List.of("Org2MSP",
                "Org3MSP"))
                .containsEntry("manifestHash", RecordJson.hash(proposal.manifest()).hex());
        byte[] bytes = net.evaluate(net.auditor, t -> t.c().readModelPayload(t.ctx(), "mnist", "1"));
        assertThat(ContentHash.of(bytes).hex()).isEqualTo(proposal.outputHash());
        assertThat(bytes).isEqualTo(proposal.output());
        assertThat(Consortium.json(net.evaluate(net.auditor, t -> t.c().getRound(t.ctx(), "mnist", "1"))))
                .containsEntry("state", "FINAL");
        Map<String, Object> task = Consortium.json(net.evaluate(net.auditor, t -> t.c().getTask(t.ctx(), "mnist")));
        assertThat(task).containsEntry("currentVersion", 1.0).containsEntry("currentModelHash", proposal.outputHash());

        // The next round starts from version 1.
        Map<String, Object> round2 = Consortium.json(net.openRound());
        assertThat(round2).containsEntry("round", 2.0).containsEntry("baseVersion", 1.0)
                .containsEntry("baseModelHash", proposal.outputHash());

        // Exactly one event per committed transaction, named after what it did.
        List<SimulatedChannel.Commit> commits = net.ledger.commits();
        assertThat(commits).allSatisfy(c -> assertThat(c.event()).isPresent());
        assertThat(net.ledger.events()).extracting(Event::name).containsExactly(
                EventNames.ROLES_REQUESTED, EventNames.PARTICIPANT_REGISTERED,
                EventNames.ROLES_REQUESTED, EventNames.PARTICIPANT_REGISTERED,
                EventNames.ROLES_REQUESTED, EventNames.PARTICIPANT_REGISTERED,
                EventNames.ROLES_REQUESTED, EventNames.PARTICIPANT_REGISTERED,
                EventNames.ROLES_REQUESTED, EventNames.PARTICIPANT_REGISTERED,
                EventNames.ROLES_REQUESTED, EventNames.PARTICIPANT_REGISTERED,
                EventNames.ROLES_REQUESTED, EventNames.PARTICIPANT_REGISTERED,
                EventNames.ROLES_REQUESTED, EventNames.PARTICIPANT_REGISTERED,
                EventNames.ROLES_REQUESTED, EventNames.PARTICIPANT_REGISTERED,
                EventNames.TASK_CREATED, EventNames.ROUND_OPENED,
                EventNames.UPDATE_ACCEPTED, EventNames.UPDATE_ACCEPTED, EventNames.UPDATE_ACCEPTED,
                EventNames.ROUND_CLOSED, EventNames.MODEL_PROPOSED, EventNames.MODEL_ATTESTED, EventNames.MODEL_ATTESTED,
                EventNames.MODEL_FINAL, EventNames.ROUND_OPENED);
        Event finalEvent = net.ledger.events().get(27);
        assertThat(Consortium.json(new String(finalEvent.payload(), java.nio.charset.StandardCharsets.UTF_8))).containsEntry("taskId", "mnist").containsEntry("round",
                1.0)
                .containsEntry("version", 1.0).containsEntry("hash", proposal.outputHash());
    }

    @Test
    void disagreeing_verifiers_dispute_the_round_and_a_new_proposal_can_still_become_final() {
        net.registered().withTask();
        net.openRound();
        net.closedRoundWithThreeUpdates(1);
        Consortium.Proposal honest = net.aggregate(1, RuleSpec.of(RuleName.FEDAVG));
        // The aggregator first proposes a manipulated output under a correct-looking manifest.
        byte[] forged = ModelCodec.encode(Consortium.model(42f));
        var forgedManifest = org.fedledger.core.manifest.AggregationManifest.builder().taskId("mnist").round(1)
                .baseModelHash(honest.manifest().baseModelHash()).rule(honest.manifest().rule())
                .inputs(honest.manifest().inputs()).outputHash(ContentHash.of(forged)).build();
        net.propose(1, new Consortium.Proposal(forgedManifest, forged));
        net.attest(net.verifier1, 1, 1, "DISAGREE", honest.outputHash());
        net.attest(net.verifier2, 1, 1, "DISAGREE", honest.outputHash());
        // Org2 disagrees: with Org1 (the proposer's) not counting, Org3 alone cannot make a quorum of two.
        net.resolve(net.verifier2, 1);
        assertThat(net.lastStub().event().map(e -> e.name())).hasValue(EventNames.ROUND_DISPUTED);
        assertThat(Consortium.json(net.evaluate(net.auditor, t -> t.c().getRound(t.ctx(), "mnist", "1"))))
                .containsEntry("state", "DISPUTED");
        // Late attestations for the disputed proposal are refused.
        Consortium.assertCode(net.refused(net.verifier3, t -> t.c().attestModel(t.ctx(), "mnist", "1", "1", "AGREE",
                ContentHash.of(forged).hex())), ErrorCode.INVALID_STATE);

        // Re-proposal: seq 2, and the honest output becomes final.
        Map<String, Object> second = Consortium.json(net.propose(1, honest));
        assertThat(second).containsEntry("seq", 2.0);
        net.attest(net.verifier2, 1, 2, "AGREE", honest.outputHash());
        net.attest(net.verifier3, 1, 2, "AGREE", honest.outputHash());
        net.resolve(net.verifier3, 1);
        Map<String, Object> v1 = Consortium.json(net.evaluate(net.auditor, t -> t.c().getGlobalModel(t.ctx(), "mnist",
                "1")));
        assertThat(v1).containsEntry("proposalSeq", 2.0).containsEntry("hash", honest.outputHash());
        byte[] bytes = net.evaluate(net.auditor, t -> t.c().readModelPayload(t.ctx(), "mnist", "1"));
        assertThat(bytes).isEqualTo(honest.output());
    }

    @Test
    void a_round_with_too_few_updates_fails_after_its_deadline_and_the_next_one_opens() {
        net.registered().withTask();
        net.openRound();
        net.submitUpdate(net.trainer1, 1, Consortium.model(1f), 10);
        net.advance(Consortium.DURATION + 5);
        // Verifier services of two organisations declare the round overdue: too few updates, so FAILED.
        Map<String, Object> vote = Consortium.json(net.closeRound(net.verifier2, 1));
        assertThat(vote).containsEntry("state", "OPEN").containsEntry("deadlineVotes", List.of("Org2MSP"));
        Map<String, Object> failed = Consortium.json(net.closeRound(net.verifier3, 1));
        assertThat(failed).containsEntry("state", "FAILED");
        assertThat(net.lastStub().event().map(e -> e.name())).hasValue(EventNames.ROUND_FAILED);
        Map<String, Object> next = Consortium.json(net.openRound());
        assertThat(next).containsEntry("round", 2.0).containsEntry("baseVersion", 0.0);
    }
}

package org.fedledger.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.it.fabric.Consortium;
import org.fedledger.it.fabric.Member;
import org.fedledger.it.fabric.TrainingTask;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.transaction.TransactionName;
import org.junit.jupiter.api.Test;

/** Whole rounds on the real network: to FINAL, through a dispute, and to FAILED at the deadline. */
class RoundLifecycleIT {
    private final Consortium net = Consortium.get();

    @Test
    void trainers_of_three_organisations_reach_a_final_global_model_attested_by_two_organisations() {
        TrainingTask task = net.newTask("final", Map.of());
        Map<String, Object> opened = task.openRound();
        assertThat(opened).containsEntry("state", "OPEN").containsEntry("round", 1.0);

        // Org1's, Org2's and Org3's trainers submit; each record names its contributor's organisation.
        assertThat(task.submitUpdate(net.trainer1, 1, TrainingTask.model(1f), 100)).containsEntry("msp", "Org1MSP");
        assertThat(task.submitUpdate(net.trainer2, 1, TrainingTask.model(2f), 300)).containsEntry("msp", "Org2MSP");
        Map<String, Object> third = task.submitUpdate(net.trainer3, 1, TrainingTask.model(3f), 600);
        assertThat(third).containsEntry("msp", "Org3MSP")
                .containsEntry("hash", ModelCodec.hash(TrainingTask.model(3f)).hex());
        assertThat(Consortium.jsonList(net.auditor.evaluate(TransactionName.LIST_UPDATES, task.id(), "1"))).hasSize(3);

        Map<String, Object> closed = task.closeRound(net.coordinator, 1);
        assertThat(closed).containsEntry("state", "CLOSED");
        assertThat((List<?>) closed.get("accepted")).hasSize(3);

        // The aggregator reads the updates through its own peer, runs FedAvg and proposes.
        TrainingTask.Proposal proposal = task.aggregate(1);
        assertThat(task.propose(1, proposal)).containsEntry("seq", 1.0).containsEntry("outputHash", proposal.outputHash());
        assertThat(task.round(net.auditor, 1)).containsEntry("state", "PROPOSED");

        // Org2's and Org3's verifiers recompute and agree: the round is FINAL, the model is version 1.
        task.attest(net.verifier2, 1, 1, "AGREE", proposal.outputHash());
        assertThat(task.round(net.auditor, 1)).containsEntry("state", "PROPOSED");
        task.attest(net.verifier3, 1, 1, "AGREE", proposal.outputHash());
        assertThat(task.round(net.auditor, 1)).containsEntry("state", "PROPOSED");
        assertThat(task.resolve(net.verifier3, 1)).containsEntry("state", "FINAL");

        Map<String, Object> v1 = Consortium.json(net.auditor.evaluate(TransactionName.GET_GLOBAL_MODEL, task.id(), "1"));
        assertThat(v1).containsEntry("hash", proposal.outputHash()).containsEntry("attestedBy", List.of("Org2MSP", "Org3MSP"));
        // Every organisation's peer holds the final model's bytes, and they hash to the record's hash.
        for (Member reader : List.of(net.verifier1, net.auditor, net.trainer3)) {
            byte[] bytes = reader.evaluateBytes(TransactionName.READ_MODEL_PAYLOAD, task.id(), "1");
            assertThat(ContentHash.of(bytes).hex()).as("model bytes on %s's peer", reader).isEqualTo(proposal.outputHash());
        }
        assertThat(Consortium.json(net.trainer1.evaluate(TransactionName.GET_TASK, task.id())))
                .containsEntry("currentVersion", 1.0).containsEntry("currentModelHash", proposal.outputHash());
        assertThat(task.openRound()).containsEntry("round", 2.0).containsEntry("baseVersion", 1.0);
    }

    @Test
    void verifiers_dispute_a_manipulated_model_and_the_honest_re_proposal_becomes_final() {
        TrainingTask task = net.newTask("dispute", Map.of());
        task.openRound();
        task.roundWithThreeUpdates(1);
        TrainingTask.Proposal honest = task.aggregate(1);
        TrainingTask.Proposal forged = honest.forgedWith(TrainingTask.model(42f));

        // The aggregator proposes a manipulated output under a correct manifest; two verifiers
        // recompute the honest output and disagree, so a quorum of two can no longer agree.
        task.propose(1, forged);
        task.attest(net.verifier1, 1, 1, "DISAGREE", honest.outputHash());
        task.attest(net.verifier2, 1, 1, "DISAGREE", honest.outputHash());
        task.resolve(net.verifier2, 1);
        assertThat(task.round(net.auditor, 1)).containsEntry("state", "DISPUTED");
        Member.Refused late = net.verifier3.refusedSubmit(Map.of(), TransactionName.ATTEST_MODEL, task.id(), "1", "1",
                "AGREE", forged.outputHash());
        assertThat(late.code()).isEqualTo(ErrorCode.INVALID_STATE);

        // The re-proposal gets seq 2 and becomes final with the honest output.
        assertThat(task.propose(1, honest)).containsEntry("seq", 2.0);
        task.attest(net.verifier2, 1, 2, "AGREE", honest.outputHash());
        task.attest(net.verifier3, 1, 2, "AGREE", honest.outputHash());
        task.resolve(net.verifier3, 1);
        Map<String, Object> v1 = Consortium.json(net.auditor.evaluate(TransactionName.GET_GLOBAL_MODEL, task.id(), "1"));
        assertThat(v1).containsEntry("proposalSeq", 2.0).containsEntry("hash", honest.outputHash());
        assertThat(net.verifier2.evaluateBytes(TransactionName.READ_MODEL_PAYLOAD, task.id(), "1")).isEqualTo(honest.output());
    }

    @Test
    void a_round_with_too_few_updates_fails_once_its_deadline_has_passed() throws InterruptedException {
        TrainingTask task = net.newTask("deadline", Map.of("roundDurationSeconds", 2));
        Map<String, Object> round = task.openRound();
        task.submitUpdate(net.trainer1, 1, TrainingTask.model(1f), 10);
        // Before the deadline a verifier may not close; the coordinator may not close below quorum.
        assertThat(net.verifier2.refusedSubmit(Map.of(), TransactionName.CLOSE_ROUND, task.id(), "1").code()).isEqualTo(ErrorCode.DEADLINE_NOT_REACHED);

        // Transaction timestamps come from the client's clock: wait until it is past the deadline.
        Instant deadline = Instant.ofEpochSecond(((Number) round.get("deadline")).longValue());
        while (!Instant.now().isAfter(deadline.plus(Duration.ofSeconds(1)))) {
            Thread.sleep(200);
        }
        // One organisation's word that the deadline passed is a vote; the second organisation's fails the round.
        assertThat(task.closeRound(net.verifier2, 1)).containsEntry("state", "OPEN");
        Map<String, Object> failed = task.closeRound(net.verifier3, 1);
        assertThat(failed).containsEntry("state", "FAILED");
        Member.Refused late = net.trainer2.refusedSubmit(task.updateChunks(TrainingTask.model(2f)),
                TransactionName.SUBMIT_UPDATE, task.updateArgs(1, TrainingTask.model(2f), 20));
        assertThat(late.code()).isEqualTo(ErrorCode.ROUND_NOT_OPEN);
        assertThat(task.openRound()).containsEntry("round", 2.0).containsEntry("baseVersion", 0.0);
    }
}

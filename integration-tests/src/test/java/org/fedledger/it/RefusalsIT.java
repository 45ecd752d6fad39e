package org.fedledger.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.fedledger.it.fabric.Consortium;
import org.fedledger.it.fabric.Member;
import org.fedledger.it.fabric.TrainingTask;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.transaction.TransactionName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chaincode's refusals as a client of the real network sees them: a stable error code at
 * endorsement, nothing ordered and nothing written.
 */
class RefusalsIT {
    private static final Consortium net = Consortium.get();
    private static TrainingTask task;

    @BeforeAll
    static void an_open_round() {
        task = net.newTask("refusals", Map.of());
        task.openRound();
    }

    @Test
    void an_identity_nobody_registered_is_refused_as_unknown() {
        Member.Refused refused = net.stranger.refusedEvaluate(TransactionName.GET_TASK, task.id());
        assertThat(refused.code()).isEqualTo(ErrorCode.UNKNOWN_IDENTITY);
        Member.Refused submit = net.stranger.refusedSubmit(task.updateChunks(TrainingTask.model(9f)),
                TransactionName.SUBMIT_UPDATE, task.updateArgs(1, TrainingTask.model(9f), 10));
        assertThat(submit.code()).isEqualTo(ErrorCode.UNKNOWN_IDENTITY);
    }

    @Test
    void a_trainer_cannot_open_or_close_rounds() {
        assertThat(net.trainer2.refusedSubmit(Map.of(), TransactionName.OPEN_ROUND, task.id()).code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(net.trainer2.refusedSubmit(Map.of(), TransactionName.CLOSE_ROUND, task.id(), "1").code()).isEqualTo(ErrorCode.FORBIDDEN);
    }

    @Test
    void an_admin_cannot_register_a_member_of_another_organisation() {
        Member.Refused refused = net.admin2.refusedSubmit(Map.of(), TransactionName.REGISTER_PARTICIPANT,
                net.stranger.certificatePem(), "trainer");
        assertThat(refused.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(Consortium.json(net.stranger.evaluate(TransactionName.WHO_AM_I))).containsEntry("registered", false);
    }

    @Test
    void a_second_different_update_from_the_same_trainer_is_a_duplicate_and_the_identical_one_is_idempotent() {
        Map<String, Object> first = task.submitUpdate(net.trainer3, 1, TrainingTask.model(3f), 30);
        Member.Refused different = net.trainer3.refusedSubmit(task.updateChunks(TrainingTask.model(4f)),
                TransactionName.SUBMIT_UPDATE, task.updateArgs(1, TrainingTask.model(4f), 30));
        assertThat(different.code()).isEqualTo(ErrorCode.DUPLICATE_UPDATE);
        // The identical update again returns the existing record: same transaction id, nothing new.
        Map<String, Object> again = task.submitUpdate(net.trainer3, 1, TrainingTask.model(3f), 30);
        assertThat(again).isEqualTo(first);
    }

    @Test
    void a_payload_that_does_not_match_its_declared_hash_is_refused() {
        Member.Refused refused = net.trainer1.refusedSubmit(task.updateChunks(TrainingTask.model(5f)),
                TransactionName.SUBMIT_UPDATE, task.updateArgs(1, TrainingTask.model(6f), 10));
        assertThat(refused.code()).isEqualTo(ErrorCode.HASH_MISMATCH);
    }

    @Test
    void a_trainer_cannot_submit_to_a_round_after_it_closed() {
        TrainingTask closed = net.newTask("closed", Map.of());
        closed.openRound();
        closed.submitUpdate(net.trainer1, 1, TrainingTask.model(1f), 10);
        closed.submitUpdate(net.trainer2, 1, TrainingTask.model(2f), 10);
        closed.closeRound(net.coordinator, 1);
        Member.Refused late = net.trainer3.refusedSubmit(closed.updateChunks(TrainingTask.model(3f)),
                TransactionName.SUBMIT_UPDATE, closed.updateArgs(1, TrainingTask.model(3f), 10));
        assertThat(late.code()).isEqualTo(ErrorCode.ROUND_NOT_OPEN);
        assertThat(Consortium.jsonList(net.auditor.evaluate(TransactionName.LIST_UPDATES, closed.id(), "1"))).hasSize(2);
    }
}

package org.fedledger.it.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.fedledger.it.fabric.Consortium;
import org.fedledger.it.fabric.Member;
import org.fedledger.it.fabric.TrainingTask;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.transaction.TransactionName;
import org.junit.jupiter.api.Test;

/**
 * Privacy budgets on the real network: Org1's dataset has a budget of epsilon 8 at delta 1e-5, and
 * tasks with noise multiplier 1 on every record cost it 4.75 per update (two fit, a third does not).
 * Org1's trainer spends it across tasks; the update that would pass the budget, and a round opened
 * after it is spent, are refused by every endorsing peer with {@code PRIVACY_BUDGET_EXCEEDED}, and
 * nothing is written.
 */
class PrivacyBudgetIT {
    private static final Consortium net = Consortium.get();

    private static Map<String, Object> privacy(String org1, String org2, String org3) {
        return Map.of("differentialPrivacy", Map.of(
                "mechanism", Map.of("noiseMultiplier", "1", "samplingRate", "1", "stepsPerRound", 1L, "clipNorm", "1.0"),
                "datasets", List.of(Map.of("msp", "Org1MSP", "datasetId", org1), Map.of("msp", "Org2MSP", "datasetId", org2),
                        Map.of("msp", "Org3MSP", "datasetId", org3))));
    }

    @Test
    void org1s_trainer_spends_its_datasets_budget_across_tasks_and_the_update_and_round_beyond_it_are_refused() {
        String dataset = "it-ds-" + UUID.randomUUID().toString().substring(0, 8);
        net.admin1.submit(TransactionName.CREATE_DATASET, dataset, "8", "0.00001");
        net.admin2.submit(TransactionName.CREATE_DATASET, dataset, "100", "0.00001");
        net.admin3.submit(TransactionName.CREATE_DATASET, dataset, "100", "0.00001");
        Map<String, Object> dp = privacy(dataset, dataset, dataset);
        TrainingTask first = net.newTask("dp-first", dp);
        TrainingTask second = net.newTask("dp-second", dp);
        TrainingTask third = net.newTask("dp-third", dp);

        first.openRound();
        first.submitUpdate(net.trainer1, 1, TrainingTask.model(1f), 10);
        // One update spent: the other tasks' rounds open, each with room for one more update.
        second.openRound();
        third.openRound();
        second.submitUpdate(net.trainer1, 1, TrainingTask.model(2f), 10);

        Member.Refused update = net.trainer1.refusedSubmit(third.updateChunks(TrainingTask.model(3f)),
                TransactionName.SUBMIT_UPDATE, third.updateArgs(1, TrainingTask.model(3f), 10));
        assertThat(update.code()).isEqualTo(ErrorCode.PRIVACY_BUDGET_EXCEEDED);
        assertThat(Consortium.jsonList(net.auditor.evaluate(TransactionName.LIST_UPDATES, third.id(), "1"))).isEmpty();
        Map<String, Object> spent = Consortium.json(net.auditor.evaluate(TransactionName.GET_PRIVACY_SPENT, "Org1MSP",
                dataset));
        assertThat(spent).containsEntry("epsilonBudget", "8");
        assertThat(spent.get("releases").toString()).contains("count=2.0");
        assertThat(Double.parseDouble((String) spent.get("epsilonSpent"))).isBetween(7.0, 8.0);

        TrainingTask fourth = net.newTask("dp-fourth", dp);
        Member.Refused open = net.coordinator.refusedSubmit(Map.of(), TransactionName.OPEN_ROUND, fourth.id());
        assertThat(open.code()).isEqualTo(ErrorCode.PRIVACY_BUDGET_EXCEEDED);
        // Org2's trainer still trains in the third task: its own dataset has budget left.
        third.submitUpdate(net.trainer2, 1, TrainingTask.model(4f), 10);
    }
}

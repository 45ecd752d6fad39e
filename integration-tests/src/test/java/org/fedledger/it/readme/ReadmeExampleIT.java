package org.fedledger.it.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.fedledger.it.fabric.Await;
import org.fedledger.it.fabric.FabricNetwork;
import org.fedledger.protocol.record.Verdict;
import org.fedledger.sdk.Aggregation;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.TaskDefinition;
import org.fedledger.sdk.VerifiedModel;
import org.fedledger.sdk.testing.SdkParticipants;
import org.junit.jupiter.api.Test;

/** The README's trainer example runs as written on the real network ({@code ReadmeShowsRunningCodeTest} holds the README to it). */
class ReadmeExampleIT {

    @Test
    void the_readme_trainer_takes_part_in_a_round_and_receives_the_next_global_model() throws Exception {
        try (SdkParticipants p = SdkParticipants.register(FabricNetwork.get()::sdkConnection)) {
            TaskDefinition task = SdkParticipants.task("readme").build();
            p.coordinator.coordinator().createTask(task);
            // Org2's trainer runs the README's code; it waits for the round the coordinator opens next.
            CompletableFuture<VerifiedModel> readmeTrainer = CompletableFuture.supplyAsync(() -> ReadmeTrainer.trainOneRound(
                    FabricNetwork.get().profile(2, "User1"), task.taskId(), global -> SdkParticipants.model(4f), 400));
            p.coordinator.coordinator().openRound(task.taskId());
            p.trainer1.trainer(task.taskId()).submitUpdate(1, SdkParticipants.model(1f), 100);
            Await.until(() -> p.auditor.auditor().updates(task.taskId(), 1).size() == 2);
            p.coordinator.coordinator().closeRound(task.taskId(), 1);
            Aggregation next = p.aggregator.aggregator(task.taskId()).aggregate(1);
            p.aggregator.aggregator(task.taskId()).propose(next);
            for (FedLedger verifier : List.of(p.verifier2, p.verifier3)) {
                var v = verifier.verifier(task.taskId()).verify(1, 1);
                assertThat(v.verdict()).isEqualTo(Verdict.AGREE);
                verifier.verifier(task.taskId()).attest(v);
            }
            p.verifier3.verifier(task.taskId()).resolve(1);
            VerifiedModel received = readmeTrainer.get(60, TimeUnit.SECONDS);
            assertThat(received.version()).isEqualTo(1);
            assertThat(received.model()).isEqualTo(next.output());
        }
    }
}

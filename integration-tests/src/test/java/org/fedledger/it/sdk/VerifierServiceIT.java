package org.fedledger.it.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.fedledger.it.fabric.Await;
import org.fedledger.it.fabric.FabricNetwork;
import org.fedledger.protocol.record.AttestationRecord;
import org.fedledger.protocol.record.RoundState;
import org.fedledger.protocol.record.Verdict;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.testing.SdkParticipants;
import org.fedledger.sdk.verifier.VerifierService;
import org.fedledger.sdk.verifier.VerifierService.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three organisations' verifier services on the real network: they attest every proposal, close an
 * overdue round, and one of them, restarted, resumes without attesting anything twice.
 */
class VerifierServiceIT {

    @Test
    void verifier_services_attest_close_overdue_rounds_and_resume_after_a_restart(@TempDir Path state) throws Exception {
        try (SdkParticipants p = SdkParticipants.register(FabricNetwork.get()::sdkConnection)) {
            var definition = SdkParticipants.task("service").roundDuration(Duration.ofSeconds(4)).build();
            String taskId = definition.taskId();
            long start = p.coordinator.coordinator().createTask(definition).blockNumber();

            List<List<Outcome>> outcomes = List.of(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>(),
                    new CopyOnWriteArrayList<>());
            List<FedLedger> verifiers = List.of(p.verifier1, p.verifier2, p.verifier3);
            VerifierService[] services = new VerifierService[3];
            for (int i = 0; i < 3; i++) {
                services[i] = VerifierService.start(verifiers.get(i), state.resolve("org" + (i + 1)), start,
                        outcomes.get(i)::add);
            }
            try {
                // Round 1: three updates, a proposal; the services recompute and attest until it is FINAL.
                p.coordinator.coordinator().openRound(taskId);
                p.trainer1.trainer(taskId).submitUpdate(1, SdkParticipants.model(1f), 10);
                p.trainer2.trainer(taskId).submitUpdate(1, SdkParticipants.model(2f), 20);
                p.trainer3.trainer(taskId).submitUpdate(1, SdkParticipants.model(3f), 30);
                p.coordinator.coordinator().closeRound(taskId, 1);
                p.aggregator.aggregator(taskId).propose(p.aggregator.aggregator(taskId).aggregate(1));
                Await.until(() -> p.auditor.auditor().round(taskId, 1).state() == RoundState.FINAL);
                List<AttestationRecord> attested = p.auditor.auditor().attestations(taskId, 1, 1);
                assertThat(attested).hasSizeGreaterThanOrEqualTo(2).allSatisfy(a -> assertThat(a.verdict()).isEqualTo(Verdict.AGREE));
                assertThat(attested).extracting(AttestationRecord::msp).doesNotHaveDuplicates();

                // Org3's service stops. Round 2 gets one update and passes its deadline: the others close it.
                services[2].close();
                Await.until(() -> {
                    try {
                        return services[2].awaitTermination(Duration.ofMillis(10));
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                int before = outcomes.get(2).size();
                p.coordinator.coordinator().openRound(taskId);
                p.trainer1.trainer(taskId).submitUpdate(2, SdkParticipants.model(4f), 10);
                Await.until(() -> p.auditor.auditor().round(taskId, 2).state() == RoundState.FAILED);
                // The closing service reports it once its submit returns, a moment after the state is visible.
                Await.until(() -> closedOverdue(outcomes) >= 1);
                assertThat(closedOverdue(outcomes)).as("rounds closed as overdue, by either service").isEqualTo(1);

                // Org3's service restarts from its state folder: round 3's proposal is attested, round 1's is not again.
                services[2] = VerifierService.start(p.verifier3, state.resolve("org3"), start, outcomes.get(2)::add);
                p.coordinator.coordinator().openRound(taskId);
                p.trainer2.trainer(taskId).submitUpdate(3, SdkParticipants.model(5f), 10);
                p.trainer3.trainer(taskId).submitUpdate(3, SdkParticipants.model(6f), 10);
                p.coordinator.coordinator().closeRound(taskId, 3);
                p.aggregator.aggregator(taskId).propose(p.aggregator.aggregator(taskId).aggregate(3));
                Await.until(() -> p.auditor.auditor().round(taskId, 3).state() == RoundState.FINAL);
                Await.until(() -> outcomes.get(2).stream().anyMatch(o -> o instanceof Outcome.Attested a && a.round() == 3)
                        || outcomes.get(2).stream().anyMatch(o -> o instanceof Outcome.Failed f && f.round() == 3));
                List<Outcome> afterRestart = outcomes.get(2).subList(before, outcomes.get(2).size());
                assertThat(afterRestart).noneMatch(o -> o instanceof Outcome.Attested a && a.round() == 1)
                        .noneMatch(o -> o instanceof Outcome.AlreadyAttested);
                for (int round : new int[] {1, 3}) {
                    assertThat(p.auditor.auditor().attestations(taskId, round, 1)).extracting(AttestationRecord::msp)
                            .doesNotHaveDuplicates();
                }
                for (VerifierService s : services) {
                    assertThat(s.failure()).isEmpty();
                }
            } finally {
                for (VerifierService s : services) {
                    s.close();
                }
            }
        }
    }

    private static long closedOverdue(List<List<Outcome>> outcomes) {
        return outcomes.stream().flatMap(List::stream).filter(o -> o instanceof Outcome.ClosedOverdue).count();
    }
}

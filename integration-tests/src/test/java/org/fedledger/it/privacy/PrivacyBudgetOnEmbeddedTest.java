package org.fedledger.it.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.fedledger.core.privacy.RdpAccountant;
import org.fedledger.embedded.EmbeddedLedger;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.record.DatasetBinding;
import org.fedledger.protocol.record.DpMechanism;
import org.fedledger.protocol.record.ReleaseCount;
import org.fedledger.protocol.record.RoundState;
import org.fedledger.protocol.record.TaskPrivacyRecord;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.LocalTraining;
import org.fedledger.sdk.TaskDefinition;
import org.fedledger.sdk.errors.ContractRefusedException;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.fedledger.sdk.rounds.RoundDriver;
import org.fedledger.sdk.rounds.RoundOutcome;
import org.fedledger.sdk.rounds.RoundPolicy;
import org.fedledger.sdk.rounds.RoundStrategy;
import org.fedledger.sdk.testing.SdkParticipants;
import org.fedledger.sdk.verifier.VerifierService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Privacy budgets end to end on the embedded ledger, through the SDK: Org1's dataset has a budget of
 * epsilon 8 at delta 1e-5; a task with noise multiplier 1 on every record costs it 4.75 per update, so
 * two rounds run to FINAL, the third is refused at its opening before anything is trained, and a second
 * task that shares the dataset cannot spend what the first already spent.
 */
class PrivacyBudgetOnEmbeddedTest {
    private static final DpMechanism MECHANISM = new DpMechanism("1", "1", 1, "1.0");
    private final EmbeddedLedger ledger = EmbeddedLedger.builder().inMemory().build();
    private final List<VerifierService> services = new ArrayList<>();
    private final List<FedLedger> admins = new ArrayList<>();
    private SdkParticipants people;

    @TempDir
    Path state;

    private LedgerConnection connect(int org, String user) {
        var organisation = ledger.organisation("Org" + org + "MSP");
        return ledger.connect("Admin".equals(user) ? organisation.admin() : organisation.client(user));
    }

    @BeforeEach
    void datasetsWithBudgets() {
        people = SdkParticipants.register(this::connect);
        people.coordinator.privacy().createDataset("wisconsin", "8", "0.00001");
        for (int org = 2; org <= 3; org++) {
            FedLedger admin = FedLedger.over(connect(org, "Admin"));
            admins.add(admin);
            admin.privacy().createDataset("cohort", "100", "0.00001");
        }
    }

    @AfterEach
    void close() {
        services.forEach(VerifierService::close);
        admins.forEach(FedLedger::close);
        people.close();
        ledger.close();
    }

    private String createTask(String purpose) {
        return createTask(purpose, true);
    }

    private String createTask(String purpose, boolean withVerifiers) {
        TaskDefinition definition = SdkParticipants.task(purpose).differentialPrivacy(MECHANISM,
                new DatasetBinding("Org1MSP", "wisconsin"), new DatasetBinding("Org2MSP", "cohort"),
                new DatasetBinding("Org3MSP", "cohort")).build();
        long block = people.coordinator.coordinator().createTask(definition).blockNumber();
        for (FedLedger v : withVerifiers ? List.of(people.verifier1, people.verifier2, people.verifier3)
                : List.<FedLedger>of()) {
            services.add(VerifierService.start(v, state.resolve(purpose).resolve(v.whoAmI().msp()), block, o -> { },
                    RoundStrategy.standard()));
        }
        return definition.taskId();
    }

    private static double epsilonAfter(long updates) {
        return RdpAccountant.none().plus(RdpAccountant.gaussian(1, 1), updates).epsilon(1e-5);
    }

    private static void train(FedLedger trainer, String task, int round, float seed) {
        trainer.trainer(task).trainRound(round, global -> new LocalTraining.Result(SdkParticipants.model(seed), 100));
    }

    @Test
    void two_rounds_run_to_final_and_the_third_is_refused_at_its_opening_before_anything_is_trained() {
        String task = createTask("budget");
        assertThat(people.trainer1.privacy().ofTask(task)).map(TaskPrivacyRecord::mechanism).contains(MECHANISM);
        RoundDriver driver = RoundDriver.of(people.coordinator, task, RoundPolicy.expecting(3)
                .collectFor(Duration.ofSeconds(30)).decideWithin(Duration.ofSeconds(30)));
        for (int round = 1; round <= 2; round++) {
            int open = driver.open().round();
            float seed = round;
            for (FedLedger trainer : people.trainers()) {
                float s = seed++;
                trainer.trainer(task).trainRoundPrivately(open, (global, mechanism) -> {
                    assertThat(mechanism).isEqualTo(MECHANISM);
                    return new LocalTraining.Result(SdkParticipants.model(s), 100);
                });
            }
            RoundOutcome outcome = driver.runRound();
            assertThat(outcome.round().state()).isEqualTo(RoundState.FINAL);
            assertThat(people.auditor.privacy().spent("Org1MSP", "wisconsin").epsilonSpent())
                    .isEqualTo(Double.toString(epsilonAfter(round)));
        }
        assertThat(people.auditor.privacy().spent("Org2MSP", "cohort").releases())
                .containsExactly(new ReleaseCount("1", "1", 2));

        ContractRefusedException refused = catchThrowableOfType(ContractRefusedException.class,
                () -> people.coordinator.coordinator().openRound(task));
        assertThat(refused.code()).isEqualTo(ErrorCode.PRIVACY_BUDGET_EXCEEDED);
        assertThat(refused.getMessage()).contains("wisconsin");
        assertThat(people.auditor.auditor().task(task).lastRound()).isEqualTo(2);
    }

    @Test
    void an_update_that_another_task_left_no_budget_for_is_refused_and_changes_nothing() {
        String first = createTask("first", false);
        String second = createTask("second", false);
        String third = createTask("third", false);
        people.coordinator.coordinator().openRound(first);
        train(people.trainer1, first, 1, 1f);
        // One update spent: the other two tasks' rounds open, each with room for one more update.
        people.coordinator.coordinator().openRound(second);
        people.coordinator.coordinator().openRound(third);
        train(people.trainer1, second, 1, 2f);

        ContractRefusedException refused = catchThrowableOfType(ContractRefusedException.class,
                () -> train(people.trainer1, third, 1, 3f));
        assertThat(refused.code()).isEqualTo(ErrorCode.PRIVACY_BUDGET_EXCEEDED);
        assertThat(people.auditor.auditor().updates(third, 1)).isEmpty();
        assertThat(people.auditor.privacy().spent("Org1MSP", "wisconsin").releases())
                .containsExactly(new ReleaseCount("1", "1", 2));
        // Org2's trainer still trains in the third task: its own dataset has budget left.
        train(people.trainer2, third, 1, 4f);
        assertThat(people.auditor.auditor().updates(third, 1)).hasSize(1);
    }

    @Test
    void a_task_without_differential_privacy_is_not_trained_privately() {
        TaskDefinition plain = SdkParticipants.task("plain").build();
        people.coordinator.coordinator().createTask(plain);
        people.coordinator.coordinator().openRound(plain.taskId());
        assertThat(people.trainer1.privacy().ofTask(plain.taskId())).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> people.trainer1.trainer(plain.taskId())
                .trainRoundPrivately(1, (global, mechanism) -> new LocalTraining.Result(global, 1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("declares no differential privacy");
        assertThat(people.auditor.auditor().updates(plain.taskId(), 1)).isEmpty();
    }
}

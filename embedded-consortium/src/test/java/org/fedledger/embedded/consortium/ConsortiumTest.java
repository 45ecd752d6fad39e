package org.fedledger.embedded.consortium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.core.model.Tensor;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.testing.StandardTask;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.LocalTraining;
import org.fedledger.sdk.TaskDefinition;
import org.fedledger.sdk.Trainer;
import org.fedledger.sdk.VerifiedModel;
import org.fedledger.sdk.ledger.ConnectionProfile;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.fedledger.sdk.rounds.RoundOutcome;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A trainer tried end to end in a unit test: the consortium runs the coordinator, the aggregator, every
 * organisation's verifier service and two simulated hospitals, and the hospital under test (Org2's
 * trainer) trains every round over the profile the consortium hands it.
 */
class ConsortiumTest {
    private static final Duration WAIT = Duration.ofMinutes(2);

    /** A site's training: the global model with {@code delta} added to every value. */
    private static LocalTraining adding(float delta) {
        return global -> new LocalTraining.Result(shifted(global, delta), 100);
    }

    private static Model shifted(Model model, float delta) {
        return Model.of(model.tensors().stream().map(t -> {
            float[] values = t.values();
            for (int i = 0; i < values.length; i++) {
                values[i] += delta;
            }
            return Tensor.of(t.spec(), values);
        }).toList());
    }

    private static TaskDefinition task() {
        return TaskDefinition.builder("consortium-" + UUID.randomUUID().toString().substring(0, 8),
                StandardTask.model(0f)).updates(3, 3).attestationQuorum(2).maxPayloadBytes(4096)
                .allowedOrgs("Org1MSP", "Org2MSP", "Org3MSP").build();
    }

    @Test
    void a_trainer_completes_every_round_and_gets_the_final_verified_model() {
        int rounds = 3;
        try (Consortium consortium = Consortium.builder(task()).rounds(rounds)
                .trainer(1, adding(1f)).trainer(3, adding(3f)).start();
                LedgerConnection hospital = consortium.connect(consortium.trainerProfile(2))) {
            Trainer trainer = FedLedger.over(hospital).trainer(consortium.taskId());
            VerifiedModel last = null;
            for (int i = 0; i < rounds; i++) {
                RoundRecord round = trainer.awaitOpenRound(WAIT);
                trainer.trainRound(round.round(), adding(2f));
                last = trainer.awaitModel(round.baseVersion() + 1, WAIT);
            }
            List<RoundOutcome> outcomes = consortium.awaitRounds(WAIT);

            assertThat(outcomes).hasSize(rounds).allMatch(RoundOutcome::isFinal);
            assertThat(outcomes).allSatisfy(o -> assertThat(o.round().accepted()).hasSize(3));
            assertThat(last.version()).isEqualTo(rounds);
            // FedAvg of +1, +2 and +3 at equal weights moves every value by 2 a round.
            assertThat(last.model()).isEqualTo(shifted(StandardTask.model(0f), 2f * rounds));
            assertThat(last.record().hash()).isEqualTo(ModelCodec.hash(last.model()));
        }
    }

    @Nested
    class Profiles {
        @Test
        void a_trainer_profile_names_its_organisation_and_user_with_the_keys_of_every_ledger() {
            try (Consortium consortium = Consortium.builder(task()).start()) {
                ConnectionProfile profile = consortium.trainerProfile(3);
                assertThat(profile.require("mspId")).isEqualTo("Org3MSP");
                assertThat(profile.require("user")).isEqualTo("User1");
                assertThat(profile.ledger()).isEqualTo("embedded");
                try (LedgerConnection c = consortium.connect(profile)) {
                    assertThat(FedLedger.over(c).whoAmI().registered()).isTrue();
                    assertThat(c.identity().mspId()).isEqualTo("Org3MSP");
                }
            }
        }

        @Test
        void an_organisation_outside_the_consortium_is_refused() {
            try (Consortium consortium = Consortium.builder(task()).organisations(3).start()) {
                assertThatThrownBy(() -> consortium.trainerProfile(4)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("1..3");
                assertThatThrownBy(() -> consortium.connect(consortium.trainerProfile(1).with("mspId", "Org9MSP")))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Org9MSP");
            }
        }
    }

    @Test
    void a_task_allowing_an_organisation_the_consortium_lacks_is_refused_before_anything_starts() {
        TaskDefinition wide = TaskDefinition.builder("wide", StandardTask.model(0f))
                .allowedOrgs("Org1MSP", "Org2MSP", "Org5MSP").build();
        assertThatThrownBy(() -> Consortium.builder(wide).organisations(4).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Org5MSP");
    }

    @Test
    void a_closed_consortium_connects_no_one() {
        Consortium consortium = Consortium.builder(task()).start();
        consortium.close();
        assertThatThrownBy(() -> consortium.connect(consortium.trainerProfile(1))).isInstanceOf(IllegalStateException.class);
    }
}

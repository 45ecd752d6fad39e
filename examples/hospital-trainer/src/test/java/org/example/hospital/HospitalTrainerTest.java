package org.example.hospital;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.IntStream;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.embedded.consortium.Consortium;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.TaskDefinition;
import org.fedledger.sdk.VerifiedModel;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.fedledger.sdk.rounds.RoundOutcome;
import org.fedledger.trainer.data.Dataset;
import org.fedledger.trainer.data.Datasets;
import org.junit.jupiter.api.Test;

/** Hospital B trains five rounds with two other hospitals in a consortium that runs inside the test. */
class HospitalTrainerTest {
    /** Another hospital's records: the rows of the bundled dataset at {@code offset} modulo 3 (ours are at 1). */
    private static HospitalTrainer otherHospital(int offset) {
        Dataset all = Datasets.breastCancer();
        return new HospitalTrainer(all.subset(IntStream.range(0, all.size()).filter(i -> i % 3 == offset).toArray()));
    }

    @Test
    void hospital_b_trains_every_round_and_gets_the_final_verified_model() {
        TaskDefinition task = TaskDefinition.builder("breast-cancer", HospitalTrainer.newModel().weights())
                .updates(3, 3).attestationQuorum(2).allowedOrgs("Org1MSP", "Org2MSP", "Org3MSP").build();
        HospitalTrainer hospitalB = new HospitalTrainer(Path.of("data/hospital-b.csv"));
        try (Consortium consortium = Consortium.builder(task).rounds(5)
                .trainer(1, otherHospital(0).localTraining()).trainer(3, otherHospital(2).localTraining()).start();
                LedgerConnection org2 = consortium.connect(consortium.trainerProfile(2))) {
            VerifiedModel model = hospitalB.run(FedLedger.over(org2), consortium.taskId(), 5);

            assertThat(consortium.awaitRounds(Duration.ofMinutes(2))).hasSize(5).allMatch(RoundOutcome::isFinal);
            assertThat(model.version()).isEqualTo(5);
            assertThat(model.record().hash()).isEqualTo(ModelCodec.hash(model.model()));
            assertThat(hospitalB.accuracy(model.model())).isGreaterThan(0.9);
        }
    }
}

package org.example.hospital;

import java.nio.file.Path;
import java.time.Duration;
import org.fedledger.core.model.Model;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.LocalTraining;
import org.fedledger.sdk.Trainer;
import org.fedledger.sdk.VerifiedModel;
import org.fedledger.sdk.ledger.ConnectionProfile;
import org.fedledger.trainer.data.Dataset;
import org.fedledger.trainer.data.Datasets;
import org.fedledger.trainer.data.Standardizer;
import org.fedledger.trainer.data.TrainTestSplit;
import org.fedledger.trainer.model.LocalModel;
import org.fedledger.trainer.model.LocalModels;
import org.fedledger.trainer.model.OptimizerSpec;
import org.fedledger.trainer.model.TrainingConfig;

/**
 * A hospital's trainer: it trains a breast-cancer classifier on its own records, one local epoch per
 * round of a FedLedger task, and ends with the task's final global model, verified against its hash on
 * the ledger. Only the updates leave the hospital.
 *
 * <pre>{@code
 * FEDLEDGER_PROFILE=org2.properties FEDLEDGER_USER=User1 java -cp ... org.example.hospital.HospitalTrainer bc1 data/hospital-b.csv 5
 * }</pre>
 */
public final class HospitalTrainer {
    private final Dataset records;
    private final LocalModel model = newModel();

    /** @param records the hospital's records, unscaled, in the breast-cancer layout */
    public HospitalTrainer(Dataset records) {
        this.records = REFERENCE_SCALING.apply(records);
    }

    /** @param file the hospital's CSV file (a {@code rows,30,malignant,benign} header, then one record a line) */
    public HospitalTrainer(Path file) {
        this(Datasets.breastCancer(file));
    }

    /** @return the model every hospital of the task trains, with the weights it starts from */
    public static LocalModel newModel() {
        return LocalModels.logisticRegression(Datasets.BREAST_CANCER_FEATURES, 2, TrainingConfig.builder()
                .optimizer(OptimizerSpec.sgd(0.01, 0.9)).batchSize(16).seed(13).build());
    }

    /** The task's scaling, the same at every hospital so that a feature means the same everywhere. */
    private static final Standardizer REFERENCE_SCALING =
            Standardizer.fit(TrainTestSplit.stratified(Datasets.breastCancer(), 0.2, 13).train());

    /** @return one round's local training: from the global model to the update and the sample count */
    public LocalTraining localTraining() {
        return global -> {
            model.setWeights(global);
            long samples = model.train(records, 1);
            return new LocalTraining.Result(model.weights(), samples);
        };
    }

    /**
     * Joins {@code rounds} rounds of the task and returns the model the last one made final.
     *
     * @param ledger this hospital's trainer identity
     * @param taskId the task
     * @param rounds how many rounds to train
     * @return the final global model, verified against its on-chain hash
     */
    public VerifiedModel run(FedLedger ledger, String taskId, int rounds) {
        Trainer trainer = ledger.trainer(taskId);
        VerifiedModel global = trainer.currentModel();
        for (int i = 0; i < rounds; i++) {
            RoundRecord round = trainer.awaitOpenRound(Duration.ofMinutes(5));
            trainer.trainRound(round.round(), localTraining());
            global = trainer.awaitModel(round.baseVersion() + 1, Duration.ofMinutes(10));
        }
        return global;
    }

    /** @return the share of this hospital's records that {@code weights} classify correctly */
    public double accuracy(Model weights) {
        model.setWeights(weights);
        return model.evaluate(records).accuracy();
    }

    /**
     * Trains as the identity of the {@code FEDLEDGER_*} connection profile.
     *
     * @param args the task id, the hospital's CSV file, and the number of rounds
     */
    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: HospitalTrainer TASK DATA_FILE ROUNDS (as FEDLEDGER_PROFILE, FEDLEDGER_USER)");
            System.exit(2);
        }
        HospitalTrainer hospital = new HospitalTrainer(Path.of(args[1]));
        try (FedLedger ledger = FedLedger.open(ConnectionProfile.fromEnvironment())) {
            VerifiedModel model = hospital.run(ledger, args[0], Integer.parseInt(args[2]));
            System.out.printf("model version %d (%s): %.4f accuracy on our records%n", model.version(),
                    model.record().hash(), hospital.accuracy(model.model()));
        }
    }
}

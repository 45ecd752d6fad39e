package org.fedledger.trainer.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.fedledger.trainer.data.Dataset;
import org.fedledger.trainer.data.Datasets;
import org.fedledger.trainer.data.TrainTestSplit;
import org.fedledger.trainer.model.Evaluation;
import org.fedledger.trainer.model.LocalModel;
import org.fedledger.trainer.model.LocalModels;
import org.fedledger.trainer.model.OptimizerSpec;
import org.fedledger.trainer.model.TrainingConfig;
import org.fedledger.trainer.partition.Partition;
import org.fedledger.trainer.partition.Partitioners;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's quality bar: FedAvg across three sites with Dirichlet(0.5) label skew ends within a few
 * points of the same model trained centrally on the pooled data, on the same held-out test set (20 %,
 * stratified). Accuracy per epoch and per round is printed.
 */
class QualityBarTest {
    private static final int SITES = 3;
    private static final double ALPHA = 0.5;
    private static final long SEED = 13;

    @Test
    void breast_cancer_logistic_regression_on_three_label_skewed_sites_is_within_two_points_of_centralised() {
        TrainingConfig config = TrainingConfig.builder().optimizer(OptimizerSpec.sgd(0.01, 0.9)).batchSize(16)
                .weightDecay(1e-3).seed(SEED).build();
        Outcome outcome = compare("breast cancer", Datasets.breastCancer(),
                c -> LocalModels.logisticRegression(Datasets.BREAST_CANCER_FEATURES, 2, c), config, 30, 1);

        assertThat(outcome.centralised()).isGreaterThanOrEqualTo(0.95);
        assertThat(outcome.federated()).isGreaterThanOrEqualTo(outcome.centralised() - 0.02);
    }

    @Test
    void digits_mlp_on_three_dirichlet_half_sites_is_within_three_points_of_centralised() {
        TrainingConfig config = TrainingConfig.builder().optimizer(OptimizerSpec.adam(0.003)).batchSize(32)
                .weightDecay(1e-4).seed(SEED).build();
        Outcome outcome = compare("digits", Datasets.digits(),
                c -> LocalModels.mlp(Datasets.DIGITS_FEATURES, 64, Datasets.DIGITS_CLASSES, c), config, 30, 1);

        assertThat(outcome.centralised()).isGreaterThanOrEqualTo(0.95);
        assertThat(outcome.federated()).isGreaterThanOrEqualTo(outcome.centralised() - 0.03);
    }

    private record Outcome(double centralised, double federated) {
    }

    /**
     * Centralised: {@code rounds * epochs} epochs over the pooled sites. Federated: {@code rounds} of
     * FedAvg with {@code epochs} local epochs; site k shuffles with seed {@code SEED + k}, and site 0's
     * initial weights (the centralised model's too) start the federation.
     */
    private static Outcome compare(String label, Dataset all, Function<TrainingConfig, LocalModel> build,
            TrainingConfig config, int rounds, int epochs) {
        TrainTestSplit split = TrainTestSplit.stratified(all, 0.2, SEED).standardized();
        Partition partition = Partitioners.labelSkew(ALPHA, SEED).split(split.train(), SITES);
        List<Dataset> sites = partition.apply(split.train());
        for (int k = 0; k < SITES; k++) {
            System.out.printf("%s site %d: %d samples, per class %s%n", label, k, sites.get(k).size(),
                    Arrays.toString(sites.get(k).classCounts()));
        }
        List<Evaluation> central = CentralisedReference.train(build.apply(config), sites, split.test(),
                rounds * epochs);
        for (int e = 0; e < central.size(); e++) {
            System.out.printf("%s centralised epoch %2d: test accuracy %.4f, loss %.4f%n", label, e + 1,
                    central.get(e).accuracy(), central.get(e).loss());
        }
        List<Evaluation> federated = FederatedSimulation.run(k -> build.apply(siteConfig(config, k)), sites,
                split.test(), rounds, epochs, label);
        Outcome outcome = new Outcome(central.get(central.size() - 1).accuracy(),
                federated.get(federated.size() - 1).accuracy());
        System.out.printf("%s: centralised %.4f, federated %.4f (test set of %d)%n", label, outcome.centralised(),
                outcome.federated(), split.test().size());
        return outcome;
    }

    private static TrainingConfig siteConfig(TrainingConfig config, int k) {
        return TrainingConfig.builder().optimizer(config.optimizer()).batchSize(config.batchSize())
                .weightDecay(config.weightDecay()).seed(config.seed() + k).build();
    }
}

package org.fedledger.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.fedledger.core.model.ModelCodec;
import org.fedledger.trainer.data.Dataset;
import org.fedledger.trainer.data.Datasets;
import org.fedledger.trainer.data.TrainTestSplit;
import org.junit.jupiter.api.Test;

/**
 * Bit-for-bit determinism across machines: training from a fixed seed on the bundled data must give
 * exactly these weights (the SHA-256 of their canonical encoding) on every JVM and CPU. A change of
 * arithmetic order, a {@code Math} call where {@code StrictMath} belongs or a different shuffle breaks
 * it; a deliberate change of the algorithms must update the hashes and say so in its commit.
 */
class GoldenWeightsTest {
    private static final String LOGISTIC_REGRESSION_SHA256 = "2199fe70a3d5d0e99d1bab7b1d7a6277a6c826d73ef469a0a6f4f763e7ec983d";
    private static final String MLP_SHA256 = "1d134c363d52e1b4124c9bd5423b956fc0211cf9b5b43f1e4e4e419b5e5e4662";

    @Test
    void logistic_regression_trained_from_seed_7_on_breast_cancer_has_the_recorded_weights() {
        Dataset train = TrainTestSplit.stratified(Datasets.breastCancer(), 0.2, 7).standardized().train();
        LocalModel model = LocalModels.logisticRegression(30, 2, TrainingConfig.builder()
                .optimizer(OptimizerSpec.sgd(0.05, 0.9)).batchSize(16).weightDecay(1e-3).seed(7).build());
        model.train(train, 3);
        assertThat(ModelCodec.hash(model.weights()).hex()).isEqualTo(LOGISTIC_REGRESSION_SHA256);
    }

    @Test
    void mlp_trained_from_seed_7_on_digits_has_the_recorded_weights() {
        Dataset train = TrainTestSplit.stratified(Datasets.digits(), 0.2, 7).standardized().train();
        LocalModel model = LocalModels.mlp(64, 16, 10, TrainingConfig.builder().optimizer(OptimizerSpec.adam(0.003))
                .batchSize(32).weightDecay(1e-4).seed(7).build());
        model.train(train, 2);
        assertThat(ModelCodec.hash(model.weights()).hex()).isEqualTo(MLP_SHA256);
    }
}

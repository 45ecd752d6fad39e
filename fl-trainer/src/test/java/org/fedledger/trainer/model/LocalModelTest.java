package org.fedledger.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.function.Function;
import org.fedledger.core.model.TensorSpec;
import org.fedledger.trainer.data.Dataset;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each built-in model against {@link LocalModelContract}, plus its schema and a gradient check. */
class LocalModelTest {
    private static final TrainingConfig ADAM = LocalModelContract.ADAM;
    private static final TrainingConfig MOMENTUM = LocalModelContract.MOMENTUM;

    static void assertGradientMatchesFiniteDifferences(DenseModel model, Dataset data) {
        double[] grad = new double[model.params.length];
        model.objective(data, grad);
        double h = 1e-6;
        double[] ignored = new double[grad.length];
        for (int i = 0; i < model.params.length; i++) {
            double saved = model.params[i];
            model.params[i] = saved + h;
            double plus = model.objective(data, ignored);
            model.params[i] = saved - h;
            double minus = model.objective(data, ignored);
            model.params[i] = saved;
            double numeric = (plus - minus) / (2 * h);
            assertThat(grad[i]).as("parameter %d", i).isCloseTo(numeric, within(1e-6 + 1e-4 * Math.abs(numeric)));
        }
    }

    /** The contract plus what only the built-in models can show: their analytic gradient is right. */
    abstract static class BuiltIn extends LocalModelContract {
        @Test
        void gradient_matches_finite_differences() {
            Dataset data = LocalModelContract.blobs(12, 4, 3, 6);
            DenseModel model = (DenseModel) build(4, 3, MOMENTUM);
            model.train(data, 1); // move away from the symmetric start
            assertGradientMatchesFiniteDifferences(model, data);
        }
    }

    @Nested
    class MultinomialLogisticRegression extends BuiltIn {
        @Override
        protected LocalModel build(int features, int classes, TrainingConfig config) {
            return LocalModels.logisticRegression(features, classes, config);
        }

        @Test
        void has_one_kernel_column_per_class() {
            LocalModel model = build(5, 3, ADAM);
            assertThat(model.schema().tensors()).containsExactly(TensorSpec.of("dense/bias", 3),
                    TensorSpec.of("dense/kernel", 5, 3));
        }
    }

    @Nested
    class BinaryLogisticRegression {
        private final Function<TrainingConfig, LocalModel> build = c -> LocalModels.logisticRegression(4, 2, c);

        @Test
        void has_a_single_sigmoid_output() {
            assertThat(build.apply(ADAM).schema().tensors()).containsExactly(TensorSpec.of("dense/bias", 1),
                    TensorSpec.of("dense/kernel", 4, 1));
        }

        @Test
        void gradient_matches_finite_differences() {
            Dataset data = LocalModelContract.blobs(14, 4, 2, 7);
            DenseModel model = (DenseModel) build.apply(MOMENTUM);
            model.train(data, 1);
            assertGradientMatchesFiniteDifferences(model, data);
        }

        @Test
        void learns_two_blobs_and_repeats_bit_for_bit() {
            Dataset data = LocalModelContract.blobs(80, 4, 2, 8);
            LocalModel a = build.apply(ADAM);
            LocalModel b = build.apply(ADAM);
            a.train(data, 10);
            b.train(data, 10);
            assertThat(a.evaluate(data).accuracy()).isGreaterThan(0.9);
            assertThat(a.weights()).isEqualTo(b.weights());
        }
    }

    @Nested
    class OneHiddenLayerMlp extends BuiltIn {
        @Override
        protected LocalModel build(int features, int classes, TrainingConfig config) {
            return LocalModels.mlp(features, 7, classes, config);
        }

        @Test
        void names_its_layers_dense1_and_dense2() {
            LocalModel model = build(5, 3, ADAM);
            assertThat(model.schema().tensors()).containsExactly(TensorSpec.of("dense1/bias", 7),
                    TensorSpec.of("dense1/kernel", 5, 7), TensorSpec.of("dense2/bias", 3),
                    TensorSpec.of("dense2/kernel", 7, 3));
        }

        @Test
        void starts_from_seeded_random_kernels() {
            assertThat(build(5, 3, ADAM).weights()).isEqualTo(build(5, 3, ADAM).weights());
            assertThat(build(5, 3, ADAM).weights()).isNotEqualTo(build(5, 3, MOMENTUM).weights());
        }
    }

    @Nested
    class Configuration {
        @Test
        void refuses_out_of_range_hyper_parameters() {
            assertThatThrownBy(() -> OptimizerSpec.sgd(0.0)).hasMessageContaining("learning rate");
            assertThatThrownBy(() -> OptimizerSpec.sgd(0.1, 1.0)).hasMessageContaining("momentum");
            assertThatThrownBy(() -> TrainingConfig.builder().batchSize(0)).hasMessageContaining("batch size");
            assertThatThrownBy(() -> TrainingConfig.builder().weightDecay(-1)).hasMessageContaining("weight decay");
            assertThatThrownBy(() -> LocalModels.mlp(3, 0, 2, ADAM)).hasMessageContaining("hidden units");
            assertThatThrownBy(() -> LocalModels.logisticRegression(3, 1, ADAM)).hasMessageContaining("classes");
            assertThatThrownBy(() -> new Evaluation(1.5, 0.1, 3)).hasMessageContaining("accuracy 1.5");
            assertThatThrownBy(() -> new Evaluation(0.5, Double.NaN, 3)).hasMessageContaining("loss NaN");
        }
    }
}

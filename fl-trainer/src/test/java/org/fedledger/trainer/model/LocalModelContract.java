package org.fedledger.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.fedledger.core.model.FormatError;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelFormatException;
import org.fedledger.core.model.Tensor;
import org.fedledger.core.model.TensorSpec;
import org.fedledger.trainer.data.Dataset;
import org.fedledger.trainer.random.SeededRandom;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LocalModel} must do, whoever wrote it: extend this class with a builder of the
 * implementation (an adapter for another ML library included) to run the whole contract against it.
 */
public abstract class LocalModelContract {
    static final TrainingConfig ADAM = TrainingConfig.builder().optimizer(OptimizerSpec.adam(0.01))
            .batchSize(8).weightDecay(1e-3).seed(11).build();
    static final TrainingConfig MOMENTUM = TrainingConfig.builder().optimizer(OptimizerSpec.sgd(0.05, 0.9))
            .batchSize(5).weightDecay(1e-2).seed(12).build();

    /**
     * @return {@code samples} points, labels in turn {@code 0, 1, ...}, each a unit Gaussian shifted by 2
     *     along the features {@code j} with {@code j % classes == label}
     */
    protected static Dataset blobs(int samples, int features, int classes, long seed) {
        SeededRandom random = new SeededRandom(seed);
        double[][] rows = new double[samples][features];
        int[] labels = new int[samples];
        for (int i = 0; i < samples; i++) {
            labels[i] = i % classes;
            for (int j = 0; j < features; j++) {
                rows[i][j] = random.nextGaussian() + (j % classes == labels[i] ? 2.0 : 0.0);
            }
        }
        return Dataset.of("blobs", rows, labels, classes);
    }

    /**
     * @return a new model for {@code features} inputs and {@code classes} classes, trained as
     *     {@code config} says; equal arguments must give models that train identically
     */
    protected abstract LocalModel build(int features, int classes, TrainingConfig config);

    @Test
    void two_models_built_and_trained_alike_have_bit_identical_weights() {
        Dataset data = blobs(60, 5, 3, 1);
        LocalModel a = build(5, 3, ADAM);
        LocalModel b = build(5, 3, ADAM);
        a.train(data, 3);
        b.train(data, 3);
        assertThat(a.weights()).isEqualTo(b.weights());
        assertThat(a.evaluate(data)).isEqualTo(b.evaluate(data));
    }

    @Test
    void sample_losses_are_the_evaluations_loss_sample_by_sample_and_fall_as_the_model_learns() {
        Dataset data = blobs(60, 5, 3, 2);
        LocalModel model = build(5, 3, ADAM);
        double[] before = model.sampleLosses(data);
        model.train(data, 5);
        double[] after = model.sampleLosses(data);

        assertThat(after).hasSize(60);
        double sum = 0.0;
        for (double loss : after) {
            assertThat(loss).isNotNegative();
            sum += loss;
        }
        assertThat(sum / data.size()).as("in the dataset's order, as evaluate sums them").isEqualTo(
                model.evaluate(data).loss());
        assertThat(java.util.Arrays.stream(after).sum()).isLessThan(java.util.Arrays.stream(before).sum());
        assertThat(build(5, 3, ADAM).sampleLosses(data)).as("a pure function of the weights").isEqualTo(before);
    }

    @Test
    void a_different_seed_trains_to_different_weights() {
        Dataset data = blobs(60, 5, 3, 1);
        LocalModel a = build(5, 3, ADAM);
        LocalModel b = build(5, 3, TrainingConfig.builder().optimizer(OptimizerSpec.adam(0.01)).batchSize(8)
                .weightDecay(1e-3).seed(99).build());
        a.train(data, 2);
        b.train(data, 2);
        assertThat(a.weights()).isNotEqualTo(b.weights());
    }

    @Test
    void training_learns_separable_blobs() {
        Dataset data = blobs(90, 6, 3, 2);
        LocalModel model = build(6, 3, ADAM);
        double before = model.evaluate(data).loss();
        long samples = model.train(data, 20);
        assertThat(samples).isEqualTo(90);
        assertThat(model.evaluate(data).loss()).isLessThan(before);
        assertThat(model.evaluate(data).accuracy()).isGreaterThan(0.9);
    }

    @Test
    void weights_set_from_another_model_give_its_predictions() {
        Dataset data = blobs(60, 5, 3, 3);
        LocalModel trained = build(5, 3, MOMENTUM);
        trained.train(data, 2);
        LocalModel fresh = build(5, 3, MOMENTUM);
        fresh.setWeights(trained.weights());
        assertThat(fresh.weights()).isEqualTo(trained.weights());
        assertThat(fresh.evaluate(data).accuracy()).isEqualTo(trained.evaluate(data).accuracy());
        assertThat(fresh.evaluate(data).loss()).isCloseTo(trained.evaluate(data).loss(), within(1e-5));
    }

    @Test
    void setting_weights_restarts_the_optimiser_so_rounds_repeat_exactly() {
        Dataset data = blobs(60, 5, 3, 4);
        LocalModel model = build(5, 3, MOMENTUM);
        Model start = model.weights();
        model.train(data, 1);
        model.setWeights(start);
        model.train(data, 1);
        Model second = model.weights();
        LocalModel other = build(5, 3, MOMENTUM);
        other.train(data, 1);
        other.setWeights(start);
        other.train(data, 1);
        assertThat(second).isEqualTo(other.weights());
        assertThat(second).isNotEqualTo(start);
    }

    @Test
    void refuses_weights_with_another_schema() {
        LocalModel model = build(5, 3, ADAM);
        Model wrong = Model.of(List.of(Tensor.of(TensorSpec.of("dense/kernel", 4, 3), new float[12])));
        assertThatThrownBy(() -> model.setWeights(wrong)).isInstanceOf(ModelFormatException.class)
                .extracting(e -> ((ModelFormatException) e).code()).isEqualTo(FormatError.SCHEMA_MISMATCH);
    }

    @Test
    void refuses_data_of_another_width_and_zero_epochs() {
        LocalModel model = build(5, 3, ADAM);
        assertThatThrownBy(() -> model.train(blobs(10, 4, 3, 5), 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4 features");
        assertThatThrownBy(() -> model.train(blobs(10, 5, 3, 5), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("epochs 0");
    }
}

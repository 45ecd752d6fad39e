package org.fedledger.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.core.model.Tensor;
import org.fedledger.trainer.data.Dataset;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Local DP-SGD: each example's gradient is clipped before it is summed, the noise has the standard
 * deviation {@code noiseMultiplier * clipNorm}, examples are sampled at the mechanism's rate, and a seed
 * fixes every bit.
 */
class DpSgdTest {
    private static final int FEATURES = 30;

    /** {@code n} examples with large random features, so every gradient is far longer than any clip norm. */
    private static Dataset loud(int n, long seed) {
        Random random = new Random(seed);
        double[][] rows = new double[n][FEATURES];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < FEATURES; j++) {
                rows[i][j] = 100 * random.nextGaussian();
            }
            labels[i] = i % 2;
        }
        return Dataset.of("loud", rows, labels, 2);
    }

    /** {@code n} examples whose features are all zero: their kernel gradients are exactly zero. */
    private static Dataset silent(int n) {
        return Dataset.of("silent", new double[n][FEATURES], new int[n], 2);
    }

    private static LocalModel model(DpSgd dp, long seed) {
        return LocalModels.logisticRegression(FEATURES, 2, TrainingConfig.builder().optimizer(OptimizerSpec.sgd(1.0))
                .seed(seed).differentialPrivacy(dp).build());
    }

    private static double[] values(Model m) {
        int size = 0;
        for (Tensor t : m.tensors()) {
            size += t.size();
        }
        double[] out = new double[size];
        int k = 0;
        for (Tensor t : m.tensors()) {
            for (int i = 0; i < t.size(); i++) {
                out[k++] = t.value(i);
            }
        }
        return out;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    @Nested
    class Clipping {
        @Test
        void scales_a_long_gradient_down_to_the_clip_norm_and_leaves_a_short_one_alone() {
            double[] sum = new double[3];
            assertThat(DpSgd.addClipped(new double[] {30, 40, 0}, 5, sum)).isEqualTo(0.1);
            assertThat(sum).containsExactly(3, 4, 0);
            assertThat(DpSgd.addClipped(new double[] {0.3, 0.4, 0}, 5, sum)).isEqualTo(1.0);
            assertThat(sum).containsExactly(3.3, 4.4, 0);
        }

        @Test
        void bounds_each_examples_contribution_to_a_step_by_the_clip_norm() {
            // Nearly no noise, every example in the step, learning rate 1: a step moves the weights by the
            // mean of the clipped gradients, so one example moves them by exactly the clip norm and any
            // number of examples by at most it.
            double clip = 0.5;
            for (int n : new int[] {1, 7, 50}) {
                LocalModel one = model(new DpSgd(1e-12, 1.0, clip, 1), 3);
                double before = norm(values(one.weights()));
                one.train(loud(n, n), 1);
                double moved = norm(values(one.weights()));
                assertThat(before).isZero();
                assertThat(moved).isLessThanOrEqualTo(clip * (1 + 1e-6));
                if (n == 1) {
                    assertThat(moved).isCloseTo(clip, org.assertj.core.api.Assertions.within(1e-6));
                }
            }
        }
    }

    @Nested
    class Noise {
        @Test
        void has_the_standard_deviation_of_the_noise_multiplier_times_the_clip_norm() {
            // Zero features: the kernel's gradient is zero, so after one step from zero weights with
            // learning rate 1 and every example sampled, each kernel weight is -noise / n.
            double sigma = 2.0;
            double clip = 0.5;
            int n = 4;
            LocalModel local = model(new DpSgd(sigma, 1.0, clip, 1), 11);
            Model zero = local.weights();
            Dataset data = silent(n);
            double sum = 0;
            double squares = 0;
            int count = 0;
            for (int call = 0; call < 2000; call++) {
                local.setWeights(zero);
                local.train(data, 1);
                Tensor kernel = local.weights().tensor(LocalModels.DENSE_KERNEL).orElseThrow();
                for (int i = 0; i < kernel.size(); i++) {
                    double noise = -kernel.value(i) * n;
                    sum += noise;
                    squares += noise * noise;
                    count++;
                }
            }
            double mean = sum / count;
            double std = Math.sqrt(squares / count - mean * mean);
            // 60000 draws: the estimate's relative standard error is about 0.3 %; sigma alone (2.0) or
            // the clip norm alone (0.5) instead of their product (1.0) is far outside 3 %.
            assertThat(std).isCloseTo(sigma * clip, org.assertj.core.api.Assertions.withinPercentage(3));
            assertThat(Math.abs(mean)).isLessThan(0.02);
        }
    }

    @Nested
    class Sampling {
        @Test
        void takes_each_example_with_the_sampling_rate() {
            // Without noise worth the name and with zero features, the bias moves by the clipped
            // gradients of the sampled examples only: each label-0 example at zero weights has bias
            // gradient 0.5 (under the clip norm), so the bias after one step is -0.5 * sampled / (q * n).
            double q = 0.25;
            int n = 400;
            LocalModel local = model(new DpSgd(1e-12, q, 10, 1), 5);
            Model zero = local.weights();
            double sampled = 0;
            int calls = 200;
            for (int call = 0; call < calls; call++) {
                local.setWeights(zero);
                local.train(silent(n), 1);
                double bias = local.weights().tensor(LocalModels.DENSE_BIAS).orElseThrow().value(0);
                sampled += -bias * q * n / 0.5;
            }
            // Expected q * n = 100 per step; over 200 steps the mean's standard error is about 0.6.
            assertThat(sampled / calls).isCloseTo(q * n, org.assertj.core.api.Assertions.within(3.0));
        }
    }

    @Nested
    class Determinism {
        @Test
        void the_same_seed_gives_the_same_bytes_and_another_seed_other_bytes() {
            DpSgd dp = new DpSgd(1.1, 0.3, 1.0, 5);
            Dataset data = loud(60, 9);
            LocalModel a = model(dp, 42);
            LocalModel b = model(dp, 42);
            LocalModel c = model(dp, 43);
            a.train(data, 1);
            b.train(data, 1);
            c.train(data, 1);
            assertThat(ModelCodec.encode(a.weights())).isEqualTo(ModelCodec.encode(b.weights()));
            assertThat(ModelCodec.encode(a.weights())).isNotEqualTo(ModelCodec.encode(c.weights()));
        }

        @Test
        void refuses_more_than_one_epoch_since_the_ledger_counts_the_mechanisms_steps() {
            assertThatThrownBy(() -> model(new DpSgd(1.1, 0.3, 1.0, 5), 1).train(loud(10, 1), 2))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epochs must be 1");
        }
    }
}

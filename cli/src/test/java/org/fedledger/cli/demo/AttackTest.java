package org.fedledger.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.Tensor;
import org.fedledger.sdk.LocalTraining;
import org.fedledger.trainer.data.Dataset;
import org.fedledger.trainer.model.LocalModel;
import org.fedledger.trainer.model.LocalModels;
import org.fedledger.trainer.model.OptimizerSpec;
import org.fedledger.trainer.model.TrainingConfig;
import org.fedledger.trainer.random.SeededRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Issue 24, item 6: each attack of the suite changes a hostile hospital's update exactly as it says,
 * compared with what the same hospital would honestly send from the same global model.
 */
class AttackTest {
    private static final int FEATURES = 4;
    private static final Dataset DATA = data();

    private static Dataset data() {
        SeededRandom random = new SeededRandom(7);
        double[][] rows = new double[60][FEATURES];
        int[] labels = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            labels[i] = i % 3;
            for (int j = 0; j < FEATURES; j++) {
                rows[i][j] = random.nextGaussian() + (j == labels[i] ? 2 : 0);
            }
        }
        return Dataset.of("three blobs", rows, labels, 3);
    }

    /** A fresh hospital model, the same every call, so that honest and hostile runs start alike. */
    private static LocalModel model() {
        return LocalModels.logisticRegression(FEATURES, 3, TrainingConfig.builder().optimizer(OptimizerSpec.sgd(0.1, 0.9))
                .batchSize(8).weightDecay(0).seed(3).build());
    }

    private static final Model GLOBAL = global();

    private static Model global() {
        LocalModel m = model();
        m.train(DATA, 1);
        return m.weights();
    }

    private static AttackSite site(long seed) {
        return new AttackSite(model(), GLOBAL, DATA, 1, seed);
    }

    private static LocalTraining.Result honest() {
        return site(1).honest();
    }

    private static float[] flat(Model m) {
        List<Float> all = new ArrayList<>();
        for (Tensor t : m.tensors()) {
            for (float v : t.values()) {
                all.add(v);
            }
        }
        float[] out = new float[all.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = all.get(i);
        }
        return out;
    }

    @Test
    void sign_flip_sends_the_honest_step_reversed() {
        float[] g = flat(GLOBAL);
        float[] h = flat(honest().update());
        LocalTraining.Result sent = Attack.SIGN_FLIP.update(site(1));
        float[] x = flat(sent.update());
        for (int j = 0; j < g.length; j++) {
            assertThat(x[j]).isEqualTo((float) (g[j] - ((double) h[j] - g[j])));
        }
        assertThat(x).isNotEqualTo(h);
        assertThat(sent.samples()).isEqualTo(honest().samples());
    }

    @Test
    void boosted_replacement_sends_the_honest_step_ten_times_over() {
        float[] g = flat(GLOBAL);
        float[] h = flat(honest().update());
        float[] x = flat(Attack.BOOSTED_REPLACEMENT.update(site(1)).update());
        for (int j = 0; j < g.length; j++) {
            assertThat(x[j]).isEqualTo((float) (g[j] + 10.0 * ((double) h[j] - g[j])));
        }
    }

    @Test
    void a_little_is_enough_sends_the_mean_of_its_fold_updates_less_one_standard_deviation() {
        // The same three folds trained in the same order on a fresh model of the same seed.
        AttackSite replay = site(1);
        List<float[]> folds = new ArrayList<>();
        for (int f = 0; f < Attack.LITTLE_FOLDS; f++) {
            int[] rows = new int[DATA.size() / 3];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = f * rows.length + i;
            }
            folds.add(flat(replay.trained(DATA.subset(rows)).update()));
        }
        float[] x = flat(Attack.LITTLE_IS_ENOUGH.update(site(1)).update());
        int below = 0;
        for (int j = 0; j < x.length; j++) {
            double mean = (folds.get(0)[j] + (double) folds.get(1)[j] + folds.get(2)[j]) / 3;
            double var = 0;
            for (float[] fold : folds) {
                var += (fold[j] - mean) * (fold[j] - mean);
            }
            assertThat(x[j]).isEqualTo((float) (mean - StrictMath.sqrt(var / 3)));
            below += x[j] < mean ? 1 : 0;
        }
        assertThat(below).as("coordinates pushed below the honest mean").isGreaterThan(x.length / 2);
    }

    @Test
    void gaussian_noise_sends_the_global_model_plus_unit_noise_drawn_from_the_round_seed() {
        float[] g = flat(GLOBAL);
        float[] x = flat(Attack.GAUSSIAN_NOISE.update(site(42)).update());
        double sum = 0;
        double squares = 0;
        for (int j = 0; j < g.length; j++) {
            double d = (double) x[j] - g[j];
            sum += d;
            squares += d * d;
        }
        assertThat(squares / g.length).as("mean square of the noise").isBetween(0.4, 2.0);
        assertThat(Math.abs(sum / g.length)).isLessThan(1.0);
        assertThat(flat(Attack.GAUSSIAN_NOISE.update(site(42)).update())).as("same seed, same noise").isEqualTo(x);
        assertThat(flat(Attack.GAUSSIAN_NOISE.update(site(43)).update())).isNotEqualTo(x);
    }

    @Test
    void label_flip_trains_honestly_on_labels_turned_into_their_mirror_class() {
        Dataset flipped = Attack.flipLabels(DATA);
        for (int i = 0; i < DATA.size(); i++) {
            assertThat(flipped.label(i)).isEqualTo(2 - DATA.label(i));
        }
        LocalTraining.Result sent = Attack.LABEL_FLIP.update(site(1));
        assertThat(sent.update()).isEqualTo(site(1).trained(flipped).update()).isNotEqualTo(honest().update());
        assertThat(sent.samples()).isEqualTo(DATA.size());
    }

    @Test
    void a_free_rider_sends_the_global_model_back_and_claims_its_samples() {
        LocalTraining.Result sent = Attack.FREE_RIDER.update(site(1));
        assertThat(sent.update()).isEqualTo(GLOBAL);
        assertThat(sent.samples()).isEqualTo(DATA.size());
    }

    @Test
    void sample_inflation_sends_the_honest_update_with_ten_times_the_samples() {
        LocalTraining.Result sent = Attack.SAMPLE_INFLATION.update(site(1));
        assertThat(sent.update()).isEqualTo(honest().update());
        assertThat(sent.samples()).isEqualTo(10 * honest().samples());
    }

    @Nested
    class Names {
        @Test
        void every_attack_is_named_on_the_command_line_in_lower_case_with_hyphens() {
            for (Attack a : Attack.values()) {
                assertThat(Attack.fromName(a.optionName())).isEqualTo(a);
            }
            assertThat(Attack.fromName("little-is-enough")).isEqualTo(Attack.LITTLE_IS_ENOUGH);
        }

        @Test
        void an_unknown_attack_lists_the_known_ones() {
            assertThatThrownBy(() -> Attack.fromName("poison")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("sign-flip").hasMessageContaining("sample-inflation");
        }
    }
}

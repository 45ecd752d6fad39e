package org.fedledger.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.fedledger.core.model.Model;
import org.fedledger.core.model.Tensor;
import org.fedledger.protocol.record.ContributionScore;
import org.fedledger.sdk.incentives.ModelScorer;
import org.fedledger.trainer.data.Dataset;
import org.fedledger.trainer.model.LocalModel;
import org.junit.jupiter.api.Test;

/**
 * The demo's validation set scores a model the two ways a task may ask for, as a pure function of the
 * model's bits: correct samples, and the capped loss in micro-nats.
 */
class ValidationSetTest {
    private final DemoTask task = DemoTask.breastCancer(3, 1);
    private final ValidationSet validation = ValidationSet.carve(task.sites(), task.model());

    private Model trained() {
        LocalModel model = task.model().apply(0);
        model.train(Dataset.concat(validation.training()), 5);
        return model.weights();
    }

    @Test
    void the_loss_is_each_samples_loss_in_micro_nats_summed_and_falls_as_the_model_learns() {
        ModelScorer scorer = validation.scorer();
        Model initial = task.model().apply(0).weights();
        Model trained = trained();

        long before = scorer.lossMicros(initial);
        long after = scorer.lossMicros(trained);

        assertThat(after).isPositive().isLessThan(before);
        assertThat(scorer.correct(trained)).isGreaterThan(scorer.correct(initial));
        // another scorer over the same set (another verifier) gives the same integers
        assertThat(validation.scorer().lossMicros(trained)).isEqualTo(after);
        LocalModel evaluator = task.model().apply(0);
        evaluator.setWeights(trained);
        double[] losses = evaluator.sampleLosses(validation.samples());
        long expected = 0;
        for (double loss : losses) {
            expected += Math.round(loss * 1e6);
        }
        assertThat(after).isEqualTo(expected);
    }

    @Test
    void one_wildly_wrong_sample_counts_no_more_than_the_cap() {
        Model initial = task.model().apply(0).weights();
        // every weight huge: outputs far beyond any probability, so most samples' losses pass 20 nats
        Model wild = Model.of(initial.tensors().stream().map(t -> {
            float[] huge = new float[t.size()];
            java.util.Arrays.fill(huge, 1e30f);
            return Tensor.of(t.spec(), huge);
        }).toList());

        long loss = validation.scorer().lossMicros(wild);

        assertThat(loss).isLessThanOrEqualTo(validation.size() * ContributionScore.MAX_SAMPLE_LOSS_MICROS);
        assertThat(loss).isPositive();
    }
}

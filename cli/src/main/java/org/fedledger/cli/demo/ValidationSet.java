package org.fedledger.cli.demo;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.Model;
import org.fedledger.protocol.record.ContributionScore;
import org.fedledger.sdk.incentives.ModelScorer;
import org.fedledger.trainer.data.Dataset;
import org.fedledger.trainer.model.LocalModel;

/**
 * A demo task's shared validation set (issue 24): every tenth sample of each hospital's training
 * data, carved out before training (the hospitals train on the rest), never the test set. Its hash is
 * the SHA-256 of its canonical bytes (per sample: the label as a 4-byte int, then each feature as the
 * 8 bytes of its IEEE 754 double, big-endian), which the task commits at creation; each verifier
 * scores a model by the number of validation samples it classifies correctly, or by its loss on them
 * ({@link ModelScorer#lossMicros}).
 *
 * <pre>{@code
 * ValidationSet carved = ValidationSet.carve(spec.sites(), spec.model());
 * List<Dataset> training = carved.training();
 * }</pre>
 */
public final class ValidationSet {
    /** One sample in this many goes to the validation set. */
    static final int EVERY = 10;

    private final Dataset samples;
    private final List<Dataset> training;
    private final IntFunction<LocalModel> model;
    private final ContentHash hash;

    private ValidationSet(Dataset samples, List<Dataset> training, IntFunction<LocalModel> model) {
        this.samples = samples;
        this.training = List.copyOf(training);
        this.model = model;
        this.hash = hashOf(samples);
    }

    /**
     * @param sites each hospital's training data
     * @param model builds a local model of the task (its evaluation counts correct samples)
     * @return the validation set and what each hospital keeps for training
     */
    public static ValidationSet carve(List<Dataset> sites, IntFunction<LocalModel> model) {
        Objects.requireNonNull(model, "model");
        List<Dataset> kept = new ArrayList<>();
        List<Dataset> carved = new ArrayList<>();
        for (Dataset site : sites) {
            int[] validation = new int[site.size() / EVERY];
            int[] training = new int[site.size() - validation.length];
            int v = 0;
            int t = 0;
            for (int i = 0; i < site.size(); i++) {
                if (i % EVERY == EVERY - 1) {
                    validation[v++] = i;
                } else {
                    training[t++] = i;
                }
            }
            kept.add(site.subset(training));
            if (validation.length > 0) {
                carved.add(site.subset(validation));
            }
        }
        return new ValidationSet(Dataset.concat(carved), kept, model);
    }

    /** @return each hospital's training data without the carved samples */
    public List<Dataset> training() {
        return training;
    }

    /** @return the validation samples, in the order their hash and every score take them */
    Dataset samples() {
        return samples;
    }

    /** @return the number of validation samples */
    public int size() {
        return samples.size();
    }

    /** @return SHA-256 of the set's canonical bytes */
    public ContentHash hash() {
        return hash;
    }

    /** @return a scorer over this set with its own local model, for one verification (not shared between threads) */
    public ModelScorer scorer() {
        LocalModel evaluator = model.apply(0);
        return new ModelScorer() {
            @Override
            public ContentHash validationSetHash() {
                return hash;
            }

            @Override
            public long correct(Model weights) {
                evaluator.setWeights(weights);
                return Math.round(evaluator.evaluate(samples).accuracy() * samples.size());
            }

            @Override
            public long lossMicros(Model weights) {
                evaluator.setWeights(weights);
                long total = 0;
                for (double loss : evaluator.sampleLosses(samples)) {
                    double micros = loss * 1e6;
                    // NaN and anything beyond the cap count as the cap
                    total += micros < ContributionScore.MAX_SAMPLE_LOSS_MICROS ? Math.round(micros)
                            : ContributionScore.MAX_SAMPLE_LOSS_MICROS;
                }
                return total;
            }
        };
    }

    private static ContentHash hashOf(Dataset data) {
        ByteBuffer bytes = ByteBuffer.allocate(data.size() * (4 + 8 * data.featureCount()));
        for (int i = 0; i < data.size(); i++) {
            bytes.putInt(data.label(i));
            for (int j = 0; j < data.featureCount(); j++) {
                bytes.putDouble(data.feature(i, j));
            }
        }
        return ContentHash.of(bytes.array());
    }
}

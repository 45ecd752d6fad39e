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
 * data, carved out before training (the hospitals train on the rest), never the test set; or, on
 * private sets, one organisation's part of it ({@link #ofOrganisation}). Its hash is
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
    /** Each hospital's carved samples, in hospital order ({@code null} for a hospital too small to give any). */
    private final List<Dataset> carvedBySite;
    private final IntFunction<LocalModel> model;
    private final ContentHash hash;

    private ValidationSet(Dataset samples, List<Dataset> training, List<Dataset> carvedBySite,
            IntFunction<LocalModel> model) {
        this.samples = samples;
        this.training = List.copyOf(training);
        this.carvedBySite = carvedBySite;
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
        List<Dataset> bySite = new ArrayList<>();
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
            Dataset mine = validation.length > 0 ? site.subset(validation) : null;
            bySite.add(mine);
            if (mine != null) {
                carved.add(mine);
            }
        }
        return new ValidationSet(Dataset.concat(carved), kept, bySite, model);
    }

    /**
     * One organisation's private validation set (issue 24, {@code validationMode: PRIVATE}): the samples
     * carved from its own hospitals only, which it never discloses.
     *
     * @param organisation the organisation, 0-based
     * @param organisations how many organisations the hospitals alternate between (hospital {@code s} is at
     *     organisation {@code s mod organisations})
     * @return the set of that organisation's carved samples, with the same training data
     */
    public ValidationSet ofOrganisation(int organisation, int organisations) {
        List<Dataset> mine = new ArrayList<>();
        for (int s = organisation; s < carvedBySite.size(); s += organisations) {
            if (carvedBySite.get(s) != null) {
                mine.add(carvedBySite.get(s));
            }
        }
        return new ValidationSet(Dataset.concat(mine), training, carvedBySite, model);
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

package org.fedledger.cli.demo;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.fedledger.trainer.data.Dataset;
import org.fedledger.trainer.data.Datasets;
import org.fedledger.trainer.data.Standardizer;
import org.fedledger.trainer.data.TrainTestSplit;
import org.fedledger.trainer.model.DpSgd;
import org.fedledger.trainer.model.Evaluation;
import org.fedledger.trainer.model.LocalModel;
import org.fedledger.trainer.model.LocalModels;
import org.fedledger.trainer.model.OptimizerSpec;
import org.fedledger.trainer.model.TrainingConfig;
import org.fedledger.trainer.partition.Partitioners;
import org.fedledger.trainer.reference.CentralisedReference;

/**
 * One federated-learning task of the demo: the data, how it is split across the hospitals, the local
 * model each site trains, and the quality bar against the centralised reference.
 *
 * <pre>{@code
 * DemoTask task = DemoTask.breastCancer(3, 30);
 * }</pre>
 *
 * @param name the task id on the ledger's side (a suffix makes it unique per run)
 * @param description what the task is, for people
 * @param sites each hospital's training data
 * @param test the held-out test set, the same for every site and for the reference
 * @param model builds a site's local model from its seed
 * @param reference builds the centralised reference's model from its seed: the site's model, never
 *     differentially private, so that a private task is compared with the non-private bar
 * @param rounds federated rounds
 * @param localEpochs local epochs per round
 * @param localBatch samples per local step (the mini-batch every site trains with), the training plan's
 *     {@code localBatch} when the demo marks updates out of line
 * @param tolerance how far below the centralised accuracy the federated one may end (0.02 = 2 points)
 * @param scaling the task's reference scaling, fitted on the bundled training split; every site's
 *     features pass through it
 * @param reader reads a file in the dataset's layout, strictly ({@link Datasets})
 * @param seed the seed the task was built with: its train/test split, its partition across the sites,
 *     each site's initialisation and training ({@code seed + site}), and the noise of hostile sites
 */
public record DemoTask(String name, String description, List<Dataset> sites, Dataset test, IntFunction<LocalModel> model,
        IntFunction<LocalModel> reference, int rounds, int localEpochs, int localBatch, double tolerance,
        Standardizer scaling,
        Function<Path, Dataset> reader, long seed) {
    /** The demo's default seed ({@code fedledger demo --seed}): the one every run used before it could be chosen. */
    public static final long SEED = 13;
    /** Breast cancer's mini-batch. */
    private static final int BREAST_CANCER_BATCH = 16;
    /** Digits' mini-batch. */
    private static final int DIGITS_BATCH = 32;

    /** Checks the fields. */
    public DemoTask {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scaling, "scaling");
        Objects.requireNonNull(reader, "reader");
        sites = List.copyOf(sites);
        if (rounds < 1 || localEpochs < 1 || localBatch < 1) {
            throw new IllegalArgumentException("rounds, localEpochs and localBatch must be at least 1");
        }
    }

    /** Breast cancer, logistic regression, label skew Dirichlet(0.5) across {@code siteCount} hospitals. */
    public static DemoTask breastCancer(int siteCount, int rounds) {
        return breastCancer(siteCount, rounds, Optional.empty());
    }

    /**
     * As {@link #breastCancer(int, int)}, each site training with local DP-SGD when {@code privacy} is given.
     *
     * @param siteCount hospitals
     * @param rounds federated rounds
     * @param privacy the DP-SGD every site trains with, or empty for ordinary mini-batches
     * @return the task
     */
    public static DemoTask breastCancer(int siteCount, int rounds, Optional<DpSgd> privacy) {
        return breastCancer(siteCount, rounds, privacy, SEED);
    }

    /**
     * As {@link #breastCancer(int, int, Optional)}, built from {@code seed} instead of {@link #SEED}.
     *
     * @param siteCount hospitals
     * @param rounds federated rounds
     * @param privacy the DP-SGD every site trains with, or empty for ordinary mini-batches
     * @param seed the task's seed (see {@link DemoTask})
     * @return the task
     */
    public static DemoTask breastCancer(int siteCount, int rounds, Optional<DpSgd> privacy, long seed) {
        TrainTestSplit split = TrainTestSplit.stratified(Datasets.breastCancer(), 0.2, seed);
        Standardizer scaling = Standardizer.fit(split.train());
        Dataset train = scaling.apply(split.train());
        List<Dataset> sites = Partitioners.labelSkew(0.5, seed).split(train, siteCount).apply(train);
        return new DemoTask("breast-cancer", "Breast Cancer Wisconsin, logistic regression, Dirichlet(0.5) label skew",
                sites, scaling.apply(split.test()), k -> LocalModels.logisticRegression(Datasets.BREAST_CANCER_FEATURES, 2,
                        config(OptimizerSpec.sgd(0.01, 0.9), BREAST_CANCER_BATCH, 1e-3, seed + k, privacy)),
                k -> LocalModels.logisticRegression(Datasets.BREAST_CANCER_FEATURES, 2,
                        config(OptimizerSpec.sgd(0.01, 0.9), BREAST_CANCER_BATCH, 1e-3, seed + k, Optional.empty())),
                rounds, 1, BREAST_CANCER_BATCH, 0.02,
                scaling, Datasets::breastCancer, seed);
    }

    /** Handwritten digits, a one-hidden-layer MLP, label skew Dirichlet(0.5) across {@code siteCount} sites. */
    public static DemoTask digits(int siteCount, int rounds) {
        return digits(siteCount, rounds, Optional.empty());
    }

    /**
     * As {@link #digits(int, int)}, each site training with local DP-SGD when {@code privacy} is given.
     *
     * @param siteCount sites
     * @param rounds federated rounds
     * @param privacy the DP-SGD every site trains with, or empty for ordinary mini-batches
     * @return the task
     */
    public static DemoTask digits(int siteCount, int rounds, Optional<DpSgd> privacy) {
        return digits(siteCount, rounds, privacy, SEED);
    }

    /**
     * As {@link #digits(int, int, Optional)}, built from {@code seed} instead of {@link #SEED}.
     *
     * @param siteCount sites
     * @param rounds federated rounds
     * @param privacy the DP-SGD every site trains with, or empty for ordinary mini-batches
     * @param seed the task's seed (see {@link DemoTask})
     * @return the task
     */
    public static DemoTask digits(int siteCount, int rounds, Optional<DpSgd> privacy, long seed) {
        TrainTestSplit split = TrainTestSplit.stratified(Datasets.digits(), 0.2, seed);
        Standardizer scaling = Standardizer.fit(split.train());
        Dataset train = scaling.apply(split.train());
        List<Dataset> sites = Partitioners.labelSkew(0.5, seed).split(train, siteCount).apply(train);
        return new DemoTask("digits", "Optical digits, MLP (64 hidden), Dirichlet(0.5) label skew", sites,
                scaling.apply(split.test()), k -> LocalModels.mlp(Datasets.DIGITS_FEATURES, 64, Datasets.DIGITS_CLASSES,
                        config(OptimizerSpec.adam(0.003), DIGITS_BATCH, 1e-4, seed + k, privacy)),
                k -> LocalModels.mlp(Datasets.DIGITS_FEATURES, 64, Datasets.DIGITS_CLASSES,
                        config(OptimizerSpec.adam(0.003), DIGITS_BATCH, 1e-4, seed + k, Optional.empty())),
                rounds, 1, DIGITS_BATCH, 0.03,
                scaling, Datasets::digits, seed);
    }

    /**
     * One of the demo's tasks by its command-line name.
     *
     * @param name {@code breast-cancer} or {@code digits}
     * @param siteCount hospitals
     * @param rounds federated rounds
     * @param privacy the DP-SGD every site trains with, or empty for ordinary mini-batches
     * @param seed the task's seed (see {@link DemoTask})
     * @return the task
     * @throws IllegalArgumentException for another name
     */
    public static DemoTask named(String name, int siteCount, int rounds, Optional<DpSgd> privacy, long seed) {
        return switch (name) {
            case "breast-cancer" -> breastCancer(siteCount, rounds, privacy, seed);
            case "digits" -> digits(siteCount, rounds, privacy, seed);
            default -> throw new IllegalArgumentException("unknown task '" + name + "'; known: breast-cancer, digits");
        };
    }

    /**
     * The demo's reference: the same model trained centrally on the pooled training data of every site
     * for as many epochs as the federated rounds train ({@code rounds * localEpochs}), evaluated on the
     * held-out test set. The quality bar is this less {@link #tolerance()}.
     *
     * @return the reference's accuracy after its last epoch
     */
    public double centralisedAccuracy() {
        List<Evaluation> central = CentralisedReference.train(reference.apply(0), sites, test, rounds * localEpochs);
        return central.get(central.size() - 1).accuracy();
    }

    /**
     * An organisation's own training data for this task: the file, read strictly in the dataset's
     * layout, scaled with the task's reference scaling (which the demo's sites use too), so that a
     * feature means the same at every site. Every row is training data.
     *
     * @param file a file in the dataset's layout ({@link Datasets})
     * @return the scaled rows
     * @throws org.fedledger.trainer.data.DatasetFormatException naming the file, line and problem
     * @throws IllegalArgumentException when the file has another number of features
     */
    public Dataset ownData(Path file) {
        return scaling.apply(reader.apply(file));
    }

    private static TrainingConfig config(OptimizerSpec optimizer, int batch, double decay, long seed,
            Optional<DpSgd> privacy) {
        TrainingConfig.Builder config = TrainingConfig.builder().optimizer(optimizer).batchSize(batch).weightDecay(decay)
                .seed(seed);
        privacy.ifPresent(config::differentialPrivacy);
        return config.build();
    }
}

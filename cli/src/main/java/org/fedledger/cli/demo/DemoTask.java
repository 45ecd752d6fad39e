package org.fedledger.cli.demo;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;
import org.fedledger.trainer.data.Dataset;
import org.fedledger.trainer.data.Datasets;
import org.fedledger.trainer.data.Standardizer;
import org.fedledger.trainer.data.TrainTestSplit;
import org.fedledger.trainer.model.LocalModel;
import org.fedledger.trainer.model.LocalModels;
import org.fedledger.trainer.model.OptimizerSpec;
import org.fedledger.trainer.model.TrainingConfig;
import org.fedledger.trainer.partition.Partitioners;

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
 * @param rounds federated rounds
 * @param localEpochs local epochs per round
 * @param tolerance how far below the centralised accuracy the federated one may end (0.02 = 2 points)
 */
public record DemoTask(String name, String description, List<Dataset> sites, Dataset test, IntFunction<LocalModel> model,
        int rounds, int localEpochs, double tolerance) {
    /** The seed of every split, partition and initialisation. */
    public static final long SEED = 13;

    /** Checks the fields. */
    public DemoTask {
        Objects.requireNonNull(name, "name");
        sites = List.copyOf(sites);
        if (rounds < 1 || localEpochs < 1) {
            throw new IllegalArgumentException("rounds and localEpochs must be at least 1");
        }
    }

    /** Breast cancer, logistic regression, label skew Dirichlet(0.5) across {@code siteCount} hospitals. */
    public static DemoTask breastCancer(int siteCount, int rounds) {
        TrainTestSplit split = referenceSplit("breast-cancer").standardized();
        List<Dataset> sites = Partitioners.labelSkew(0.5, SEED).split(split.train(), siteCount).apply(split.train());
        return new DemoTask("breast-cancer", "Breast Cancer Wisconsin, logistic regression, Dirichlet(0.5) label skew",
                sites, split.test(), k -> LocalModels.logisticRegression(Datasets.BREAST_CANCER_FEATURES, 2,
                        config(OptimizerSpec.sgd(0.01, 0.9), 16, 1e-3, k)), rounds, 1, 0.02);
    }

    /** Handwritten digits, a one-hidden-layer MLP, label skew Dirichlet(0.5) across {@code siteCount} sites. */
    public static DemoTask digits(int siteCount, int rounds) {
        TrainTestSplit split = referenceSplit("digits").standardized();
        List<Dataset> sites = Partitioners.labelSkew(0.5, SEED).split(split.train(), siteCount).apply(split.train());
        return new DemoTask("digits", "Optical digits, MLP (64 hidden), Dirichlet(0.5) label skew", sites, split.test(),
                k -> LocalModels.mlp(Datasets.DIGITS_FEATURES, 64, Datasets.DIGITS_CLASSES,
                        config(OptimizerSpec.adam(0.003), 32, 1e-4, k)), rounds, 1, 0.03);
    }

    /**
     * An organisation's own training data for a task of the named dataset: the file, read strictly in
     * that dataset's layout, scaled with the task's reference scaling (the means and standard
     * deviations of the bundled dataset's training split, which the demo's sites use too), so that a
     * feature means the same at every site. Every row is training data.
     *
     * @param dataset "breast-cancer" or "digits"
     * @param file a file in that dataset's layout ({@link Datasets})
     * @return the scaled rows
     * @throws org.fedledger.trainer.data.DatasetFormatException naming the file, line and problem
     * @throws IllegalArgumentException for an unknown dataset
     */
    public static Dataset ownData(String dataset, Path file) {
        Dataset own = switch (dataset) {
            case "breast-cancer" -> Datasets.breastCancer(file);
            case "digits" -> Datasets.digits(file);
            default -> throw unknown(dataset);
        };
        return Standardizer.fit(referenceSplit(dataset).train()).apply(own);
    }

    /** The bundled dataset's stratified 80/20 split with the demo's seed, unscaled. */
    private static TrainTestSplit referenceSplit(String dataset) {
        Dataset all = switch (dataset) {
            case "breast-cancer" -> Datasets.breastCancer();
            case "digits" -> Datasets.digits();
            default -> throw unknown(dataset);
        };
        return TrainTestSplit.stratified(all, 0.2, SEED);
    }

    private static IllegalArgumentException unknown(String dataset) {
        return new IllegalArgumentException("unknown dataset '" + dataset + "'; known: breast-cancer, digits");
    }

    private static TrainingConfig config(OptimizerSpec optimizer, int batch, double decay, int site) {
        return TrainingConfig.builder().optimizer(optimizer).batchSize(batch).weightDecay(decay).seed(SEED + site).build();
    }
}

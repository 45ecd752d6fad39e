package org.fedledger.trainer.reference;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.fedledger.trainer.data.Dataset;
import org.fedledger.trainer.model.Evaluation;
import org.fedledger.trainer.model.LocalModel;

/**
 * The reference line of every federated experiment: the same model trained on all sites' data pooled
 * in one place, evaluated on the shared test set after every epoch.
 *
 * <pre>{@code
 * List<Evaluation> curve = CentralisedReference.train(model, sites, test, 30);
 * double reference = curve.get(curve.size() - 1).accuracy();
 * }</pre>
 */
public final class CentralisedReference {
    private CentralisedReference() {
    }

    /**
     * Pools {@code sites} in list order and trains {@code model} one epoch at a time.
     *
     * @param model the model to train, in its starting state (usually the federation's initial weights)
     * @param sites every site's training data
     * @param test the held-out test set
     * @param epochs passes over the pooled data, at least 1
     * @return the test evaluation after each epoch, {@code epochs} entries
     * @throws IllegalArgumentException when {@code epochs} is below 1, {@code sites} is empty or the
     *     datasets do not fit the model
     */
    public static List<Evaluation> train(LocalModel model, List<Dataset> sites, Dataset test, int epochs) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(test, "test");
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs " + epochs + " must be at least 1");
        }
        Dataset pooled = Dataset.concat(sites);
        List<Evaluation> curve = new ArrayList<>(epochs);
        for (int e = 0; e < epochs; e++) {
            model.train(pooled, 1);
            curve.add(model.evaluate(test));
        }
        return List.copyOf(curve);
    }
}

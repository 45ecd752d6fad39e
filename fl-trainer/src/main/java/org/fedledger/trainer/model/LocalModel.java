package org.fedledger.trainer.model;

import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelSchema;
import org.fedledger.trainer.data.Dataset;

/**
 * What a federated site needs from any machine-learning model: its weights as named tensors, local
 * training, and evaluation. Implement it to bring other Java ML code into FedLedger; the built-in
 * models come from {@link LocalModels}.
 *
 * <pre>{@code
 * LocalModel local = LocalModels.logisticRegression(30, 2, TrainingConfig.builder().seed(7).build());
 * local.setWeights(globalModel);
 * long samples = local.train(siteData, 2);
 * Model update = local.weights();
 * double accuracy = local.evaluate(testData).accuracy();
 * }</pre>
 *
 * <p>Implementations are not thread-safe. A deterministic implementation gives the same weights bit
 * for bit for the same construction, the same calls and the same data in the same order.
 */
public interface LocalModel {
    /** @return the tensor names and shapes of {@link #weights()}; the same for the model's whole life */
    ModelSchema schema();

    /** @return a snapshot of the current weights, one tensor per entry of {@link #schema()} */
    Model weights();

    /**
     * Replaces the weights, for example with the round's global model. Optimiser state (momentum,
     * moment estimates) restarts from zero.
     *
     * @param weights weights with exactly {@link #schema()}
     * @throws org.fedledger.core.model.ModelFormatException with code
     *     {@link org.fedledger.core.model.FormatError#SCHEMA_MISMATCH} when names or shapes differ
     */
    void setWeights(Model weights);

    /**
     * Trains {@code epochs} passes over {@code data}.
     *
     * @param data the site's training samples
     * @param epochs number of passes, at least 1
     * @return the number of training samples used, the weight FedAvg gives this site's update
     * @throws IllegalArgumentException when {@code epochs} is below 1 or {@code data} does not have the
     *     model's feature and class counts
     */
    long train(Dataset data, int epochs);

    /**
     * @param data labelled samples with the model's feature and class counts
     * @return accuracy and mean cross-entropy loss on {@code data}
     * @throws IllegalArgumentException when {@code data} does not have the model's feature and class counts
     */
    Evaluation evaluate(Dataset data);

    /**
     * Each sample's cross-entropy loss (natural log, without weight decay), in the dataset's order:
     * computed with strict double arithmetic and {@code StrictMath}, so the same weights and data give
     * the same bits on every machine (what a contribution score that organisations must agree on needs).
     *
     * @param data labelled samples with the model's feature and class counts
     * @return one loss per sample, not negative; a model whose outputs overflow may give infinity or NaN
     * @throws IllegalArgumentException when {@code data} does not have the model's feature and class counts
     */
    double[] sampleLosses(Dataset data);
}

package org.fedledger.trainer.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelSchema;
import org.fedledger.core.model.Tensor;
import org.fedledger.core.model.TensorSpec;
import org.fedledger.trainer.data.Dataset;
import org.fedledger.trainer.random.SeededRandom;

/**
 * What the built-in models share: all parameters in one double vector laid out tensor by tensor in
 * canonical (name) order, mini-batch training with a seeded shuffle, L2 decay on kernels, and
 * evaluation. Subclasses supply one sample's loss and gradient.
 *
 * <p>Every sum runs single-threaded in a fixed order, so results are bit-for-bit reproducible.
 */
abstract class DenseModel implements LocalModel {
    private final ModelSchema schema;
    private final int[] offsets;
    private final boolean[] decayed;
    private final TrainingConfig config;
    private final Optimizer optimizer;
    /** Shuffles sample order; advances with every epoch trained. */
    private final SeededRandom shuffle;
    /** Poisson sampling and Gaussian noise of differentially private training; advances with every step. */
    private final SeededRandom privacyRandom;
    final int features;
    final int classes;
    /** The parameters, tensors back to back in {@link #schema} order. */
    final double[] params;

    DenseModel(List<TensorSpec> specs, int features, int classes, TrainingConfig config) {
        this.schema = ModelSchema.of(specs);
        this.features = features;
        this.classes = classes;
        this.config = Objects.requireNonNull(config, "config");
        List<TensorSpec> sorted = schema.tensors();
        this.offsets = new int[sorted.size() + 1];
        this.decayed = new boolean[sorted.size()];
        for (int t = 0; t < sorted.size(); t++) {
            offsets[t + 1] = offsets[t] + sorted.get(t).elementCount();
            decayed[t] = sorted.get(t).name().endsWith("/kernel");
        }
        this.params = new double[offsets[sorted.size()]];
        this.optimizer = new Optimizer(config.optimizer(), params.length);
        this.shuffle = new SeededRandom(config.seed());
        this.privacyRandom = new SeededRandom(config.seed() ^ 0x6A09E667F3BCC909L);
    }

    /** @return the offset of the named tensor in {@link #params} */
    final int offset(String name) {
        List<TensorSpec> sorted = schema.tensors();
        for (int t = 0; t < sorted.size(); t++) {
            if (sorted.get(t).name().equals(name)) {
                return offsets[t];
            }
        }
        throw new IllegalStateException("no tensor " + name);
    }

    /** @return a generator for initial weights, separate from the shuffle stream */
    final SeededRandom initRandom() {
        return new SeededRandom(config.seed() ^ 0x5DEECE66DL);
    }

    /**
     * Loss of one sample; when {@code grad} is not null, adds {@code scale} times its gradient to it.
     *
     * @return the sample's cross-entropy
     */
    abstract double sample(double[] x, int label, double[] grad, double scale);

    /** @return the class {@link #sample} found most probable for the last sample it saw */
    abstract int lastPrediction();

    @Override
    public final ModelSchema schema() {
        return schema;
    }

    @Override
    public final Model weights() {
        List<TensorSpec> sorted = schema.tensors();
        List<Tensor> tensors = new ArrayList<>(sorted.size());
        for (int t = 0; t < sorted.size(); t++) {
            float[] values = new float[offsets[t + 1] - offsets[t]];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) params[offsets[t] + i];
            }
            tensors.add(Tensor.of(sorted.get(t), values));
        }
        return Model.of(tensors);
    }

    @Override
    public final void setWeights(Model weights) {
        schema.check(weights);
        List<Tensor> tensors = weights.tensors();
        for (int t = 0; t < tensors.size(); t++) {
            Tensor tensor = tensors.get(t);
            for (int i = 0; i < tensor.size(); i++) {
                params[offsets[t] + i] = tensor.value(i);
            }
        }
        optimizer.reset();
    }

    @Override
    public final long train(Dataset data, int epochs) {
        requireShape(data);
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs " + epochs + " must be at least 1");
        }
        if (config.privacy().isPresent()) {
            return trainPrivately(data, epochs, config.privacy().get());
        }
        int n = data.size();
        int[] order = new int[n];
        double[] grad = new double[params.length];
        double[] x = new double[features];
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            shuffle.shuffle(order);
            for (int from = 0; from < n; from += config.batchSize()) {
                int to = Math.min(n, from + config.batchSize());
                batch(data, order, from, to, grad, x);
                optimizer.step(params, grad);
            }
        }
        return n;
    }

    /**
     * Runs the mechanism's steps of DP-SGD (see {@link DpSgd}). The number of steps is the mechanism's,
     * as the ledger counts them, so more than one epoch is refused.
     */
    private long trainPrivately(Dataset data, int epochs, DpSgd dp) {
        if (epochs != 1) {
            throw new IllegalArgumentException("a differentially private model trains its mechanism's " + dp.steps()
                    + " steps per call, as its task's privacy budget counts them; epochs must be 1, was " + epochs);
        }
        int n = data.size();
        double[] sum = new double[params.length];
        double[] one = new double[params.length];
        double[] grad = new double[params.length];
        double[] x = new double[features];
        double expectedSample = dp.samplingRate() * n;
        double noiseStd = dp.noiseMultiplier() * dp.clipNorm();
        for (int step = 0; step < dp.steps(); step++) {
            Arrays.fill(sum, 0.0);
            for (int i = 0; i < n; i++) {
                if (privacyRandom.nextDouble() < dp.samplingRate()) {
                    Arrays.fill(one, 0.0);
                    data.copyRow(i, x, 0);
                    sample(x, data.label(i), one, 1.0);
                    DpSgd.addClipped(one, dp.clipNorm(), sum);
                }
            }
            for (int j = 0; j < grad.length; j++) {
                grad[j] = (sum[j] + noiseStd * privacyRandom.nextGaussian()) / expectedSample;
            }
            decay(grad);
            optimizer.step(params, grad);
        }
        return n;
    }

    /**
     * Fills {@code grad} with the gradient of the mean loss over {@code order[from..to)} plus weight
     * decay, and returns that loss.
     */
    final double batch(Dataset data, int[] order, int from, int to, double[] grad, double[] x) {
        Arrays.fill(grad, 0.0);
        double scale = 1.0 / (to - from);
        double sum = 0.0;
        for (int k = from; k < to; k++) {
            data.copyRow(order[k], x, 0);
            sum += sample(x, data.label(order[k]), grad, scale);
        }
        return sum * scale + decay(grad);
    }

    /** Adds the weight-decay gradient to {@code grad} and returns the decay term of the loss. */
    private double decay(double[] grad) {
        double lambda = config.weightDecay();
        if (lambda == 0.0) {
            return 0.0;
        }
        double squares = 0.0;
        for (int t = 0; t < decayed.length; t++) {
            if (decayed[t]) {
                for (int i = offsets[t]; i < offsets[t + 1]; i++) {
                    squares += params[i] * params[i];
                    grad[i] += lambda * params[i];
                }
            }
        }
        return 0.5 * lambda * squares;
    }

    /** The full-data training objective and its gradient, for gradient checks. */
    final double objective(Dataset data, double[] grad) {
        int[] all = new int[data.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return batch(data, all, 0, all.length, grad, new double[features]);
    }

    @Override
    public final Evaluation evaluate(Dataset data) {
        requireShape(data);
        double[] x = new double[features];
        double loss = 0.0;
        int correct = 0;
        for (int i = 0; i < data.size(); i++) {
            data.copyRow(i, x, 0);
            int label = data.label(i);
            loss += sample(x, label, null, 0.0);
            if (lastPrediction() == label) {
                correct++;
            }
        }
        return new Evaluation((double) correct / data.size(), loss / data.size(), data.size());
    }

    @Override
    public final double[] sampleLosses(Dataset data) {
        requireShape(data);
        double[] x = new double[features];
        double[] losses = new double[data.size()];
        for (int i = 0; i < data.size(); i++) {
            data.copyRow(i, x, 0);
            losses[i] = sample(x, data.label(i), null, 0.0);
        }
        return losses;
    }

    private void requireShape(Dataset data) {
        Objects.requireNonNull(data, "data");
        if (data.featureCount() != features || data.classCount() != classes) {
            throw new IllegalArgumentException("dataset '" + data.name() + "' has " + data.featureCount()
                    + " features and " + data.classCount() + " classes; the model takes " + features + " and "
                    + classes);
        }
    }

    /** {@code out[0..outs) = params[bias..] + x[0..in) . params[kernel..]}, kernel row-major {@code [in, outs]}. */
    final void affine(double[] x, int in, int bias, int kernel, double[] out, int outs) {
        for (int k = 0; k < outs; k++) {
            out[k] = params[bias + k];
        }
        for (int j = 0; j < in; j++) {
            double xj = x[j];
            int row = kernel + j * outs;
            for (int k = 0; k < outs; k++) {
                out[k] += xj * params[row + k];
            }
        }
    }

    /** Adds {@code scale} times the gradient of an {@link #affine} layer with output gradient {@code dz}. */
    static void affineGradient(double[] grad, double scale, double[] x, int in, int bias, int kernel, double[] dz,
            int outs) {
        for (int k = 0; k < outs; k++) {
            grad[bias + k] += scale * dz[k];
        }
        for (int j = 0; j < in; j++) {
            double sx = scale * x[j];
            int row = kernel + j * outs;
            for (int k = 0; k < outs; k++) {
                grad[row + k] += sx * dz[k];
            }
        }
    }

    /** Softmax cross-entropy over {@code z[0..k)} in place: {@code z} becomes the probabilities. */
    static double softmaxLoss(double[] z, int k, int label) {
        double max = z[0];
        for (int c = 1; c < k; c++) {
            max = Math.max(max, z[c]);
        }
        double shifted = z[label] - max;
        double sum = 0.0;
        for (int c = 0; c < k; c++) {
            z[c] = StrictMath.exp(z[c] - max);
            sum += z[c];
        }
        double loss = StrictMath.log(sum) - shifted;
        for (int c = 0; c < k; c++) {
            z[c] /= sum;
        }
        return loss;
    }

    /** @return the index of the largest of {@code z[0..k)}, the lowest index on ties */
    static int argmax(double[] z, int k) {
        int best = 0;
        for (int c = 1; c < k; c++) {
            if (z[c] > z[best]) {
                best = c;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{features=" + features + ", classes=" + classes + ", parameters="
                + params.length + ", config=" + config + "}";
    }
}

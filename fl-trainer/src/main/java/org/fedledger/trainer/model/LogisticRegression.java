package org.fedledger.trainer.model;

import java.util.List;
import org.fedledger.core.model.TensorSpec;

/**
 * Logistic regression. Two classes: one output {@code z = b + x.w}, {@code P(class 1) = sigmoid(z)},
 * binary cross-entropy. More classes: one output per class, softmax cross-entropy. Weights start at
 * zero (the loss is convex, so no symmetry needs breaking).
 */
final class LogisticRegression extends DenseModel {
    private final int outputs;
    private final int bias;
    private final int kernel;
    private final double[] z;
    private int prediction;

    LogisticRegression(int features, int classes, TrainingConfig config) {
        super(specs(features, classes), features, classes, config);
        this.outputs = outputs(classes);
        this.bias = offset(LocalModels.DENSE_BIAS);
        this.kernel = offset(LocalModels.DENSE_KERNEL);
        this.z = new double[outputs];
    }

    private static int outputs(int classes) {
        return classes == 2 ? 1 : classes;
    }

    private static List<TensorSpec> specs(int features, int classes) {
        int outputs = outputs(classes);
        return List.of(TensorSpec.of(LocalModels.DENSE_KERNEL, features, outputs),
                TensorSpec.of(LocalModels.DENSE_BIAS, outputs));
    }

    @Override
    double sample(double[] x, int label, double[] grad, double scale) {
        affine(x, features, bias, kernel, z, outputs);
        double loss;
        if (outputs == 1) {
            double logit = z[0];
            // log(1 + e^-|z|) + max(z, 0) - y z, stable for any z
            loss = StrictMath.log1p(StrictMath.exp(-Math.abs(logit))) + Math.max(logit, 0.0) - label * logit;
            prediction = logit > 0.0 ? 1 : 0;
            if (grad == null) {
                return loss;
            }
            double p = logit >= 0.0 ? 1.0 / (1.0 + StrictMath.exp(-logit))
                    : StrictMath.exp(logit) / (1.0 + StrictMath.exp(logit));
            z[0] = p - label;
        } else {
            prediction = argmax(z, outputs);
            loss = softmaxLoss(z, outputs, label);
            if (grad == null) {
                return loss;
            }
            z[label] -= 1.0;
        }
        affineGradient(grad, scale, x, features, bias, kernel, z, outputs);
        return loss;
    }

    @Override
    int lastPrediction() {
        return prediction;
    }
}

package org.fedledger.trainer.model;

import java.util.List;
import org.fedledger.core.model.TensorSpec;
import org.fedledger.trainer.random.SeededRandom;

/**
 * One hidden layer of ReLU units, then a softmax output:
 * {@code h = relu(b1 + x W1)}, {@code P = softmax(b2 + h W2)}, cross-entropy loss. Kernels start
 * from He-scaled Gaussians ({@code N(0, 2 / fan_in)}) drawn from the seed, biases at zero.
 */
final class Mlp extends DenseModel {
    private final int hidden;
    private final int bias1;
    private final int kernel1;
    private final int bias2;
    private final int kernel2;
    private final double[] pre;
    private final double[] h;
    private final double[] z;
    private final double[] dh;
    private int prediction;

    Mlp(int features, int hidden, int classes, TrainingConfig config) {
        super(specs(features, hidden, classes), features, classes, config);
        this.hidden = hidden;
        this.bias1 = offset(LocalModels.DENSE1_BIAS);
        this.kernel1 = offset(LocalModels.DENSE1_KERNEL);
        this.bias2 = offset(LocalModels.DENSE2_BIAS);
        this.kernel2 = offset(LocalModels.DENSE2_KERNEL);
        this.pre = new double[hidden];
        this.h = new double[hidden];
        this.z = new double[classes];
        this.dh = new double[hidden];
        SeededRandom init = initRandom();
        double s1 = StrictMath.sqrt(2.0 / features);
        for (int i = 0; i < features * hidden; i++) {
            params[kernel1 + i] = s1 * init.nextGaussian();
        }
        double s2 = StrictMath.sqrt(2.0 / hidden);
        for (int i = 0; i < hidden * classes; i++) {
            params[kernel2 + i] = s2 * init.nextGaussian();
        }
    }

    private static List<TensorSpec> specs(int features, int hidden, int classes) {
        return List.of(TensorSpec.of(LocalModels.DENSE1_KERNEL, features, hidden),
                TensorSpec.of(LocalModels.DENSE1_BIAS, hidden),
                TensorSpec.of(LocalModels.DENSE2_KERNEL, hidden, classes),
                TensorSpec.of(LocalModels.DENSE2_BIAS, classes));
    }

    @Override
    double sample(double[] x, int label, double[] grad, double scale) {
        affine(x, features, bias1, kernel1, pre, hidden);
        for (int i = 0; i < hidden; i++) {
            h[i] = pre[i] > 0.0 ? pre[i] : 0.0;
        }
        affine(h, hidden, bias2, kernel2, z, classes);
        prediction = argmax(z, classes);
        double loss = softmaxLoss(z, classes, label);
        if (grad == null) {
            return loss;
        }
        z[label] -= 1.0;
        for (int i = 0; i < hidden; i++) {
            double back = 0.0;
            if (pre[i] > 0.0) {
                int row = kernel2 + i * classes;
                for (int k = 0; k < classes; k++) {
                    back += params[row + k] * z[k];
                }
            }
            dh[i] = back;
        }
        affineGradient(grad, scale, h, hidden, bias2, kernel2, z, classes);
        affineGradient(grad, scale, x, features, bias1, kernel1, dh, hidden);
        return loss;
    }

    @Override
    int lastPrediction() {
        return prediction;
    }
}

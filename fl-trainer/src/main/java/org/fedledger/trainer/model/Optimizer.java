package org.fedledger.trainer.model;

/**
 * The state and update step of one {@link OptimizerSpec} over a flat parameter vector. Coordinates are
 * updated one by one in index order, in double, with {@link StrictMath} for powers and roots.
 */
final class Optimizer {
    private final OptimizerSpec spec;
    private final double[] first;
    private final double[] second;
    private long step;

    Optimizer(OptimizerSpec spec, int size) {
        this.spec = spec;
        this.first = new double[size];
        this.second = spec.kind() == OptimizerSpec.Kind.ADAM ? new double[size] : new double[0];
    }

    /** Forgets momentum, moments and the step count. */
    void reset() {
        java.util.Arrays.fill(first, 0.0);
        java.util.Arrays.fill(second, 0.0);
        step = 0;
    }

    /** {@code params -= update(grad)}. */
    void step(double[] params, double[] grad) {
        double lr = spec.learningRate();
        if (spec.kind() == OptimizerSpec.Kind.SGD) {
            double mu = spec.momentum();
            if (mu == 0.0) {
                for (int i = 0; i < params.length; i++) {
                    params[i] -= lr * grad[i];
                }
                return;
            }
            for (int i = 0; i < params.length; i++) {
                first[i] = mu * first[i] + grad[i];
                params[i] -= lr * first[i];
            }
            return;
        }
        step++;
        double b1 = spec.beta1();
        double b2 = spec.beta2();
        double c1 = 1.0 - StrictMath.pow(b1, step);
        double c2 = 1.0 - StrictMath.pow(b2, step);
        double eps = spec.epsilon();
        for (int i = 0; i < params.length; i++) {
            double g = grad[i];
            first[i] = b1 * first[i] + (1.0 - b1) * g;
            second[i] = b2 * second[i] + (1.0 - b2) * (g * g);
            double m = first[i] / c1;
            double v = second[i] / c2;
            params[i] -= lr * m / (StrictMath.sqrt(v) + eps);
        }
    }
}

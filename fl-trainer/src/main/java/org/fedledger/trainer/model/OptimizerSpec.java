package org.fedledger.trainer.model;

import java.util.Objects;

/**
 * Which optimiser local training uses, with its hyper-parameters: SGD with optional (heavy-ball)
 * momentum, or Adam (Kingma and Ba, 2015).
 *
 * <pre>{@code
 * OptimizerSpec sgd = OptimizerSpec.sgd(0.1, 0.9);
 * OptimizerSpec adam = OptimizerSpec.adam(0.001);
 * }</pre>
 *
 * <p>SGD with momentum {@code mu}: {@code v = mu * v + g; w = w - lr * v}. Adam at step {@code t}:
 * {@code m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; w = w - lr * m' / (sqrt(v') + eps)} with the
 * bias-corrected {@code m' = m / (1 - b1^t)} and {@code v' = v / (1 - b2^t)}.
 *
 * @param kind the optimiser
 * @param learningRate step size, positive and finite
 * @param momentum SGD momentum in [0, 1); 0 for plain SGD and for Adam
 * @param beta1 Adam's first-moment decay in [0, 1); 0 for SGD
 * @param beta2 Adam's second-moment decay in [0, 1); 0 for SGD
 * @param epsilon Adam's denominator floor, positive; 0 for SGD
 */
public record OptimizerSpec(Kind kind, double learningRate, double momentum, double beta1, double beta2,
        double epsilon) {
    /** The optimisers available. */
    public enum Kind {
        /** Stochastic gradient descent, with optional momentum. */
        SGD,
        /** Adam with bias correction. */
        ADAM
    }

    /**
     * Checks every component.
     *
     * @param kind the optimiser
     * @param learningRate positive and finite
     * @param momentum in [0, 1), 0 unless SGD
     * @param beta1 in [0, 1), 0 unless Adam
     * @param beta2 in [0, 1), 0 unless Adam
     * @param epsilon positive for Adam, 0 for SGD
     * @throws IllegalArgumentException naming the parameter out of range
     * @throws NullPointerException when {@code kind} is null
     */
    public OptimizerSpec {
        Objects.requireNonNull(kind, "kind");
        if (!(learningRate > 0.0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate " + learningRate + " must be positive and finite");
        }
        requireUnit("momentum", momentum);
        requireUnit("beta1", beta1);
        requireUnit("beta2", beta2);
        if (kind == Kind.ADAM) {
            if (momentum != 0.0) {
                throw new IllegalArgumentException("Adam takes no momentum; use beta1");
            }
            if (!(epsilon > 0.0) || Double.isInfinite(epsilon)) {
                throw new IllegalArgumentException("Adam epsilon " + epsilon + " must be positive and finite");
            }
        } else if (beta1 != 0.0 || beta2 != 0.0 || epsilon != 0.0) {
            throw new IllegalArgumentException("SGD takes no beta1, beta2 or epsilon");
        }
    }

    private static void requireUnit(String name, double value) {
        if (!(value >= 0.0 && value < 1.0)) {
            throw new IllegalArgumentException(name + " " + value + " must be in [0, 1)");
        }
    }

    /**
     * @param learningRate step size
     * @return plain SGD
     * @throws IllegalArgumentException when the learning rate is not positive and finite
     */
    public static OptimizerSpec sgd(double learningRate) {
        return new OptimizerSpec(Kind.SGD, learningRate, 0.0, 0.0, 0.0, 0.0);
    }

    /**
     * @param learningRate step size
     * @param momentum heavy-ball momentum in [0, 1)
     * @return SGD with momentum
     * @throws IllegalArgumentException when a parameter is out of range
     */
    public static OptimizerSpec sgd(double learningRate, double momentum) {
        return new OptimizerSpec(Kind.SGD, learningRate, momentum, 0.0, 0.0, 0.0);
    }

    /**
     * @param learningRate step size
     * @return Adam with the usual {@code beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8}
     * @throws IllegalArgumentException when the learning rate is not positive and finite
     */
    public static OptimizerSpec adam(double learningRate) {
        return new OptimizerSpec(Kind.ADAM, learningRate, 0.0, 0.9, 0.999, 1e-8);
    }
}

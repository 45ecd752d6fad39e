package org.fedledger.trainer.model;

/**
 * How well a model does on a labelled dataset.
 *
 * <pre>{@code
 * Evaluation e = model.evaluate(test);
 * System.out.printf("accuracy %.2f%%, loss %.4f on %d samples%n", 100 * e.accuracy(), e.loss(), e.samples());
 * }</pre>
 *
 * @param accuracy fraction of samples whose most probable class is their label, in [0, 1]
 * @param loss mean cross-entropy (natural log) over the samples, without weight decay
 * @param samples number of samples evaluated, at least 1
 */
public record Evaluation(double accuracy, double loss, int samples) {
    /**
     * Checks every component.
     *
     * @param accuracy in [0, 1]
     * @param loss finite and not negative
     * @param samples at least 1
     * @throws IllegalArgumentException when a component is out of range
     */
    public Evaluation {
        if (!(accuracy >= 0.0 && accuracy <= 1.0)) {
            throw new IllegalArgumentException("accuracy " + accuracy + " is outside [0, 1]");
        }
        if (!(loss >= 0.0) || Double.isInfinite(loss)) {
            throw new IllegalArgumentException("loss " + loss + " must be finite and not negative");
        }
        if (samples < 1) {
            throw new IllegalArgumentException("an evaluation needs at least one sample, not " + samples);
        }
    }
}

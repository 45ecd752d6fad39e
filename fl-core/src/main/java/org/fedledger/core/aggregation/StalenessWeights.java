package org.fedledger.core.aggregation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelFormatException;
import org.fedledger.core.model.Tensor;

/**
 * The weights of a buffered task's updates ({@link RuleSpec#buffered()}) and the rebasing of a stale
 * update onto the round's base model.
 *
 * <p>An update trained from global version {@code b} and admitted to a round that trains from version
 * {@code v} has staleness {@code tau = v - b}, at most {@code S = max_staleness}. Its weight is the
 * exact rational {@code samples / (1 + tau)}; so that every weight stays an integer (exact rules sum
 * integer weights, and the manifest names integers), all of a task's weights are multiplied by
 * {@code L = lcm(1, ..., S + 1)}: {@code weight = samples * L / (1 + tau)}. Multiplying every weight
 * by one constant changes no weighted mean, so a round whose updates are all fresh gives the same
 * rational, and an exact rule the same bits, as a synchronous round.
 *
 * <pre>{@code
 * long w = StalenessWeights.weight(120, 2, 4);   // 120 * 60 / 3 = 2400
 * Model rebased = StalenessWeights.rebase(update, trainedFrom, roundBase);
 * }</pre>
 */
public final class StalenessWeights {
    /** The largest {@code max_staleness}: {@code lcm(1..11) = 27720} keeps weights far from overflow. */
    public static final int MAX_STALENESS = 10;

    private StalenessWeights() {
    }

    /**
     * @param maxStaleness the task's bound, in [0, {@link #MAX_STALENESS}]
     * @return {@code lcm(1, ..., maxStaleness + 1)}, the factor every weight of the task carries; 1 for a
     *     synchronous task
     * @throws IllegalArgumentException when {@code maxStaleness} is out of range
     */
    public static long multiplier(int maxStaleness) {
        if (maxStaleness < 0 || maxStaleness > MAX_STALENESS) {
            throw new IllegalArgumentException("max_staleness must be in [0, " + MAX_STALENESS + "], was "
                    + maxStaleness);
        }
        long lcm = 1;
        for (long k = 2; k <= maxStaleness + 1; k++) {
            lcm = lcm / ExactMath.gcd(lcm, k) * k;
        }
        return lcm;
    }

    /**
     * @param samples the update's declared samples, at least 1
     * @param staleness how many versions behind the round's base the update trained, in [0, maxStaleness]
     * @param maxStaleness the task's bound
     * @return {@code samples * lcm(1..maxStaleness+1) / (1 + staleness)}, exactly
     * @throws IllegalArgumentException when an argument is out of range
     * @throws ArithmeticException when the weight overflows a {@code long}
     */
    public static long weight(long samples, long staleness, int maxStaleness) {
        long multiplier = multiplier(maxStaleness);
        if (samples < 1 || staleness < 0 || staleness > maxStaleness) {
            throw new IllegalArgumentException("samples " + samples + " and staleness " + staleness
                    + " must be at least 1 and in [0, " + maxStaleness + "]");
        }
        return Math.multiplyExact(samples, multiplier / (1 + staleness));
    }

    /**
     * Moves an update trained from an older global model onto the round's base model: per coordinate
     * {@code onto + (update - trainedFrom)}, in float32 (the trainer does this before it submits, so
     * what the ledger hashes, checks and sums is the rebased update). The difference a stale update
     * carries, not the older model itself, is what reaches the average.
     *
     * @param update the trained model
     * @param trainedFrom the global model it was trained from
     * @param onto the round's base model
     * @return the rebased update; {@code update} itself when {@code trainedFrom} and {@code onto} are equal
     * @throws ModelFormatException SCHEMA_MISMATCH when the three models do not share one schema,
     *     NON_FINITE_VALUE when a rebased value overflows float32
     */
    public static Model rebase(Model update, Model trainedFrom, Model onto) {
        Objects.requireNonNull(update, "update");
        Objects.requireNonNull(trainedFrom, "trainedFrom");
        Objects.requireNonNull(onto, "onto");
        update.schema().check(trainedFrom);
        update.schema().check(onto);
        if (trainedFrom.equals(onto)) {
            return update;
        }
        List<Tensor> out = new ArrayList<>();
        for (int t = 0; t < update.tensors().size(); t++) {
            Tensor x = update.tensors().get(t);
            Tensor from = trainedFrom.tensors().get(t);
            Tensor to = onto.tensors().get(t);
            float[] values = new float[x.size()];
            for (int j = 0; j < values.length; j++) {
                values[j] = to.value(j) + (x.value(j) - from.value(j));
            }
            out.add(Tensor.of(x.spec(), values));
        }
        return Model.of(out);
    }
}

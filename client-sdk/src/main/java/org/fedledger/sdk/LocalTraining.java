package org.fedledger.sdk;

import java.util.Objects;
import org.fedledger.core.model.Model;

/**
 * A site's local training, as {@link Trainer#trainRound} runs it: from the round's verified global
 * model to the update and the number of samples it was trained on.
 *
 * <pre>{@code
 * LocalTraining training = global -> new LocalTraining.Result(myModel.fit(global, data), data.size());
 * }</pre>
 */
@FunctionalInterface
public interface LocalTraining {
    /**
     * @param global the round's base model, verified against its on-chain hash
     * @return the trained update and its sample count
     * @throws Exception whatever the training throws; it reaches the caller of {@code trainRound}
     */
    Result train(Model global) throws Exception;

    /**
     * What local training produced.
     *
     * @param update the trained weights, of the task's schema
     * @param samples the number of local samples they were trained on (at least 1)
     */
    record Result(Model update, long samples) {
        /**
         * Checks the update is present and the count positive.
         *
         * @param update the trained weights
         * @param samples the sample count
         */
        public Result {
            Objects.requireNonNull(update, "update");
            if (samples < 1) {
                throw new IllegalArgumentException("samples must be at least 1, was " + samples);
            }
        }
    }
}

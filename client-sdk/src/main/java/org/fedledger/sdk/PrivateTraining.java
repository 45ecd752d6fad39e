package org.fedledger.sdk;

import org.fedledger.core.model.Model;
import org.fedledger.protocol.record.DpMechanism;

/**
 * A site's local training in a task with differential privacy, as
 * {@link Trainer#trainRoundPrivately} runs it: from the round's verified global model and the
 * mechanism the task declares on the ledger (which the ledger counts against the site's dataset) to the
 * update and its sample count.
 *
 * <pre>{@code
 * PrivateTraining training = (global, mechanism) -> {
 *     LocalModel local = modelWith(new DpSgd(Double.parseDouble(mechanism.noiseMultiplier()), ...));
 *     local.setWeights(global);
 *     return new LocalTraining.Result(local.weights(), local.train(data, 1));
 * };
 * }</pre>
 */
@FunctionalInterface
public interface PrivateTraining {
    /**
     * @param global the round's base model, verified against its on-chain hash
     * @param mechanism the task's mechanism: the local DP-SGD must train exactly it
     * @return the trained update and its sample count
     * @throws Exception whatever the training throws; it reaches the caller of {@code trainRoundPrivately}
     */
    LocalTraining.Result train(Model global, DpMechanism mechanism) throws Exception;
}

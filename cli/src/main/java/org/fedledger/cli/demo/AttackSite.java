package org.fedledger.cli.demo;

import java.util.Objects;
import org.fedledger.core.model.Model;
import org.fedledger.sdk.LocalTraining;
import org.fedledger.trainer.data.Dataset;
import org.fedledger.trainer.model.LocalModel;

/**
 * What a hostile hospital has in one round: its local model, the round's verified global model, its
 * own data, the local epochs and a seed fixed by the site and the round.
 *
 * <pre>{@code
 * AttackSite site = new AttackSite(local, global, data, 1, AttackSite.seed(DemoTask.SEED, 3, 7));
 * LocalTraining.Result honest = site.honest();
 * }</pre>
 *
 * @param local the site's model; training changes its weights
 * @param global the round's global model
 * @param data the site's training data
 * @param epochs local epochs per round
 * @param seed the seed of any noise the attack draws
 */
public record AttackSite(LocalModel local, Model global, Dataset data, int epochs, long seed) {
    /** Checks the components are present. */
    public AttackSite {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(global, "global");
        Objects.requireNonNull(data, "data");
    }

    /**
     * @param taskSeed the task's seed ({@link DemoTask#seed()})
     * @param site the hospital's index, from 0
     * @param round the round
     * @return the seed of that hospital's attack in that round
     */
    public static long seed(long taskSeed, int site, int round) {
        return taskSeed * 1_000_003L + site * 1_009L + round;
    }

    /** @return what an honest hospital sends: the global model trained on its data, and the samples used */
    public LocalTraining.Result honest() {
        return trained(data);
    }

    /**
     * @param on the data to train on
     * @return the global model trained on {@code on}, and the samples used
     */
    public LocalTraining.Result trained(Dataset on) {
        local.setWeights(global);
        long used = local.train(on, epochs);
        return new LocalTraining.Result(local.weights(), used);
    }
}

package org.fedledger.trainer.reference;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.fedledger.core.aggregation.AggregationInput;
import org.fedledger.core.aggregation.AggregationRule;
import org.fedledger.core.aggregation.AggregationRules;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.trainer.data.Dataset;
import org.fedledger.trainer.model.Evaluation;
import org.fedledger.trainer.model.LocalModel;

/**
 * In-memory FedAvg for the quality-bar tests: every round, each site starts from the global model,
 * trains E local epochs and reports its sample count; fl-core's FedAvg rule combines the updates.
 * No ledger: only the learning is simulated.
 */
final class FederatedSimulation {
    private static final AggregationRule FEDAVG = AggregationRules.of(RuleSpec.of(RuleName.FEDAVG));

    private FederatedSimulation() {
    }

    /**
     * @param siteModel builds site {@code k}'s model; site 0's starting weights are the initial global model
     * @return the test evaluation of the global model after each round
     */
    static List<Evaluation> run(IntFunction<LocalModel> siteModel, List<Dataset> sites, Dataset test, int rounds,
            int epochs, String label) {
        List<LocalModel> models = new ArrayList<>();
        for (int k = 0; k < sites.size(); k++) {
            models.add(siteModel.apply(k));
        }
        Model global = models.get(0).weights();
        List<Evaluation> curve = new ArrayList<>(rounds);
        for (int round = 1; round <= rounds; round++) {
            List<AggregationInput> updates = new ArrayList<>();
            for (int k = 0; k < sites.size(); k++) {
                LocalModel local = models.get(k);
                local.setWeights(global);
                long samples = local.train(sites.get(k), epochs);
                Model update = local.weights();
                updates.add(new AggregationInput("site-" + k, ModelCodec.hash(update), update, samples));
            }
            global = FEDAVG.aggregate(updates, global).orElseThrow().model();
            models.get(0).setWeights(global);
            Evaluation e = models.get(0).evaluate(test);
            curve.add(e);
            System.out.printf("%s federated round %2d: test accuracy %.4f, loss %.4f%n", label, round, e.accuracy(),
                    e.loss());
        }
        return List.copyOf(curve);
    }
}

package org.fedledger.it.sdk;

import java.util.concurrent.atomic.AtomicInteger;
import org.fedledger.core.manifest.AggregationManifest;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.sdk.Aggregation;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.Verification;
import org.fedledger.sdk.rounds.RoundStrategy;

/** A round driver's strategy whose first aggregations propose another model than the honest one. */
final class ForgingStrategy {
    private ForgingStrategy() {
    }

    /**
     * @param other the model to propose instead
     * @param forgedAggregations how many aggregations, from the first, are forged
     * @return the strategy: the standard one, except that those aggregations propose {@code other}
     */
    static RoundStrategy forging(Model other, int forgedAggregations) {
        AtomicInteger aggregations = new AtomicInteger();
        return new RoundStrategy() {
            @Override
            public Aggregation aggregate(FedLedger ledger, String taskId, int round) {
                Aggregation honest = RoundStrategy.standard().aggregate(ledger, taskId, round);
                if (aggregations.getAndIncrement() >= forgedAggregations) {
                    return honest;
                }
                AggregationManifest m = honest.manifest();
                return new Aggregation(new AggregationManifest(m.taskId(), m.round(), m.baseModelHash(), m.rule(),
                        m.inputs(), m.exclusions(), ModelCodec.hash(other)), other);
            }

            @Override
            public Verification verify(FedLedger ledger, String taskId, int round, int seq) {
                return RoundStrategy.standard().verify(ledger, taskId, round, seq);
            }
        };
    }
}

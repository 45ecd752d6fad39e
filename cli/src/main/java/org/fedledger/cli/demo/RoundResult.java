package org.fedledger.cli.demo;

import org.fedledger.core.model.ContentHash;

/**
 * One federated round as the demo reports it.
 *
 * <pre>{@code
 * out.printf("%d %.3f%n", r.round(), r.accuracy());
 * }</pre>
 *
 * @param round the round number
 * @param accuracy the new global model's accuracy on the held-out test set
 * @param loss its mean cross-entropy loss there
 * @param updates updates accepted in the round
 * @param roundMillis wall time of the whole round
 * @param trainingMillis wall time of local training (sites train in parallel: the slowest site)
 * @param ledgerMillis wall time of ledger operations on the round's critical path
 * @param verificationMillis from the proposal's commit until the round was FINAL (verifiers recompute and attest)
 * @param verdicts each organisation's verdict, such as {@code Org1MSP:AGREE Org2MSP:AGREE}
 * @param modelHash the final global model's SHA-256
 */
public record RoundResult(int round, double accuracy, double loss, int updates, long roundMillis, long trainingMillis,
        long ledgerMillis, long verificationMillis, String verdicts, ContentHash modelHash) {
}

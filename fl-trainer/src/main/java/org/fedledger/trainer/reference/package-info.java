/**
 * Reference runs that federated results are measured against.
 *
 * <p>Entry point: {@link org.fedledger.trainer.reference.CentralisedReference}.
 *
 * <pre>{@code
 * List<Evaluation> curve = CentralisedReference.train(model, sites, test, 30);
 * }</pre>
 */
package org.fedledger.trainer.reference;

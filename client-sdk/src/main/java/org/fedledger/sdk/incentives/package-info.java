/**
 * Incentives (issue 24) on the client side: a verifier's {@link org.fedledger.sdk.incentives.ModelScorer}
 * (its copy of the task's validation set), the exact integer
 * {@link org.fedledger.sdk.incentives.Contributions} it attests, and the
 * {@link org.fedledger.sdk.incentives.Incentives} queries (credits, reputation, agreed contributions);
 * entry point {@link org.fedledger.sdk.FedLedger#incentives()}.
 */
package org.fedledger.sdk.incentives;

/**
 * An organisation's verifier as a long-running service:
 * {@link org.fedledger.sdk.verifier.VerifierService} recomputes and attests every proposal, closes
 * overdue rounds, and survives restarts.
 */
package org.fedledger.sdk.verifier;

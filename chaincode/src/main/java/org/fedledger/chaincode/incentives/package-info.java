/**
 * Contributions, credits and reputation of incentives tasks (issue 24): what an attestation's
 * contributions must look like, and what the transaction that makes a round FINAL writes for each
 * contributor. Entry point: {@link org.fedledger.chaincode.incentives.IncentiveService}.
 */
package org.fedledger.chaincode.incentives;

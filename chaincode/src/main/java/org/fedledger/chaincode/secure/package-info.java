/**
 * Secure aggregation on the ledger (docs/privacy.md section 2): the key directory, each round's cohort,
 * the sealed shares, the survivors the close fixes and the reveals taken after it.
 * {@link org.fedledger.chaincode.secure.SecureAggregationService} holds its transactions;
 * {@link org.fedledger.chaincode.secure.SecureTasks} the checks the round, update and proposal services
 * make for a secure task.
 */
package org.fedledger.chaincode.secure;

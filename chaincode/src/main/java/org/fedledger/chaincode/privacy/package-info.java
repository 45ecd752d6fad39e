/**
 * Differential-privacy budgets the ledger enforces: datasets with a budget, a task's mechanism and the
 * release counts each submit adds; {@link org.fedledger.chaincode.privacy.PrivacyService} is the entry
 * point.
 */
package org.fedledger.chaincode.privacy;

/**
 * Audit queries over the ledger's history. Entry point:
 * {@link org.fedledger.chaincode.queries.KeyHistoryService}.
 */
package org.fedledger.chaincode.queries;

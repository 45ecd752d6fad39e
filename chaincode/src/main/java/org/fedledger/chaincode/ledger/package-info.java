/**
 * World state and private data: composite keys ({@link org.fedledger.chaincode.ledger.Keys}),
 * collection names, the state records, the canonical-JSON store
 * ({@link org.fedledger.chaincode.ledger.LedgerStore}, the entry point) and payload chunk storage
 * ({@link org.fedledger.chaincode.ledger.PayloadStore}).
 */
package org.fedledger.chaincode.ledger;

/**
 * World state and private data access: the record store
 * ({@link org.fedledger.chaincode.ledger.LedgerStore}, the entry point) and payload chunk storage
 * ({@link org.fedledger.chaincode.ledger.PayloadStore}). Keys, collections and record types are the
 * protocol's ({@link org.fedledger.protocol.key.Keys}, {@link org.fedledger.protocol.record.RecordJson}).
 */
package org.fedledger.chaincode.ledger;

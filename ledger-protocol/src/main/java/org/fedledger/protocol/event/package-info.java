/**
 * Chaincode events: their names ({@link org.fedledger.protocol.event.EventNames}) and payload types
 * ({@link org.fedledger.protocol.event.LedgerEvent}, the entry point).
 */
package org.fedledger.protocol.event;

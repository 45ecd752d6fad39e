/**
 * The one-per-transaction event emitter ({@link org.fedledger.chaincode.events.EventSink}); event
 * names and payload types are the protocol's ({@link org.fedledger.protocol.event.LedgerEvent}).
 */
package org.fedledger.chaincode.events;

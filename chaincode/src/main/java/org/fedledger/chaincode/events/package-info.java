/**
 * Chaincode events: the names ({@link org.fedledger.chaincode.events.EventNames}) and the one-per-
 * transaction emitter ({@link org.fedledger.chaincode.events.EventSink}, the entry point).
 */
package org.fedledger.chaincode.events;

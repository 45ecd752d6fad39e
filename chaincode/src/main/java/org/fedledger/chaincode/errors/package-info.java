/**
 * Refusals and strict argument parsing. Entry point:
 * {@link org.fedledger.chaincode.errors.FedLedgerException}, whose payload is one of the protocol's
 * {@link org.fedledger.protocol.error.ErrorCode}s.
 */
package org.fedledger.chaincode.errors;

/**
 * Stable error codes and strict argument parsing. Entry point: {@link org.fedledger.chaincode.errors.ErrorCode};
 * every refusal is a {@link org.fedledger.chaincode.errors.FedLedgerException} whose payload is the code.
 */
package org.fedledger.chaincode.errors;

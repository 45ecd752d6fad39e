/**
 * The Fabric contract. Entry point: {@link org.fedledger.chaincode.contract.FedLedgerContract}
 * (default contract {@code fedledger}); per-transaction helpers live in
 * {@link org.fedledger.chaincode.contract.FedLedgerContext}.
 */
package org.fedledger.chaincode.contract;

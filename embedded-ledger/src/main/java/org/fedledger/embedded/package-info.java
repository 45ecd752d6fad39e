/**
 * The embedded ledger: the FedLedger chaincode run unchanged in-process with Fabric's endorsement,
 * validation, block and event semantics. Entry point: {@link org.fedledger.embedded.EmbeddedLedger#builder()};
 * the SDK connects with {@link org.fedledger.embedded.EmbeddedLedger#connect(org.fedledger.embedded.identity.Identity)}.
 */
package org.fedledger.embedded;

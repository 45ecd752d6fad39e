/**
 * FedLedger over a real Fabric network: {@link org.fedledger.sdk.gateway.GatewayLedger} opens a
 * {@link org.fedledger.sdk.ledger.LedgerConnection} through an organisation's peer Gateway over TLS.
 */
package org.fedledger.sdk.gateway;

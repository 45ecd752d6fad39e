/**
 * The seam between the SDK and a ledger: {@link org.fedledger.sdk.ledger.LedgerConnection}, with
 * what it returns, and {@link org.fedledger.sdk.ledger.LedgerProvider}, which opens connections and
 * finds members' certificates by ledger kind from a {@link org.fedledger.sdk.ledger.ConnectionProfile}.
 * Implemented by the Fabric Gateway connection (client-sdk) and by the embedded ledger; this module
 * (ledger-connection) needs neither, nor the Gateway client.
 */
package org.fedledger.sdk.ledger;

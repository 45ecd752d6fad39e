/**
 * The seam between the SDK and a ledger: {@link org.fedledger.sdk.ledger.LedgerConnection}, with
 * what it returns. Implemented by the Fabric Gateway connection and by the embedded ledger.
 */
package org.fedledger.sdk.ledger;

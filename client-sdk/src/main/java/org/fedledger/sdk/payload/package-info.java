/**
 * Moving model payloads between a caller and the ledger without ever handing out unverified bytes.
 * Entry point: {@link org.fedledger.sdk.payload.Payloads}.
 */
package org.fedledger.sdk.payload;

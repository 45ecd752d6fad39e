/**
 * Error codes of the ledger with what a caller should do and whether a retry can help. Entry point:
 * {@link org.fedledger.protocol.error.ErrorCode}.
 */
package org.fedledger.protocol.error;

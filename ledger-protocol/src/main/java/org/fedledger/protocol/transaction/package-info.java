/**
 * Transaction names, intents and argument order. Entry point:
 * {@link org.fedledger.protocol.transaction.TransactionName}.
 */
package org.fedledger.protocol.transaction;

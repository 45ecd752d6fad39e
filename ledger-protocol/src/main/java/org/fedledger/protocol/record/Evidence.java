package org.fedledger.protocol.record;

/**
 * Where the ledger proves a penalty's fact: a transaction, the record it wrote and the field.
 *
 * @param txId the transaction that wrote the record
 * @param key the record's key in printable form ({@link org.fedledger.protocol.key.Keys#printable(String)})
 * @param field the field within it, e.g. {@code contributions.values[2]}
 */
public record Evidence(String txId, String key, String field) {
}

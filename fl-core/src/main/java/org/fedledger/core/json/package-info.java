/**
 * Canonical JSON: the one codec for everything FedLedger writes to the ledger as JSON.
 *
 * <p>Entry point: {@link org.fedledger.core.json.CanonicalJson}. Sorted keys at every depth, no
 * whitespace, integers only, strict parsing; equal values give equal bytes on every machine.
 *
 * <pre>{@code
 * byte[] state = CanonicalJson.toBytes(record);
 * Record back = CanonicalJson.fromJson(new String(state, StandardCharsets.UTF_8), Record.class);
 * }</pre>
 */
package org.fedledger.core.json;

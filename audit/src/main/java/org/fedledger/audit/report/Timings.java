package org.fedledger.audit.report;

/**
 * How long each phase of the audit took, in milliseconds, and how many payload bytes it hashed.
 *
 * @param records reading the chaincode's records
 * @param chain reading and verifying the blocks
 * @param crossCheck checking each record against its transaction
 * @param replay fetching and hashing payloads and re-running the aggregations
 * @param total the whole audit
 * @param payloadBytes payload bytes fetched and hashed
 */
public record Timings(long records, long chain, long crossCheck, long replay, long total, long payloadBytes) {
}

package org.fedledger.audit.report;

/**
 * One input of a global model, with where the ledger recorded it.
 *
 * @param key the update record's key
 * @param contributor the contributor's identity id
 * @param msp the contributor's organisation
 * @param hash the payload's SHA-256
 * @param samples declared sample count
 * @param weight the manifest's weight, {@code numerator/denominator}
 * @param txId the submitting transaction
 * @param block the block holding it; -1 when the chain does not hold it
 * @param timestamp the submitting transaction's time, seconds since the epoch
 */
public record InputEntry(String key, String contributor, String msp, String hash, long samples, String weight,
        String txId, long block, long timestamp) {
}

package org.fedledger.audit.report;

/**
 * An accepted update the rule left out, and why.
 *
 * @param key the update record's key
 * @param contributor the contributor's identity id
 * @param hash the payload's SHA-256
 * @param reason the rule's exclusion reason
 */
public record ExclusionEntry(String key, String contributor, String hash, String reason) {
}

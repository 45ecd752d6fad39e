package org.fedledger.protocol.record;

import org.fedledger.core.model.ContentHash;

/**
 * One entry of a closed round's accepted (or over-capacity) set.
 *
 * @param key the update record's composite key; manifests name inputs by it
 * @param contributor the contributor's identity id
 * @param hash the payload hash
 * @param samples the declared sample count
 */
public record AcceptedUpdate(String key, String contributor, ContentHash hash, long samples) {
}

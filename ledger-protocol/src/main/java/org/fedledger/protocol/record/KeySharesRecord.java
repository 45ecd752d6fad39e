package org.fedledger.protocol.record;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A trainer's mask private key, Shamir-shared (threshold: the task's) to the trainers of the task's key
 * directory and sealed to each one's share key (fl-core's {@code MaskKeyShares}), under
 * {@link org.fedledger.protocol.key.Keys#keyShares(String, String)}. It stays valid while the owner's and
 * each recipient's keys are those it names; a round's cohort holds only trainers whose shares reach
 * every other member. A share's x is its recipient's position (from 1) among the recipients in id order.
 *
 * @param taskId the task
 * @param owner the trainer whose key is shared
 * @param maskPublicKey the owner's mask public key the shares recover the private half of, hex
 * @param sharePublicKey the owner's share public key it sealed with, hex
 * @param recipientShareKeys each recipient's share public key when sealed, hex, by recipient id
 * @param sealed each recipient's sealed share, hex, by recipient id
 * @param txId the shareMaskKey transaction
 * @param timestamp its timestamp
 */
@RecordJson.Schema(1)
public record KeySharesRecord(String taskId, String owner, String maskPublicKey, String sharePublicKey,
        SortedMap<String, String> recipientShareKeys, SortedMap<String, String> sealed, String txId, long timestamp) {
    /**
     * Copies the maps.
     *
     * @param taskId the task
     * @param owner the trainer whose key is shared
     * @param maskPublicKey the owner's mask public key, hex
     * @param sharePublicKey the owner's share public key, hex
     * @param recipientShareKeys each recipient's share public key when sealed, hex
     * @param sealed each recipient's sealed share, hex
     * @param txId the shareMaskKey transaction
     * @param timestamp its timestamp
     */
    public KeySharesRecord {
        recipientShareKeys = Collections.unmodifiableSortedMap(new TreeMap<>(recipientShareKeys));
        sealed = Collections.unmodifiableSortedMap(new TreeMap<>(sealed));
    }

    /**
     * @param recipient a recipient's id
     * @return the x of its share: its position among the recipients, from 1; 0 when it is none
     */
    public int shareX(String recipient) {
        return recipientShareKeys.containsKey(recipient) ? recipientShareKeys.headMap(recipient).size() + 1 : 0;
    }
}

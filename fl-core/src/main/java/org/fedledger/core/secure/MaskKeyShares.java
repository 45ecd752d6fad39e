package org.fedledger.core.secure;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A trainer's mask private key, Shamir-shared once per task (and again whenever it or a recipient
 * records new keys) to the trainers it names, each share sealed to its recipient's share key. The x of
 * a share is the recipient's position (from 1) among the recipients in id order. When the trainer drops
 * out of a round, threshold-many recipients reveal their shares and everyone recovers the key
 * ({@link SecureRound#recoverMaskKey}) to remove its pairwise masks from the survivors' sum.
 *
 * <pre>{@code
 * SortedMap<String, byte[]> sealed = MaskKeyShares.seal("mnist", "alice", keys, recipients, 3, random);
 * byte[] share = MaskKeyShares.open("mnist", "alice", aliceSharePublic, "bob", bobKeys, sealed.get("bob"));
 * }</pre>
 */
public final class MaskKeyShares {
    /** Length of a sealed mask-key share: the share and the GCM tag. */
    public static final int SEALED_BYTES = MaskingKeys.KEY_BYTES + Sealing.OVERHEAD;
    /** The round number in the HKDF context of key shares: they belong to the task, not a round. */
    private static final long TASK_WIDE = -1;

    private MaskKeyShares() {
    }

    /**
     * @param taskId the task
     * @param owner the trainer sharing its key
     * @param keys its keys
     * @param recipientShareKeys each recipient's raw share public key, by id (the owner may be one)
     * @param threshold shares that recover the key, in {@code [1, recipients]}
     * @param random the source of the sharing polynomials
     * @return each recipient's sealed share, {@link #SEALED_BYTES} each
     */
    public static SortedMap<String, byte[]> seal(String taskId, String owner, MaskingKeys keys,
            SortedMap<String, byte[]> recipientShareKeys, int threshold, SecureRandom random) {
        Objects.requireNonNull(taskId, "taskId");
        List<String> ids = new ArrayList<>(recipientShareKeys.keySet());
        List<byte[]> shares = SecretSharing.split(keys.maskPrivateKey(), threshold, ids.size(), random);
        SortedMap<String, byte[]> out = new TreeMap<>();
        byte[] sharePrivate = keys.sharePrivateKey();
        for (int k = 0; k < ids.size(); k++) {
            String to = ids.get(k);
            byte[] key = Sealing.hkdf(MaskingKeys.agree(sharePrivate, recipientShareKeys.get(to)),
                    Sealing.context("keyshare", taskId, TASK_WIDE, owner, to));
            out.put(to, Sealing.seal(key, shares.get(k), random));
        }
        return out;
    }

    /**
     * @param taskId the task
     * @param owner the trainer whose key was shared
     * @param ownerSharePublicKey its raw share public key when it sealed
     * @param me the recipient
     * @param myKeys the recipient's keys
     * @param sealed the recipient's sealed share
     * @return the share, at x = the recipient's position among the owner's recipients
     * @throws IllegalArgumentException when the share was not sealed by {@code owner} to {@code me}
     */
    public static byte[] open(String taskId, String owner, byte[] ownerSharePublicKey, String me, MaskingKeys myKeys,
            byte[] sealed) {
        byte[] key = Sealing.hkdf(MaskingKeys.agree(myKeys.sharePrivateKey(), ownerSharePublicKey),
                Sealing.context("keyshare", taskId, TASK_WIDE, owner, me));
        return Sealing.open(key, sealed);
    }
}

package org.fedledger.core.secure;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One round of a secure task, as every party computes it: the round's cohort (trainer ids in
 * lexicographic order with their public keys, as the ledger fixed them when the round opened) and
 * the threshold. Trainer {@code i} sends, per coordinate modulo {@code 2^64},
 * {@code y_i = w_i q_i + sum_{j > i} PRG(s_ij) - sum_{j < i} PRG(s_ij) + PRG(b_i)}: {@code s_ij} from
 * X25519 agreement of the mask keys through HKDF-SHA256 bound to (task, round, pair), {@code b_i} a
 * fresh 128-bit seed, the PRG AES-128-CTR read as little-endian 64-bit words. It also sends every
 * cohort member (itself included) that member's Shamir share of {@code b_i}, sealed with AES-GCM under
 * a key agreed from the share keys; its mask private key was shared once for the task
 * ({@link MaskKeyShares}). Once the ledger fixes the survivors, the revealed shares give the survivors'
 * seeds and the dropped members' mask keys, and {@link #unmask} removes every mask that does not cancel.
 *
 * <pre>{@code
 * SecureRound round = SecureRound.of("mnist", 3, cohort, 2);
 * byte[] seed = SecureRound.newSelfSeed(random);
 * long[] masked = round.mask(ExactSum.weightedCodes(spec, update, samples), "alice", keys, seed);
 * SortedMap<String, byte[]> sealed = round.sealSeedShares("alice", keys, seed, random);
 * }</pre>
 */
public final class SecureRound {
    /** Length of a self-mask seed: 128 bits. */
    public static final int SEED_BYTES = 16;
    /** Length of a sealed seed share: the share and the GCM tag. */
    public static final int SEALED_SEED_BYTES = SEED_BYTES + Sealing.OVERHEAD;
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int PRG_CHUNK = 1 << 16;

    private final String taskId;
    private final long round;
    private final SortedMap<String, CohortMember> cohort;
    private final List<String> order;
    private final int threshold;

    /**
     * A cohort member's public keys, as its key record holds them.
     *
     * @param maskPublicKey raw X25519 mask public key
     * @param sharePublicKey raw X25519 share public key
     */
    public record CohortMember(byte[] maskPublicKey, byte[] sharePublicKey) {
        /**
         * Copies the keys.
         *
         * @param maskPublicKey raw X25519 mask public key
         * @param sharePublicKey raw X25519 share public key
         */
        public CohortMember {
            maskPublicKey = maskPublicKey.clone();
            sharePublicKey = sharePublicKey.clone();
        }

        /** @return the raw mask public key, a copy */
        @Override
        public byte[] maskPublicKey() {
            return maskPublicKey.clone();
        }

        /** @return the raw share public key, a copy */
        @Override
        public byte[] sharePublicKey() {
            return sharePublicKey.clone();
        }
    }

    private SecureRound(String taskId, long round, SortedMap<String, CohortMember> cohort, int threshold) {
        this.taskId = taskId;
        this.round = round;
        this.cohort = Collections.unmodifiableSortedMap(new TreeMap<>(cohort));
        this.order = List.copyOf(cohort.keySet());
        this.threshold = threshold;
    }

    /**
     * @param taskId the task
     * @param round the round number
     * @param cohort the round's trainers by id with their public keys
     * @param threshold shares that recover a secret, in {@code [1, cohort size]}
     * @return the round
     * @throws IllegalArgumentException when the cohort has more than {@link SecretSharing#MAX_SHARES}
     *     members or the threshold is out of range
     */
    public static SecureRound of(String taskId, long round, SortedMap<String, CohortMember> cohort, int threshold) {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(cohort, "members");
        if (cohort.size() > SecretSharing.MAX_SHARES || threshold < 1 || threshold > cohort.size()) {
            throw new IllegalArgumentException("a cohort of " + cohort.size() + " (at most "
                    + SecretSharing.MAX_SHARES + ") cannot have threshold " + threshold);
        }
        return new SecureRound(taskId, round, cohort, threshold);
    }

    /**
     * @param random the source
     * @return a fresh 128-bit self-mask seed
     */
    public static byte[] newSelfSeed(SecureRandom random) {
        byte[] seed = new byte[SEED_BYTES];
        random.nextBytes(seed);
        return seed;
    }

    /** @return the cohort's ids in order */
    public List<String> cohort() {
        return order;
    }

    /** @return shares that recover a secret */
    public int threshold() {
        return threshold;
    }

    /**
     * @param id a cohort member
     * @return the x coordinate of the shares that member holds: its position in the cohort, from 1
     * @throws IllegalArgumentException when {@code id} is not in the cohort
     */
    public int shareX(String id) {
        int index = Collections.binarySearch(order, id);
        if (index < 0) {
            throw new IllegalArgumentException("'" + id + "' is not in round " + round + "'s cohort");
        }
        return index + 1;
    }

    /**
     * @param weightedCodes the trainer's {@code w_i * q_i} per coordinate ({@code ExactSum.weightedCodes})
     * @param me the trainer's id, in the cohort
     * @param keys the trainer's keys, whose public halves the cohort holds
     * @param selfSeed the round's fresh seed {@code b_i}
     * @return {@code y_i}, a new array
     * @throws IllegalArgumentException when {@code me} is not in the cohort with these keys
     */
    public long[] mask(long[] weightedCodes, String me, MaskingKeys keys, byte[] selfSeed) {
        requireOwnKeys(me, keys);
        long[] y = weightedCodes.clone();
        addPrg(y, selfKey(me, selfSeed), false);
        byte[] myPrivate = keys.maskPrivateKey();
        for (String other : order) {
            if (!other.equals(me)) {
                addPrg(y, pairKey(me, other, myPrivate, cohort.get(other).maskPublicKey()), me.compareTo(other) > 0);
            }
        }
        return y;
    }

    /**
     * @param me the sender, in the cohort
     * @param keys the sender's keys
     * @param selfSeed the seed it masked with this round
     * @param random the source of the sharing polynomial
     * @return per cohort member (the sender included), its Shamir share of the seed (x = its
     *     {@link #shareX}) sealed to its share key, {@link #SEALED_SEED_BYTES} each
     */
    public SortedMap<String, byte[]> sealSeedShares(String me, MaskingKeys keys, byte[] selfSeed,
            SecureRandom random) {
        requireOwnKeys(me, keys);
        List<byte[]> shares = SecretSharing.split(checkedSeed(selfSeed), threshold, order.size(), random);
        SortedMap<String, byte[]> out = new TreeMap<>();
        byte[] sharePrivate = keys.sharePrivateKey();
        for (int k = 0; k < order.size(); k++) {
            String to = order.get(k);
            out.put(to, Sealing.seal(sealKey(me, to, sharePrivate, cohort.get(to).sharePublicKey()), shares.get(k),
                    random));
        }
        return out;
    }

    /**
     * @param me the recipient, in the cohort
     * @param keys the recipient's keys
     * @param sender the cohort member that sealed the share
     * @param sealed the sealed share
     * @return the recipient's share of the sender's seed, at x = {@code shareX(me)}
     * @throws IllegalArgumentException when the share was not sealed by {@code sender} to {@code me} for
     *     this round (GCM refuses it)
     */
    public byte[] openSeedShare(String me, MaskingKeys keys, String sender, byte[] sealed) {
        requireOwnKeys(me, keys);
        shareX(sender);
        return Sealing.open(sealKey(sender, me, keys.sharePrivateKey(), cohort.get(sender).sharePublicKey()), sealed);
    }

    /**
     * @param sharesByX at least {@link #threshold()} seed shares by the holder's {@link #shareX}
     * @return the seed
     * @throws IllegalArgumentException when fewer than the threshold are given
     */
    public byte[] recoverSeed(SortedMap<Integer, byte[]> sharesByX) {
        return SecretSharing.combine(atThreshold(sharesByX));
    }

    /**
     * @param owner the dropped trainer whose key the shares recover
     * @param sharesByX at least {@link #threshold()} mask-key shares by their x ({@link MaskKeyShares})
     * @return its mask private key, checked against its public key in the cohort
     * @throws IllegalArgumentException when fewer than the threshold are given or the result does not
     *     match the owner's public key (a revealer sent a wrong share)
     */
    public byte[] recoverMaskKey(String owner, SortedMap<Integer, byte[]> sharesByX) {
        shareX(owner);
        byte[] key = SecretSharing.combine(atThreshold(sharesByX));
        if (!Arrays.equals(MaskingKeys.publicKeyOf(key), cohort.get(owner).maskPublicKey())) {
            throw new IllegalArgumentException("the revealed shares of " + owner + "'s mask key do not give its"
                    + " public key: a revealer sent a wrong share");
        }
        return key;
    }

    /**
     * Removes the masks that do not cancel from the sum of the survivors' masked updates.
     *
     * @param maskedSum per coordinate, {@code sum_{i in U} y_i} modulo {@code 2^64}; taken over (changed in place)
     * @param survivorSeeds every survivor's recovered seed, by id: the survivors {@code U}
     * @param droppedMaskKeys every other cohort member's recovered mask private key, by id
     * @return {@code maskedSum}, now {@code sum_{i in U} w_i q_i} modulo {@code 2^64}
     * @throws IllegalArgumentException when the two maps do not split the cohort
     */
    public long[] unmask(long[] maskedSum, Map<String, byte[]> survivorSeeds, Map<String, byte[]> droppedMaskKeys) {
        Set<String> all = new TreeSet<>(survivorSeeds.keySet());
        all.addAll(droppedMaskKeys.keySet());
        if (all.size() != survivorSeeds.size() + droppedMaskKeys.size() || !all.equals(cohort.keySet())) {
            throw new IllegalArgumentException("survivors " + survivorSeeds.keySet() + " and dropped "
                    + droppedMaskKeys.keySet() + " must split the cohort " + order);
        }
        for (Map.Entry<String, byte[]> survivor : new TreeMap<>(survivorSeeds).entrySet()) {
            addPrg(maskedSum, selfKey(survivor.getKey(), survivor.getValue()), true);
        }
        for (Map.Entry<String, byte[]> dropped : new TreeMap<>(droppedMaskKeys).entrySet()) {
            String j = dropped.getKey();
            for (String i : survivorSeeds.keySet()) {
                // y_i holds +PRG(s_ij) when j > i: subtract it; -PRG(s_ij) when j < i: add it back
                addPrg(maskedSum, pairKey(j, i, dropped.getValue(), cohort.get(i).maskPublicKey()), j.compareTo(i) > 0);
            }
        }
        return maskedSum;
    }

    /**
     * @param words masked words
     * @return their little-endian encoding, 8 bytes a word: a masked update's payload
     */
    public static byte[] encode(long[] words) {
        byte[] out = new byte[Math.multiplyExact(words.length, Long.BYTES)];
        for (int k = 0; k < words.length; k++) {
            WORDS.set(out, k * Long.BYTES, words[k]);
        }
        return out;
    }

    /**
     * Adds a masked payload into a running sum, modulo {@code 2^64}.
     *
     * @param sum the running sum, one word per coordinate
     * @param payload a masked update's payload, {@code 8 * sum.length} bytes
     * @throws IllegalArgumentException on another length
     */
    public static void addPayload(long[] sum, byte[] payload) {
        if (payload.length != (long) sum.length * Long.BYTES) {
            throw new IllegalArgumentException("a masked payload of " + payload.length + " bytes for " + sum.length
                    + " words");
        }
        for (int k = 0; k < sum.length; k++) {
            sum[k] += (long) WORDS.get(payload, k * Long.BYTES);
        }
    }

    private SortedMap<Integer, byte[]> atThreshold(SortedMap<Integer, byte[]> sharesByX) {
        if (sharesByX.size() < threshold) {
            throw new IllegalArgumentException(sharesByX.size() + " shares, the threshold is " + threshold);
        }
        SortedMap<Integer, byte[]> first = new TreeMap<>();
        for (Map.Entry<Integer, byte[]> e : sharesByX.entrySet()) {
            if (first.size() < threshold) {
                first.put(e.getKey(), e.getValue());
            }
        }
        return first;
    }

    private void requireOwnKeys(String me, MaskingKeys keys) {
        shareX(me);
        if (!Arrays.equals(keys.maskPublicKey(), cohort.get(me).maskPublicKey())
                || !Arrays.equals(keys.sharePublicKey(), cohort.get(me).sharePublicKey())) {
            throw new IllegalArgumentException("these keys are not " + me + "'s keys in the cohort");
        }
    }

    private byte[] selfKey(String owner, byte[] seed) {
        return Sealing.hkdf(checkedSeed(seed), Sealing.context("self", taskId, round, owner, ""));
    }

    private byte[] pairKey(String a, String b, byte[] privateKey, byte[] publicKey) {
        String low = a.compareTo(b) < 0 ? a : b;
        String high = a.compareTo(b) < 0 ? b : a;
        return Sealing.hkdf(MaskingKeys.agree(privateKey, publicKey), Sealing.context("pair", taskId, round, low, high));
    }

    private byte[] sealKey(String from, String to, byte[] privateKey, byte[] publicKey) {
        return Sealing.hkdf(MaskingKeys.agree(privateKey, publicKey), Sealing.context("seal", taskId, round, from, to));
    }

    private static byte[] checkedSeed(byte[] seed) {
        if (seed.length != SEED_BYTES) {
            throw new IllegalArgumentException("a self-mask seed has " + SEED_BYTES + " bytes, not " + seed.length);
        }
        return seed;
    }

    /** Adds (or subtracts) AES-128-CTR's keystream under {@code key}, from counter 0, as 64-bit words. */
    static void addPrg(long[] target, byte[] key, boolean subtract) {
        try {
            Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
            byte[] zeros = new byte[PRG_CHUNK];
            byte[] stream = new byte[PRG_CHUNK];
            for (int from = 0; from < target.length; from += PRG_CHUNK / Long.BYTES) {
                int words = Math.min(PRG_CHUNK / Long.BYTES, target.length - from);
                aes.update(zeros, 0, words * Long.BYTES, stream, 0);
                if (subtract) {
                    for (int k = 0; k < words; k++) {
                        target[from + k] -= (long) WORDS.get(stream, k * Long.BYTES);
                    }
                } else {
                    for (int k = 0; k < words; k++) {
                        target[from + k] += (long) WORDS.get(stream, k * Long.BYTES);
                    }
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR is missing from this JDK", e);
        }
    }

    @Override
    public String toString() {
        return "SecureRound{taskId=" + taskId + ", round=" + round + ", cohort=" + order + ", threshold=" + threshold
                + "}";
    }

    /** @return the cohort by id, unmodifiable */
    public SortedMap<String, CohortMember> members() {
        return cohort;
    }
}

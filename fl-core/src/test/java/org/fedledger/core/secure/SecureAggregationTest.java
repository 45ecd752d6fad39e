package org.fedledger.core.secure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.fedledger.core.aggregation.AggregationInput;
import org.fedledger.core.aggregation.ExactSum;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.Tensor;
import org.fedledger.core.testing.PropertyCheck;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SecureAggregationTest {
    private static final RuleSpec EXACT = RuleSpec.of(RuleName.EXACT_FEDAVG, Map.of("scale_bits", "24"));

    /** A whole round in memory: keys, key shares, masking, sealed seed shares, reveals and unmasking. */
    private static final class Simulation {
        final SortedMap<String, MaskingKeys> keys = new TreeMap<>();
        final SecureRound round;
        final SortedMap<String, long[]> masked = new TreeMap<>();
        /** seedShares.get(sender).get(recipient), sealed */
        final SortedMap<String, SortedMap<String, byte[]>> seedShares = new TreeMap<>();
        /** keyShares.get(owner).get(recipient), sealed once for the task */
        final SortedMap<String, SortedMap<String, byte[]>> keyShares = new TreeMap<>();

        Simulation(SecureRandom random, int trainers, int threshold) {
            SortedMap<String, SecureRound.CohortMember> cohort = new TreeMap<>();
            SortedMap<String, byte[]> shareKeys = new TreeMap<>();
            for (int i = 0; i < trainers; i++) {
                String id = "trainer" + (char) ('a' + i);
                MaskingKeys k = MaskingKeys.generate(random);
                keys.put(id, k);
                cohort.put(id, new SecureRound.CohortMember(k.maskPublicKey(), k.sharePublicKey()));
                shareKeys.put(id, k.sharePublicKey());
            }
            for (String id : keys.keySet()) {
                keyShares.put(id, MaskKeyShares.seal("task-1", id, keys.get(id), shareKeys, threshold, random));
            }
            round = SecureRound.of("task-1", 4, cohort, threshold);
        }

        void submit(String id, long[] weightedCodes, SecureRandom random) {
            byte[] seed = SecureRound.newSelfSeed(random);
            masked.put(id, round.mask(weightedCodes, id, keys.get(id), seed));
            seedShares.put(id, round.sealSeedShares(id, keys.get(id), seed, random));
        }

        /** Each revealer opens what it holds: a seed share for a survivor, a key share otherwise. */
        long[] unmask(List<String> revealers, int length) {
            long[] sum = new long[length];
            for (long[] y : masked.values()) {
                for (int k = 0; k < length; k++) {
                    sum[k] += y[k];
                }
            }
            SortedMap<String, byte[]> survivorSeeds = new TreeMap<>();
            SortedMap<String, byte[]> droppedKeys = new TreeMap<>();
            for (String owner : round.cohort()) {
                SortedMap<Integer, byte[]> shares = new TreeMap<>();
                for (String revealer : revealers) {
                    shares.put(round.shareX(revealer), masked.containsKey(owner)
                            ? round.openSeedShare(revealer, keys.get(revealer), owner,
                                    seedShares.get(owner).get(revealer))
                            : MaskKeyShares.open("task-1", owner, keys.get(owner).sharePublicKey(), revealer,
                                    keys.get(revealer), keyShares.get(owner).get(revealer)));
                }
                if (masked.containsKey(owner)) {
                    survivorSeeds.put(owner, round.recoverSeed(shares));
                } else {
                    droppedKeys.put(owner, round.recoverMaskKey(owner, shares));
                }
            }
            return round.unmask(sum, survivorSeeds, droppedKeys);
        }

        byte[] keyShare(String owner, String holder) {
            return MaskKeyShares.open("task-1", owner, keys.get(owner).sharePublicKey(), holder, keys.get(holder),
                    keyShares.get(owner).get(holder));
        }
    }

    static SecureRandom seededRandom(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void masks_cancel_and_dropouts_up_to_the_threshold_are_recovered_in_thousands_of_random_rounds() {
        int[] cases = new int[1];
        PropertyCheck.forAll(2000, gen -> {
            SecureRandom random = seededRandom(gen.anyLong());
            int n = gen.intBetween(2, 7);
            int t = gen.intBetween(1, n);
            Simulation sim = new Simulation(random, n, t);
            int length = gen.intBetween(1, 40);
            List<String> ids = new ArrayList<>(sim.round.cohort());
            Collections.shuffle(ids, gen.javaRandom());
            int survivors = gen.intBetween(t, n);
            long[] expected = new long[length];
            for (String id : ids.subList(0, survivors)) {
                long[] wq = new long[length];
                for (int k = 0; k < length; k++) {
                    wq[k] = gen.anyLong();
                    expected[k] += wq[k];
                }
                sim.submit(id, wq, random);
            }
            // some survivors may drop after submitting: any t of them reveal
            List<String> revealers = new ArrayList<>(ids.subList(0, survivors));
            Collections.shuffle(revealers, gen.javaRandom());
            assertThat(sim.unmask(revealers.subList(0, gen.intBetween(t, survivors)), length)).isEqualTo(expected);
            cases[0]++;
        });
        assertThat(cases[0]).isEqualTo(2000);
    }

    @Test
    void unmasked_sum_gives_exact_fedavg_over_the_survivors_bit_for_bit() {
        SecureRandom random = seededRandom(11);
        SplittableRandom values = new SplittableRandom(5);
        Simulation sim = new Simulation(random, 5, 3);
        List<AggregationInput> plain = new ArrayList<>();
        SortedMap<String, Long> samples = new TreeMap<>();
        Model base = model(values, 0f);
        for (String id : List.of("trainera", "trainerc", "trainerd")) { // b and e drop before submitting
            Model update = model(values, 3f);
            long n = 100 + values.nextInt(900);
            plain.add(new AggregationInput(id, ContentHash.of(id.getBytes(StandardCharsets.UTF_8)), update, n));
            samples.put(id, n);
            sim.submit(id, ExactSum.weightedCodes(EXACT, update, n), random);
        }
        long[] unmasked = sim.unmask(List.of("trainera", "trainerc", "trainerd"), (int) base.parameterCount());

        Model secure = ExactSum.ofSums(EXACT, base, samples, unmasked).result().orElseThrow().model();
        Model exact = ExactSum.of(EXACT, plain, base).result().orElseThrow().model();
        assertThat(secure).isEqualTo(exact);
        assertThat(ExactSum.ofSums(EXACT, base, samples, unmasked).result().orElseThrow().weights())
                .isEqualTo(ExactSum.of(EXACT, plain, base).result().orElseThrow().weights());
    }

    @Test
    void a_masked_update_hides_the_weighted_codes() {
        SecureRandom random = seededRandom(3);
        Simulation sim = new Simulation(random, 3, 2);
        long[] zeros = new long[1000];
        sim.submit("trainera", zeros, random);
        long equal = java.util.Arrays.stream(sim.masked.get("trainera")).filter(w -> w == 0).count();
        assertThat(equal).isLessThanOrEqualTo(1);
    }

    @Test
    void encoded_payloads_add_up_modulo_two_to_the_64() {
        long[] a = {Long.MAX_VALUE, -1, 5};
        long[] b = {1, 1, -7};
        long[] sum = new long[3];
        SecureRound.addPayload(sum, SecureRound.encode(a));
        SecureRound.addPayload(sum, SecureRound.encode(b));
        assertThat(sum).containsExactly(Long.MIN_VALUE, 0, -2);
        assertThatThrownBy(() -> SecureRound.addPayload(new long[2], SecureRound.encode(a)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Nested
    class Sharing {
        @Test
        void any_threshold_of_the_shares_recover_the_secret() {
            PropertyCheck.forAll(500, gen -> {
                byte[] secret = gen.bytes(40);
                int n = gen.intBetween(1, 12);
                int t = gen.intBetween(1, n);
                List<byte[]> shares = SecretSharing.split(secret, t, n, seededRandom(gen.anyLong()));
                List<Integer> xs = new ArrayList<>();
                for (int x = 1; x <= n; x++) {
                    xs.add(x);
                }
                Collections.shuffle(xs, gen.javaRandom());
                SortedMap<Integer, byte[]> some = new TreeMap<>();
                for (int x : xs.subList(0, t)) {
                    some.put(x, shares.get(x - 1));
                }
                assertThat(SecretSharing.combine(some)).isEqualTo(secret);
            });
        }

        @Test
        void fewer_than_the_threshold_of_shares_do_not_give_the_secret() {
            byte[] secret = "a 128-bit seed!!".getBytes(StandardCharsets.US_ASCII);
            List<byte[]> shares = SecretSharing.split(secret, 3, 5, seededRandom(1));
            assertThat(SecretSharing.combine(new TreeMap<>(Map.of(1, shares.get(0), 2, shares.get(1)))))
                    .isNotEqualTo(secret);
            SecureRound round = new Simulation(seededRandom(2), 4, 3).round;
            assertThatThrownBy(() -> round.recoverSeed(new TreeMap<>(Map.of(1, new byte[16], 2, new byte[16]))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threshold is 3");
        }

        @Test
        void a_wrong_revealed_share_of_a_mask_key_is_detected() {
            Simulation sim = new Simulation(seededRandom(4), 3, 2);
            byte[] good = sim.keyShare("trainera", "trainerb");
            byte[] bad = sim.keyShare("trainera", "trainerc");
            assertThat(sim.round.recoverMaskKey("trainera", new TreeMap<>(Map.of(2, good, 3, bad))))
                    .isEqualTo(sim.keys.get("trainera").maskPrivateKey());
            bad[5] ^= 1; // not a bit X25519 clamps away
            assertThatThrownBy(() -> sim.round.recoverMaskKey("trainera", new TreeMap<>(Map.of(2, good, 3, bad))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wrong share");
        }

        @Test
        void a_sealed_share_opens_only_for_its_recipient() {
            SecureRandom random = seededRandom(6);
            Simulation sim = new Simulation(random, 3, 2);
            sim.submit("trainera", new long[4], random);
            byte[] toB = sim.seedShares.get("trainera").get("trainerb");
            assertThat(toB).hasSize(SecureRound.SEALED_SEED_BYTES);
            assertThatThrownBy(() -> sim.round.openSeedShare("trainerc", sim.keys.get("trainerc"), "trainera", toB))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not open");
            byte[] keyToB = sim.keyShares.get("trainera").get("trainerb");
            assertThat(keyToB).hasSize(MaskKeyShares.SEALED_BYTES);
            assertThatThrownBy(() -> MaskKeyShares.open("task-1", "trainera",
                    sim.keys.get("trainera").sharePublicKey(), "trainerc", sim.keys.get("trainerc"), keyToB))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not open");
        }
    }

    private static Model model(SplittableRandom random, float scale) {
        float[] w = new float[37];
        float[] b = new float[5];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
        }
        return Model.of(List.of(Tensor.of("b", new int[] {5}, b), Tensor.of("w", new int[] {37}, w)));
    }
}

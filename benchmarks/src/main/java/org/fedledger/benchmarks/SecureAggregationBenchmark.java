package org.fedledger.benchmarks;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.fedledger.core.aggregation.AggregationInput;
import org.fedledger.core.aggregation.ExactSum;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.core.model.Tensor;
import org.fedledger.core.secure.MaskKeyShares;
import org.fedledger.core.secure.MaskingKeys;
import org.fedledger.core.secure.SecureRound;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Secure aggregation with 10 trainers and 2^20 parameters (docs/privacy.md section 2), in milliseconds
 * per operation, each beside its baseline from the same run. A trainer: coding its update as
 * {@code exact_fedavg} does ({@code trainerPlain}) against coding, masking against 9 peers and its self
 * seed, and sealing its seed shares to all 10 ({@code trainerMasked}; its mask key was shared once for
 * the task). A verifier with 2 of the 10 dropped
 * before submitting: exact FedAvg over the 8 plain updates ({@code verifierPlain}) against summing the 8
 * masked payloads, opening and combining threshold-many shares into 8 seeds and 2 mask keys, removing the
 * 8 self masks and 16 pairwise masks and rounding ({@code verifierUnmask}). The setup checks that the
 * unmasked result is the plain one, bit for bit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class SecureAggregationBenchmark {
    private static final int TRAINERS = 10;
    private static final int DROPPED = 2;
    private static final int THRESHOLD = 6;
    private static final int PARAMETERS = 1 << 20;
    private static final RuleSpec EXACT = RuleSpec.of(RuleName.EXACT_FEDAVG, Map.of(RuleSpec.SCALE_BITS, "24"));

    private final SortedMap<String, MaskingKeys> keys = new TreeMap<>();
    private final List<AggregationInput> survivors = new ArrayList<>();
    private final SortedMap<String, Long> samples = new TreeMap<>();
    private final SortedMap<String, byte[]> maskedPayloads = new TreeMap<>();
    private final SortedMap<String, byte[]> seeds = new TreeMap<>();
    private final SortedMap<String, SortedMap<String, byte[]>> sealed = new TreeMap<>();
    private final SortedMap<String, SortedMap<String, byte[]>> keyShares = new TreeMap<>();
    private SecureRound round;
    private Model base;
    private SecureRandom random;

    /**
     * Keys, updates and the survivors' masked payloads and sealed shares.
     *
     * @throws NoSuchAlgorithmException never: SHA1PRNG is in every JDK
     * @throws IllegalStateException when unmasking does not give exact FedAvg's bits
     */
    @Setup
    public void setUp() throws NoSuchAlgorithmException {
        random = SecureRandom.getInstance("SHA1PRNG");
        random.setSeed(42);
        SortedMap<String, SecureRound.CohortMember> cohort = new TreeMap<>();
        for (int i = 0; i < TRAINERS; i++) {
            String id = "trainer" + i;
            MaskingKeys k = MaskingKeys.generate(random);
            keys.put(id, k);
            cohort.put(id, new SecureRound.CohortMember(k.maskPublicKey(), k.sharePublicKey()));
        }
        round = SecureRound.of("bench", 1, cohort, THRESHOLD);
        SortedMap<String, byte[]> shareKeys = new TreeMap<>();
        cohort.forEach((id, m) -> shareKeys.put(id, m.sharePublicKey()));
        for (String id : keys.keySet()) {
            keyShares.put(id, MaskKeyShares.seal("bench", id, keys.get(id), shareKeys, THRESHOLD, random));
        }
        base = model(new SplittableRandom(0));
        SplittableRandom values = new SplittableRandom(1);
        for (int i = DROPPED; i < TRAINERS; i++) {
            String id = "trainer" + i;
            Model update = model(values);
            long n = 500 + i;
            survivors.add(new AggregationInput(id, ContentHash.of(ModelCodec.encode(update)), update, n));
            samples.put(id, n);
            byte[] seed = SecureRound.newSelfSeed(random);
            seeds.put(id, seed);
            maskedPayloads.put(id, SecureRound.encode(round.mask(ExactSum.weightedCodes(EXACT, update, n), id,
                    keys.get(id), seed)));
            sealed.put(id, round.sealSeedShares(id, keys.get(id), seed, random));
        }
        if (!verifierUnmask().equals(verifierPlain())) {
            throw new IllegalStateException("unmasking does not give exact FedAvg over the survivors");
        }
    }

    /** @return one trainer's weighted codes, as exact FedAvg codes an update */
    @Benchmark
    public long[] trainerPlain() {
        AggregationInput me = survivors.get(0);
        return ExactSum.weightedCodes(EXACT, me.model(), me.sampleCount());
    }

    /** @return one trainer's masked payload and sealed shares */
    @Benchmark
    public Object trainerMasked() {
        AggregationInput me = survivors.get(0);
        byte[] seed = SecureRound.newSelfSeed(random);
        long[] masked = round.mask(ExactSum.weightedCodes(EXACT, me.model(), me.sampleCount()), me.id(),
                keys.get(me.id()), seed);
        return List.of(SecureRound.encode(masked), round.sealSeedShares(me.id(), keys.get(me.id()), seed, random));
    }

    /** @return exact FedAvg over the survivors' plain updates */
    @Benchmark
    public Model verifierPlain() {
        return ExactSum.of(EXACT, survivors, base).result().orElseThrow().model();
    }

    /** @return exact FedAvg over the survivors, from their masked payloads and the revealed shares */
    @Benchmark
    public Model verifierUnmask() {
        long[] sum = new long[PARAMETERS];
        for (byte[] payload : maskedPayloads.values()) {
            SecureRound.addPayload(sum, payload);
        }
        List<String> revealers = new ArrayList<>(samples.keySet()).subList(0, THRESHOLD);
        SortedMap<String, byte[]> survivorSeeds = new TreeMap<>();
        SortedMap<String, byte[]> droppedKeys = new TreeMap<>();
        for (String owner : round.cohort()) {
            SortedMap<Integer, byte[]> shares = new TreeMap<>();
            boolean survived = samples.containsKey(owner);
            for (String revealer : revealers) {
                shares.put(round.shareX(revealer), survived
                        ? round.openSeedShare(revealer, keys.get(revealer), owner, sealed.get(owner).get(revealer))
                        : MaskKeyShares.open("bench", owner, keys.get(owner).sharePublicKey(), revealer,
                                keys.get(revealer), keyShares.get(owner).get(revealer)));
            }
            if (survived) {
                survivorSeeds.put(owner, round.recoverSeed(shares));
            } else {
                droppedKeys.put(owner, round.recoverMaskKey(owner, shares));
            }
        }
        round.unmask(sum, survivorSeeds, droppedKeys);
        return ExactSum.ofSums(EXACT, base, samples, sum).result().orElseThrow().model();
    }

    private static Model model(SplittableRandom random) {
        float[] w = new float[PARAMETERS];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (random.nextGaussian() * 0.1);
        }
        return Model.of(List.of(Tensor.of("w", new int[] {PARAMETERS}, w)));
    }
}

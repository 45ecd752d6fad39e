package org.fedledger.chaincode.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fedledger.chaincode.Consortium;
import org.fedledger.chaincode.testing.TestIdentity;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.protocol.key.TransientKeys;
import org.fedledger.protocol.record.DpMechanism;
import org.fedledger.protocol.record.PrivacySpendRecord;
import org.fedledger.protocol.testing.StandardTask;

/**
 * Benchmark, not a test: what the privacy budget adds to a {@code submitUpdate}. Prints the median and
 * 90th percentile of the accountant's work alone as the chaincode does it per submit (counts plus one
 * update, the loss of every distinct mechanism from its counts, epsilon at delta) and of whole submits
 * on the simulated peer, for tasks without and with differential privacy, side by side.
 *
 * <pre>{@code
 * java -cp <chaincode test class path> org.fedledger.chaincode.bench.PrivacySubmitCost
 * }</pre>
 */
public final class PrivacySubmitCost {
    private static final int TASKS = 300;

    private PrivacySubmitCost() {
    }

    /** @param args unused */
    public static void main(String[] args) {
        System.out.printf(Locale.ROOT, "%-44s %10s %10s%n", "what", "median us", "p90 us");
        for (String q : List.of("1", "0.1", "0.01")) {
            DpMechanism m = new DpMechanism("1.1", q, 10, "1.0");
            // A dataset that two other tasks already spent with other mechanisms.
            PrivacySpendRecord spent = PrivacySpendRecord.none("Org1MSP", "d")
                    .plus(new DpMechanism("0.9", "0.05", 20, "1.0"), 400).plus(new DpMechanism("2", "1", 1, "1.0"), 30);
            long[] nanos = new long[20_000];
            double sink = 0;
            for (int i = 0; i < nanos.length; i++) {
                long t = System.nanoTime();
                sink += spent.plus(m, m.stepsPerRound()).accountant().epsilon(1e-5);
                nanos[i] = System.nanoTime() - t;
            }
            print("accountant per submit, 3 mechanisms, q=" + q, Arrays.copyOfRange(nanos, nanos.length / 2,
                    nanos.length));
            if (sink < 0) {
                System.out.println(sink);
            }
        }
        long[] plain = submits(false);
        long[] dp = submits(true);
        print("submitUpdate without DP", plain);
        print("submitUpdate with DP (q=0.1, 10 steps)", dp);
    }

    /** Times the three submits to round 1 of each of {@value #TASKS} tasks; the first third is warm-up. */
    private static long[] submits(boolean privacy) {
        Consortium net = Consortium.fresh().registered();
        if (privacy) {
            net.submit(net.admin1, t -> t.c().createDataset(t.ctx(), "d", "1000", "0.00001"));
            net.submit(net.admin2, t -> t.c().createDataset(t.ctx(), "d", "1000", "0.00001"));
            net.submit(net.admin3, t -> t.c().createDataset(t.ctx(), "d", "1000", "0.00001"));
        }
        Map<String, Object> changes = privacy ? Map.of("differentialPrivacy", Map.of(
                "mechanism", Map.of("noiseMultiplier", "3", "samplingRate", "0.1", "stepsPerRound", 10L,
                        "clipNorm", "1.0"),
                "datasets", List.of(Map.of("msp", "Org1MSP", "datasetId", "d"), Map.of("msp", "Org2MSP", "datasetId", "d"),
                        Map.of("msp", "Org3MSP", "datasetId", "d")))) : Map.of();
        byte[] bytes = ModelCodec.encode(Consortium.model(1f));
        String hash = ModelCodec.hash(Consortium.model(1f)).hex();
        long[] nanos = new long[TASKS * 3];
        for (int i = 0; i < TASKS; i++) {
            String task = "t" + i;
            byte[] initial = ModelCodec.encode(Consortium.initialModel());
            net.submit(net.coordinator, Consortium.chunks(TransientKeys.MODEL_PREFIX, initial, 1),
                    t -> t.c().createTask(t.ctx(), StandardTask.json(task, changes)));
            net.submit(net.coordinator, t -> t.c().openRound(t.ctx(), task));
            int k = 0;
            for (TestIdentity trainer : List.of(net.trainer1, net.trainer2, net.trainer3)) {
                long t0 = System.nanoTime();
                net.submit(trainer, Consortium.chunks(TransientKeys.UPDATE_PREFIX, bytes, 1),
                        t -> t.c().submitUpdate(t.ctx(), task, "1", hash, "100", "0"));
                nanos[i * 3 + k++] = System.nanoTime() - t0;
            }
        }
        return Arrays.copyOfRange(nanos, nanos.length / 3, nanos.length);
    }

    private static void print(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%-44s %10.1f %10.1f%n", what, sorted[sorted.length / 2] / 1e3,
                sorted[sorted.length * 9 / 10] / 1e3);
    }
}

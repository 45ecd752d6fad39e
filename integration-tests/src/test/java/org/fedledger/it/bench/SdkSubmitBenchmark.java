package org.fedledger.it.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.fedledger.core.model.Model;
import org.fedledger.it.fabric.FabricNetwork;
import org.fedledger.it.fabric.Member;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.Trainer;
import org.fedledger.sdk.gateway.GatewayLedger;
import org.fedledger.sdk.ledger.ConnectionProfile;
import org.fedledger.sdk.payload.Payloads;
import org.fedledger.sdk.testing.SdkParticipants;

/**
 * The SDK's {@code submitUpdate} on the running local network: its overhead over a raw
 * fabric-gateway submit of the same transaction (interleaved, in the same run), then latency and
 * throughput with 1, 4 and 16 trainers submitting at once.
 *
 * <pre>{@code
 * scripts/fedledger.sh bench-network --sdk
 * }</pre>
 */
public final class SdkSubmitBenchmark {
    private SdkSubmitBenchmark() {
    }

    /**
     * Runs the benchmark and prints its tables.
     *
     * @param args optional: pairs for the overhead comparison (default 30)
     * @throws Exception when the network refuses a transaction
     */
    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        FabricNetwork network = FabricNetwork.get();
        try (SdkParticipants p = SdkParticipants.register((org, user) -> GatewayLedger.open(
                ConnectionProfile.load(network.home().resolve("connection").resolve("org" + org + ".properties"))
                        .with("user", user)))) {
            Member raw1 = network.member(1, "User1");
            Member raw2 = network.member(2, "User1");
            overhead(p, raw1, raw2, 4);   // warm-up
            double[][] overhead = overhead(p, raw1, raw2, pairs);
            System.out.printf(Locale.ROOT, "%nsubmitUpdate, one at a time, %d of each interleaved (ms)%n", pairs);
            System.out.printf(Locale.ROOT, "%-44s %8s %8s%n", "path", "p50", "p95");
            System.out.printf(Locale.ROOT, "%-44s %8.1f %8.1f%n", "raw fabric-gateway (baseline)", pct(overhead[0], 50),
                    pct(overhead[0], 95));
            System.out.printf(Locale.ROOT, "%-44s %8.1f %8.1f%n", "SDK Trainer.submitUpdate", pct(overhead[1], 50),
                    pct(overhead[1], 95));
            System.out.printf(Locale.ROOT, "SDK overhead at p50: %+.1f%%%n",
                    100 * (pct(overhead[1], 50) / pct(overhead[0], 50) - 1));

            System.out.printf(Locale.ROOT, "%nSDK submitUpdate with concurrent trainers%n");
            System.out.printf(Locale.ROOT, "%-12s %8s %8s %8s %12s%n", "concurrent", "n", "p50 ms", "p95 ms", "updates/s");
            for (int concurrency : new int[] {1, 4, 16}) {
                concurrent(p, concurrency, concurrency * 6);
            }
        }
    }

    /** [0]: raw gateway latencies, [1]: SDK latencies, each in ms. */
    private static double[][] overhead(SdkParticipants p, Member raw1, Member raw2, int pairs) {
        double[] raw = new double[pairs];
        double[] sdk = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            String task = openTask(p);
            Model model = SdkParticipants.model(i);
            // Alternate organisations so neither path always goes through the same peer.
            FedLedger sdkTrainer = i % 2 == 0 ? p.trainer1 : p.trainer2;
            Member rawTrainer = i % 2 == 0 ? raw2 : raw1;
            Trainer trainer = sdkTrainer.trainer(task);
            trainer.awaitOpenRound(java.time.Duration.ofSeconds(10));
            long t0 = System.nanoTime();
            trainer.submitUpdate(1, model, 10);
            long t1 = System.nanoTime();
            byte[] bytes = org.fedledger.core.model.ModelCodec.encode(model);
            rawTrainer.submit(Payloads.transientChunks(Payloads.UPDATE_PREFIX, bytes, Payloads.DEFAULT_CHUNK_SIZE),
                    TransactionName.SUBMIT_UPDATE, task, "1", org.fedledger.core.model.ContentHash.of(bytes).hex(), "10", "0");
            long t2 = System.nanoTime();
            sdk[i] = (t1 - t0) / 1e6;
            raw[i] = (t2 - t1) / 1e6;
        }
        return new double[][] {raw, sdk};
    }

    private static String openTask(SdkParticipants p) {
        var definition = SdkParticipants.task("bench").updates(1, 3).build();
        p.coordinator.coordinator().createTask(definition);
        p.coordinator.coordinator().openRound(definition.taskId());
        return definition.taskId();
    }

    private static void concurrent(SdkParticipants p, int concurrency, int updates) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(concurrency, 4));
        try {
            // Each task takes one update from each organisation's trainer: (task, trainer) pairs.
            int tasks = (updates + 2) / 3;
            List<Future<String>> setup = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                setup.add(pool.submit(() -> openTask(p)));
            }
            List<Map.Entry<String, FedLedger>> work = new ArrayList<>();
            for (Future<String> f : setup) {
                for (FedLedger trainer : p.trainers()) {
                    work.add(Map.entry(f.get(), trainer));
                }
            }
            List<Map.Entry<String, FedLedger>> items = work.subList(0, updates);
            ExecutorService workers = Executors.newFixedThreadPool(concurrency);
            try {
                List<Future<Double>> latencies = new ArrayList<>();
                long start = System.nanoTime();
                for (Map.Entry<String, FedLedger> item : items) {
                    latencies.add(workers.submit(() -> {
                        long t0 = System.nanoTime();
                        item.getValue().trainer(item.getKey()).submitUpdate(1, SdkParticipants.model(3f), 10);
                        return (System.nanoTime() - t0) / 1e6;
                    }));
                }
                double[] ms = new double[items.size()];
                for (int i = 0; i < ms.length; i++) {
                    ms[i] = latencies.get(i).get();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "%-12d %8d %8.1f %8.1f %12.1f%n", concurrency, ms.length, pct(ms, 50),
                        pct(ms, 95), ms.length / seconds);
            } finally {
                workers.shutdown();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static double pct(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}

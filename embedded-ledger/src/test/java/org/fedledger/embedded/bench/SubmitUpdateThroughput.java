package org.fedledger.embedded.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.fedledger.core.json.CanonicalJson;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.core.model.Tensor;
import org.fedledger.embedded.EmbeddedLedger;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.fedledger.sdk.payload.Payloads;

/**
 * Benchmark, not a test: small {@code submitUpdate} transactions per second through the SDK's
 * connection on an in-memory embedded ledger, with three endorsing organisations (MAJORITY: two
 * endorse each) beside the same workload with one organisation. Each trainer submits one update to
 * an open round; a warm-up task runs first. Prints one line per configuration.
 *
 * <pre>{@code
 * mvn -B -ntp -pl embedded-ledger -am test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.fedledger.embedded.bench.SubmitUpdateThroughput -Dexec.args="2000 16"
 * }</pre>
 */
public final class SubmitUpdateThroughput {
    private SubmitUpdateThroughput() {
    }

    /**
     * @param args transactions per measured run (default 2000) and client threads (default 16)
     * @throws Exception when a submit fails
     */
    public static void main(String[] args) throws Exception {
        int transactions = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        double three = run(3, transactions, threads);
        double one = run(1, transactions, threads);
        System.out.printf("submitUpdate, %d transactions, %d client threads, %d cores:%n", transactions, threads,
                Runtime.getRuntime().availableProcessors());
        System.out.printf("  3 organisations (2 endorsements each): %8.0f tx/s%n", three);
        System.out.printf("  1 organisation  (1 endorsement each):  %8.0f tx/s%n", one);
    }

    private static double run(int organisations, int transactions, int threads) throws Exception {
        try (EmbeddedLedger ledger = EmbeddedLedger.builder().organisations(organisations).inMemory()
                .blockCutting(500, Duration.ofMillis(2)).build()) {
            List<String> orgs = ledger.organisations();
            LedgerConnection coordinator = ledger.connect(ledger.organisation(orgs.get(0)).client("coordinator"));
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                parallel(pool, List.of(() -> register(ledger, orgs.get(0), coordinator, "coordinator")));
                List<LedgerConnection> trainers = new ArrayList<>();
                List<Runnable> registrations = new ArrayList<>();
                for (int i = 0; i < transactions; i++) {
                    String msp = orgs.get(i % orgs.size());
                    LedgerConnection trainer = ledger.connect(ledger.organisation(msp).client("trainer" + i));
                    trainers.add(trainer);
                    registrations.add(() -> register(ledger, msp, trainer, "trainer"));
                }
                parallel(pool, registrations);
                createAndOpen(coordinator, "warmup", orgs);
                parallel(pool, submits(trainers, "warmup"));
                createAndOpen(coordinator, "bench", orgs);
                List<Runnable> measured = submits(trainers, "bench");
                long start = System.nanoTime();
                parallel(pool, measured);
                return transactions / ((System.nanoTime() - start) / 1e9);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static void register(EmbeddedLedger ledger, String msp, LedgerConnection member, String role) {
        ledger.connect(ledger.organisation(msp).admin()).submit(TransactionName.REGISTER_PARTICIPANT,
                List.of(member.identity().certificatePem(), role), Map.of());
    }

    private static Model model(float seed) {
        return Model.of(List.of(Tensor.of("w", new int[] {2, 2}, new float[] {seed, seed + 1, seed + 2, seed + 3}),
                Tensor.of("b", new int[] {2}, new float[] {seed, -seed})));
    }

    private static void createAndOpen(LedgerConnection coordinator, String taskId, List<String> orgs) {
        Map<String, Object> task = new TreeMap<>();
        task.put("taskId", taskId);
        task.put("schema", List.of(Map.of("name", "w", "shape", List.of(2, 2)), Map.of("name", "b", "shape", List.of(2))));
        task.put("rule", Map.of("name", "fedavg", "params", Map.of()));
        task.put("minUpdates", 2);
        task.put("maxUpdates", 10_000);
        task.put("attestationQuorum", 2);
        task.put("roundDurationSeconds", 3600);
        task.put("maxSamples", 1_000_000);
        task.put("maxPayloadBytes", 4096);
        // The task needs two allowed organisations for its quorum, even on a one-organisation channel.
        task.put("allowedOrgs", orgs.size() > 1 ? orgs : List.of(orgs.get(0), "Org2MSP"));
        coordinator.submit(TransactionName.CREATE_TASK, List.of(CanonicalJson.toJson(task)),
                Payloads.transientChunks(Payloads.MODEL_PREFIX, ModelCodec.encode(model(0f)), 1024));
        coordinator.submit(TransactionName.OPEN_ROUND, List.of(taskId), Map.of());
    }

    private static List<Runnable> submits(List<LedgerConnection> trainers, String taskId) {
        List<Runnable> out = new ArrayList<>();
        for (int i = 0; i < trainers.size(); i++) {
            LedgerConnection trainer = trainers.get(i);
            Model m = model(i);
            out.add(() -> trainer.submit(TransactionName.SUBMIT_UPDATE,
                    List.of(taskId, "1", ModelCodec.hash(m).hex(), "10", "0"),
                    Payloads.transientChunks(Payloads.UPDATE_PREFIX, ModelCodec.encode(m), 1024)));
        }
        return out;
    }

    private static void parallel(ExecutorService pool, List<Runnable> work) throws Exception {
        List<Future<?>> futures = new ArrayList<>();
        for (Runnable r : work) {
            futures.add(pool.submit(r));
        }
        for (Future<?> f : futures) {
            f.get();
        }
    }
}

package org.fedledger.embedded.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.embedded.EmbeddedLedger;
import org.fedledger.embedded.EndorsementPolicy;
import org.fedledger.protocol.key.TransientKeys;
import org.fedledger.protocol.testing.StandardTask;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.sdk.ledger.LedgerConnection;

/**
 * Benchmark, not a test: small {@code submitUpdate} transactions per second through the SDK's
 * connection on an embedded ledger (in memory, or durable in a temporary data folder: each block
 * appended and forced to disk before its transactions are reported committed), with three organisations
 * under MAJORITY (two endorse each) beside the same workload under ANY (one endorses each), in the same
 * JVM. (A task needs three organisations: its quorum counts at least two besides the proposer's.) A round is one task:
 * each trainer submits one update to its open round, from a pool of client threads. The first rounds
 * warm the JVM up (on two cores, the JIT compiler competes with the ledger for several thousand
 * transactions); the measured rounds follow. Prints, per configuration, the first round's figure
 * (the coldest) and the measured rounds' median, minimum and maximum.
 *
 * <pre>{@code
 * scripts/fedledger.sh bench-ledger                     # 3000 transactions a round, 16 threads, 5 + 3 rounds
 * scripts/fedledger.sh bench-ledger 2000 16 2 5         # transactions, threads, warm-up rounds, measured rounds
 * scripts/fedledger.sh bench-ledger 3000 16 5 3 disk   # the same on disk
 * }</pre>
 */
public final class SubmitUpdateThroughput {
    private SubmitUpdateThroughput() {
    }

    /** One configuration's figures, in transactions per second. */
    private record Figures(double first, List<Double> measured) {
        double median() {
            List<Double> sorted = measured.stream().sorted().toList();
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }

        String line() {
            return String.format(Locale.ROOT, "%8.0f %12.0f %8.0f-%.0f", first, median(),
                    measured.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                    measured.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
        }
    }

    /**
     * @param args transactions a round (default 3000), client threads (default 16), warm-up rounds
     *     (default 5), measured rounds (default 3), and {@code memory} (default) or {@code disk}
     * @throws Exception when a submit fails
     */
    public static void main(String[] args) throws Exception {
        int transactions = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int measured = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        String storage = args.length > 4 ? args[4] : "memory";
        if (transactions < 1 || threads < 1 || warmUp < 0 || measured < 1
                || !(storage.equals("memory") || storage.equals("disk"))) {
            throw new IllegalArgumentException("need transactions >= 1, threads >= 1, warm-up rounds >= 0, measured >= 1,"
                    + " and memory or disk; got " + List.of(args));
        }
        boolean disk = storage.equals("disk");
        Figures three = run(EndorsementPolicy.MAJORITY, transactions, threads, warmUp, measured, disk);
        Figures one = run(EndorsementPolicy.ANY, transactions, threads, warmUp, measured, disk);
        System.out.printf(Locale.ROOT, "submitUpdate %s, %d transactions a round, %d client threads, %d cores,"
                + " %d warm-up rounds, %d measured:%n", disk ? "on disk" : "in memory", transactions, threads,
                Runtime.getRuntime().availableProcessors(), warmUp, measured);
        System.out.println("                                        tx/s:   first   median of measured   min-max");
        System.out.println("  3 organisations, MAJORITY (2 endorsements each): " + three.line());
        System.out.println("  3 organisations, ANY      (1 endorsement each):  " + one.line());
    }

    private static Figures run(EndorsementPolicy policy, int transactions, int threads, int warmUp, int measured,
            boolean disk) throws Exception {
        Path folder = disk ? Files.createTempDirectory("fedledger-bench-") : null;
        EmbeddedLedger.Builder builder = EmbeddedLedger.builder().organisations(3).policy(policy)
                .blockCutting(500, Duration.ofMillis(2));
        try (EmbeddedLedger ledger = disk ? builder.dataFolder(folder).build() : builder.inMemory().build()) {
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
                double first = 0;
                List<Double> figures = new ArrayList<>();
                for (int round = 0; round < warmUp + measured; round++) {
                    String task = "bench" + round;
                    createAndOpen(coordinator, task, orgs);
                    List<Runnable> submits = submits(trainers, task);
                    long start = System.nanoTime();
                    parallel(pool, submits);
                    double perSecond = transactions / ((System.nanoTime() - start) / 1e9);
                    if (round == 0) {
                        first = perSecond;
                    }
                    if (round >= warmUp) {
                        figures.add(perSecond);
                    }
                }
                return new Figures(first, figures);
            } finally {
                pool.shutdownNow();
            }
        } finally {
            if (folder != null) {
                try (Stream<Path> files = Files.walk(folder)) {
                    files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    private static void register(EmbeddedLedger ledger, String msp, LedgerConnection member, String role) {
        member.submit(TransactionName.REQUEST_ROLES, List.of(role), Map.of());
        ledger.connect(ledger.organisation(msp).admin()).submit(TransactionName.REGISTER_PARTICIPANT,
                List.of(member.identity().certificatePem(), role), Map.of());
    }

    private static void createAndOpen(LedgerConnection coordinator, String taskId, List<String> orgs) {
        // The standard task, open to many trainers for a long round; two allowed organisations for its
        // quorum even on a one-organisation channel.
        Map<String, Object> changes = Map.of("maxUpdates", 10_000, "roundDurationSeconds", 3600, "maxSamples", 1_000_000,
                "allowedOrgs", orgs.size() > 1 ? orgs : List.of(orgs.get(0), "Org2MSP"));
        coordinator.submit(TransactionName.CREATE_TASK, List.of(StandardTask.json(taskId, changes)),
                Map.of(TransientKeys.MODEL_PREFIX + 0, ModelCodec.encode(StandardTask.model(0f))));
        coordinator.submit(TransactionName.OPEN_ROUND, List.of(taskId), Map.of());
    }

    private static List<Runnable> submits(List<LedgerConnection> trainers, String taskId) {
        List<Runnable> out = new ArrayList<>();
        for (int i = 0; i < trainers.size(); i++) {
            LedgerConnection trainer = trainers.get(i);
            Model m = StandardTask.model(i);
            out.add(() -> trainer.submit(TransactionName.SUBMIT_UPDATE,
                    List.of(taskId, "1", ModelCodec.hash(m).hex(), "10", "0"),
                    Map.of(TransientKeys.UPDATE_PREFIX + 0, ModelCodec.encode(m))));
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

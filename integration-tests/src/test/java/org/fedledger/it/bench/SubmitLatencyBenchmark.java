package org.fedledger.it.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fedledger.it.fabric.Consortium;
import org.fedledger.it.fabric.Member;
import org.fedledger.it.fabric.TrainingTask;
import org.fedledger.protocol.transaction.TransactionName;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.Transaction;

/**
 * Submit-to-commit latency of {@code submitUpdate} on the running local network, one trainer at a
 * time, beside an evaluate through the same peer (no ordering, no commit) measured in the same run.
 * Each task gets one round with one update from each organisation's trainer.
 *
 * <pre>{@code
 * scripts/fedledger.sh bench-network --tasks 20
 * }</pre>
 */
public final class SubmitLatencyBenchmark {
    private SubmitLatencyBenchmark() {
    }

    /**
     * Runs the benchmark and prints its table.
     *
     * @param args optional number of tasks (default 20; three updates each)
     * @throws Exception when the network refuses a transaction
     */
    public static void main(String[] args) throws Exception {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Consortium net = Consortium.get();
        // Warm-up: connections, the gateway's discovery cache and the chaincode servers' JIT.
        run(net, 3, new Samples(), new Samples(), new Samples(), new Samples());

        Samples evaluate = new Samples();
        Samples endorse = new Samples();
        Samples commitWait = new Samples();
        Samples total = new Samples();
        long start = System.nanoTime();
        run(net, tasks, evaluate, endorse, commitWait, total);
        double seconds = (System.nanoTime() - start) / 1e9;

        System.out.printf(Locale.ROOT, "submitUpdate on the local network: %d tasks x 3 trainers, one at a time (%.1f s)%n",
                tasks, seconds);
        System.out.printf(Locale.ROOT, "%-44s %8s %8s %8s %6s%n", "operation", "p50 ms", "p95 ms", "max ms", "n");
        evaluate.print("evaluate whoAmI (baseline: no ordering)");
        endorse.print("submitUpdate: endorse by 2 organisations");
        commitWait.print("submitUpdate: order and commit");
        total.print("submitUpdate: submit to commit (total)");
    }

    private static void run(Consortium net, int tasks, Samples evaluate, Samples endorse, Samples commitWait,
            Samples total) throws Exception {
        for (int i = 0; i < tasks; i++) {
            TrainingTask task = net.newTask("bench", Map.of());
            task.openRound();
            for (Member trainer : net.trainers()) {
                long t0 = System.nanoTime();
                trainer.evaluate(TransactionName.WHO_AM_I);
                long t1 = System.nanoTime();
                Transaction endorsed = trainer.endorse(task.updateChunks(TrainingTask.model(i)), List.of(),
                        TransactionName.SUBMIT_UPDATE, task.updateArgs(1, TrainingTask.model(i), 10));
                long t2 = System.nanoTime();
                SubmittedTransaction submitted = endorsed.submitAsync();
                if (!submitted.getStatus().isSuccessful()) {
                    throw new IllegalStateException("submitUpdate committed as " + submitted.getStatus().getCode());
                }
                long t3 = System.nanoTime();
                evaluate.add(t1 - t0);
                endorse.add(t2 - t1);
                commitWait.add(t3 - t2);
                total.add(t3 - t1);
            }
        }
    }

    /** Latencies in nanoseconds, reported as percentiles in milliseconds. */
    private static final class Samples {
        private final List<Long> nanos = new ArrayList<>();

        void add(long value) {
            nanos.add(value);
        }

        void print(String label) {
            long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "%-44s %8.1f %8.1f %8.1f %6d%n", label, percentile(sorted, 50),
                    percentile(sorted, 95), sorted[sorted.length - 1] / 1e6, sorted.length);
        }

        private static double percentile(long[] sorted, int p) {
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, index)] / 1e6;
        }
    }
}

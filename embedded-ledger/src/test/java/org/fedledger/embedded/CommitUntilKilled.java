package org.fedledger.embedded;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fedledger.sdk.ledger.Committed;

/**
 * The process {@link KilledProcessTest} kills: it opens a durable network in the folder given as
 * its argument and creates tasks from several threads until it is killed, printing
 * {@code committed <txId> <block> <taskId>} as each submit returns, that is after its block was
 * written to the log.
 */
final class CommitUntilKilled {
    static final String READY = "ready";
    static final int THREADS = 4;

    private CommitUntilKilled() {
    }

    public static void main(String[] args) throws InterruptedException {
        Network net = Network.durable(Path.of(args[0]), true);
        PrintStream out = System.out;
        print(out, READY);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            Thread worker = new Thread(() -> {
                for (int n = 0; ; n++) {
                    String taskId = "killed-" + thread + "-" + n;
                    Committed c = Task.createCommitted(net, taskId);
                    print(out, "committed " + c.transactionId() + " " + c.blockNumber() + " " + taskId);
                }
            }, "creator-" + t);
            worker.start();
            threads.add(worker);
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private static void print(PrintStream out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}

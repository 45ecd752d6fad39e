package org.fedledger.it.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BiFunction;
import org.fedledger.cli.Ledgers;
import org.fedledger.cli.demo.DemoTask;
import org.fedledger.cli.demo.FederatedDemo;
import org.fedledger.cli.demo.StragglerRun;
import org.fedledger.embedded.EmbeddedLedger;
import org.fedledger.it.demo.EmbeddedDemo;
import org.fedledger.sdk.ledger.LedgerConnection;

/**
 * Issue 25's straggler scenario, timed on the embedded ledger or ({@code --network fabric}) the local
 * Fabric network of test-network/network.sh, up and deployed: nine hospitals (three per
 * organisation) train again and again, each local training followed by a pause, the last
 * {@code --stragglers} pausing {@code --slowdown} times longer; once with synchronous rounds (every
 * round waits for every hospital) and once with buffered rounds ({@code max_staleness}, a buffer of
 * {@code --buffer} updates closing as soon as it is full), each on a new embedded ledger or as a new task
 * on the network, every model verified by the organisations. It prints every global model and the time each mode took to reach the demo's
 * accuracy bar (the centralised reference minus the task's tolerance), and their ratio.
 *
 * <pre>
 * scripts/fedledger.sh bench-stragglers --tasks breast-cancer --pause-ms 100 --slowdown 5
 * scripts/fedledger.sh bench-stragglers --network fabric --network-home test-network/.state
 * </pre>
 */
public final class StragglerBenchmark {
    private static final int TRAINERS_PER_ORG = 3;
    /** The demo's rounds, over which its centralised reference is trained. */
    private static final int DEMO_ROUNDS = 30;

    private StragglerBenchmark() {
    }

    /**
     * @param args {@code --tasks breast-cancer,digits --stragglers 3 --slowdown 5 --pause-ms 100 --buffer 6
     *     --max-staleness 4 --limit-s 180 --network embedded|fabric --network-home test-network/.state}
     * @throws Exception when a round does not become final or a hospital's loop fails
     */
    public static void main(String[] args) throws Exception {
        BenchFlags flags = BenchFlags.parse(args, "--stragglers", "--slowdown", "--pause-ms", "--buffer",
                "--max-staleness", "--limit-s", "--network", "--network-home");
        int stragglers = flags.integer("--stragglers", 3);
        int slowdown = flags.integer("--slowdown", 5);
        Duration pause = Duration.ofMillis(flags.integer("--pause-ms", 100));
        int buffer = flags.integer("--buffer", 6);
        int maxStaleness = flags.integer("--max-staleness", 4);
        Duration limit = Duration.ofSeconds(flags.integer("--limit-s", 180));
        String network = flags.text("--network", "embedded");
        if (!network.equals("embedded") && !network.equals("fabric")) {
            throw new IllegalArgumentException("--network must be embedded or fabric, was '" + network + "'");
        }
        Optional<BiFunction<Integer, String, LedgerConnection>> fabric = network.equals("fabric")
                ? Optional.of(Ledgers.localFabric(Path.of(flags.text("--network-home", "test-network/.state"))))
                : Optional.empty();
        int sites = 3 * TRAINERS_PER_ORG;
        System.out.printf("on the %s ledger: %d hospitals (%d per organisation), the last %d pausing %dx as long (%d ms vs %d ms after"
                + " each local training); buffered: %d updates per buffer, max_staleness %d%n", network, sites,
                TRAINERS_PER_ORG, stragglers, slowdown, pause.toMillis() * slowdown, pause.toMillis(), buffer,
                maxStaleness);
        Path state = Files.createTempDirectory("fedledger-stragglers");
        for (String name : flags.tasks()) {
            // The demo's task and bar: its reference trains as long as the demo's 30 rounds do.
            DemoTask task = DemoTask.named(name, sites, DEMO_ROUNDS, Optional.empty(), DemoTask.SEED);
            double centralised = task.centralisedAccuracy();
            double bar = centralised - task.tolerance();
            System.out.printf("%n%s: accuracy bar %.4f (centralised %.4f - %.0f points)%n", name, bar, centralised,
                    task.tolerance() * 100);
            StragglerRun sync = run(fabric, state.resolve(name + "-sync"), task, false, stragglers, pause, slowdown,
                    buffer, maxStaleness, bar, limit);
            StragglerRun buffered = run(fabric, state.resolve(name + "-buffered"), task, true, stragglers, pause,
                    slowdown, buffer, maxStaleness, bar, limit);
            Optional<Long> syncMs = sync.millisTo(bar);
            Optional<Long> bufferedMs = buffered.millisTo(bar);
            System.out.printf("%s: the bar in %s synchronous (%d models), %s buffered (%d models)%s%n", name,
                    syncMs.map(ms -> ms + " ms").orElse("not within " + limit.toSeconds() + " s"),
                    sync.models().size(), bufferedMs.map(ms -> ms + " ms").orElse("not within " + limit.toSeconds()
                            + " s"), buffered.models().size(), syncMs.isPresent() && bufferedMs.isPresent()
                                    ? String.format("; buffered %.2fx sooner", (double) syncMs.get() / bufferedMs.get())
                                    : "");
        }
    }

    /** One mode's run: on the local network when {@code fabric} is given, else on a new embedded ledger. */
    private static StragglerRun run(Optional<BiFunction<Integer, String, LedgerConnection>> fabric, Path state,
            DemoTask task, boolean buffered, int stragglers, Duration pause, int slowdown, int buffer, int maxStaleness,
            double bar, Duration limit) throws Exception {
        if (fabric.isPresent()) {
            try (FederatedDemo demo = FederatedDemo.start(fabric.get(), System.out, Files.createDirectories(state),
                    TRAINERS_PER_ORG)) {
                return demo.runStragglers(task, buffered, stragglers, pause, slowdown, buffer, maxStaleness, bar, limit);
            }
        }
        try (EmbeddedLedger ledger = EmbeddedLedger.builder().inMemory().build();
                FederatedDemo demo = EmbeddedDemo.start(ledger, System.out, Files.createDirectories(state),
                        TRAINERS_PER_ORG)) {
            return demo.runStragglers(task, buffered, stragglers, pause, slowdown, buffer, maxStaleness, bar, limit);
        }
    }
}

package org.fedledger.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fedledger.cli.demo.DemoTask;
import org.fedledger.cli.demo.FederatedDemo;
import org.fedledger.cli.demo.RoundResult;
import org.fedledger.cli.demo.TaskResult;
import org.fedledger.core.model.ContentHash;
import org.fedledger.it.fabric.FabricNetwork;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.gateway.GatewayLedger;
import org.fedledger.sdk.progress.Progress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults in the middle of a federated task on the real network: the Raft leader orderer, one
 * organisation's peer and one organisation's chaincode server are killed with SIGKILL while the
 * demo's hospitals train, and started again as the network script started them. Each time the task
 * goes on through the SDK's retries, read failover and resends, and ends with the very model an
 * undisturbed run of the same task ends with. Times are measured and written to
 * {@code target/fault-times.txt}, never asserted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsIT {
    private static final int ROUNDS = 8;
    /** The fault strikes once this many rounds are final. */
    private static final int FAULT_AFTER_ROUND = 2;
    private static final Path TIMES = Path.of("target", "fault-times.txt");

    private static ContentHash undisturbedFinalHash;
    private static long undisturbedSlowestRound;

    private final FabricNetwork network = FabricNetwork.get();
    private final List<Progress> progress = new CopyOnWriteArrayList<>();
    /** When each progress line came (System.nanoTime), for the timeline written after a fault. */
    private final List<Long> progressAt = new CopyOnWriteArrayList<>();

    private void heard(Progress p) {
        progressAt.add(System.nanoTime());
        progress.add(p);
    }

    /** Writes the progress lines since {@code from}, timed from it: the connections' and the retries'. */
    private void timeline(long from) throws java.io.IOException {
        List<String> lines = new java.util.ArrayList<>();
        for (int i = 0; i < progress.size(); i++) {
            if (progressAt.get(i) >= from) {
                lines.add(String.format(Locale.ROOT, "%08.1f connection: %s", (progressAt.get(i) - from) / 1e9,
                        progress.get(i).line()));
            }
        }
        for (String[] retry : RETRIES) {
            long at = Long.parseLong(retry[0]);
            if (at >= from) {
                lines.add(String.format(Locale.ROOT, "%08.1f retry: %s", (at - from) / 1e9, retry[1]));
            }
        }
        java.util.Collections.sort(lines);
        for (String line : lines) {
            record("  +%s", line);
        }
    }

    /** The SDK's retry lines (the default progress listener logs them), with when they came. */
    private static final List<String[]> RETRIES = new CopyOnWriteArrayList<>();

    static {
        java.util.logging.Logger.getLogger("org.fedledger.sdk.progress").addHandler(new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                RETRIES.add(new String[] {Long.toString(System.nanoTime()), r.getMessage()});
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    /** The demo's task, shortened: the hospitals' data, model and seeds are the demo's. */
    private static DemoTask task() {
        return DemoTask.breastCancer(3, ROUNDS);
    }

    /** A running demo task and the times its rounds became final. */
    private final class Run implements AutoCloseable {
        final RoundLines lines = new RoundLines();
        final FederatedDemo demo;
        final ExecutorService runner = Executors.newSingleThreadExecutor(r -> new Thread(r, "faults-demo"));
        final Future<TaskResult> result;

        Run(Path state) {
            demo = FederatedDemo.start((org, user) -> GatewayLedger.open(network.profile(org, user), FaultsIT.this::heard),
                    new PrintStream(lines, true, StandardCharsets.UTF_8), state);
            result = runner.submit(() -> demo.run(task()));
        }

        TaskResult finish() throws Exception {
            return result.get(10, TimeUnit.MINUTES);
        }

        /** Waits until the fault point, or fails with where every thread stands. */
        void awaitFaultPoint() throws InterruptedException {
            if (!lines.faultPoint.await(3, TimeUnit.MINUTES)) {
                if (result.isDone()) {
                    try {
                        result.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        throw new AssertionError("the task failed before round " + FAULT_AFTER_ROUND + " was final",
                                e.getCause());
                    }
                }
                StringBuilder threads = new StringBuilder();
                Thread.getAllStackTraces().forEach((t, stack) -> {
                    threads.append('\n').append(t.getName()).append(' ').append(t.getState());
                    for (int i = 0; i < Math.min(stack.length, 25); i++) {
                        threads.append("\n    at ").append(stack[i]);
                    }
                });
                throw new AssertionError("round " + FAULT_AFTER_ROUND + " did not become final within 3 minutes;"
                        + " threads:" + threads);
            }
        }

        @Override
        public void close() {
            demo.close();
            runner.shutdownNow();
        }
    }

    /** The demo's output, watched for its task id and for each round's line as it is printed. */
    static final class RoundLines extends OutputStream {
        private static final Pattern ROUND = Pattern.compile("^\\s*(\\d+)\\s+\\d\\.\\d{4}\\s");
        private static final Pattern TASK = Pattern.compile("^== (\\S+): ");
        private final StringBuilder line = new StringBuilder();
        final List<Long> finalAt = new CopyOnWriteArrayList<>();
        final CountDownLatch faultPoint = new CountDownLatch(1);
        volatile String taskId;

        @Override
        public synchronized void write(int b) {
            if (b != '\n') {
                line.append((char) b);
                return;
            }
            String text = line.toString();
            line.setLength(0);
            Matcher task = TASK.matcher(text);
            if (task.find()) {
                taskId = task.group(1);
            }
            if (ROUND.matcher(text).find()) {
                finalAt.add(System.nanoTime());
                if (finalAt.size() == FAULT_AFTER_ROUND) {
                    faultPoint.countDown();
                }
            }
        }

        /** @return when the first round after {@code nanos} became final, or -1 */
        long firstFinalAfter(long nanos) {
            return finalAt.stream().filter(t -> t > nanos).findFirst().orElse(-1L);
        }
    }

    @BeforeAll
    static void an_undisturbed_run_of_the_task(@TempDir Path state) throws Exception {
        FaultsIT it = new FaultsIT();
        try (Run run = it.new Run(state)) {
            TaskResult result = run.finish();
            undisturbedFinalHash = finalHash(result);
            undisturbedSlowestRound = slowest(result);
        }
        record("undisturbed: %d rounds, slowest round %d ms, final model %s", ROUNDS, undisturbedSlowestRound,
                undisturbedFinalHash);
    }

    @Test
    @Order(1)
    void the_raft_leader_orderer_dies_mid_task_and_the_task_ends_with_the_undisturbed_model(@TempDir Path state)
            throws Exception {
        try (Run run = new Run(state)) {
            run.awaitFaultPoint();
            NetworkProcess leader = NetworkProcess.raftLeader(network.home(), network.org(1).channel());
            leader.kill();
            long killed = System.nanoTime();
            Thread.sleep(5_000); // the other two elect a leader meanwhile; the old one comes back as a follower
            leader.restart();
            TaskResult result = run.finish();

            assertThat(finalHash(result)).isEqualTo(undisturbedFinalHash);
            assertThat(result.rounds()).hasSize(ROUNDS).allSatisfy(r -> assertThat(r.updates()).isEqualTo(3));
            record("raft leader %s killed after round %d: slowest round %d ms (median %d ms; undisturbed slowest %d ms);"
                    + " next round final %s after the kill; %d resends after a lost commit status, %d progress lines",
                    leader.name(), FAULT_AFTER_ROUND, slowest(result), median(result), undisturbedSlowestRound,
                    seconds(run.lines.firstFinalAfter(killed) - killed), count("sending the same signed transaction"),
                    progress.size());
            timeline(killed);
        }
    }

    @Test
    @Order(2)
    void an_organisations_peer_dies_and_comes_back_and_the_task_ends_with_the_undisturbed_model(@TempDir Path state)
            throws Exception {
        try (Run run = new Run(state)) {
            run.awaitFaultPoint();
            NetworkProcess peer = NetworkProcess.of(network.home(), "peer1");
            peer.kill();
            long killed = System.nanoTime();
            // While Org1's peer is down, Org1's auditor reads the task from another organisation's peer.
            List<Progress> failover = new CopyOnWriteArrayList<>();
            try (FedLedger auditor = FedLedger.open(network.profile(1, "User3"), failover::add)) {
                TaskRecord task = auditor.auditor().task(run.lines.taskId);
                assertThat(task.taskId()).isEqualTo(run.lines.taskId);
            }
            assertThat(failover).anySatisfy(p -> assertThat(p.detail()).contains("Org1MSP's peer")
                    .contains("asked peer 127.0.0.1:"));
            Thread.sleep(3_000); // the peer stays down a while, as a machine that reboots
            peer.restart();
            long restarted = System.nanoTime();
            String ops = peer.environment("CORE_OPERATIONS_LISTENADDRESS").orElseThrow();
            long healthy = awaitHealthy(ops);
            TaskResult result = run.finish();

            assertThat(finalHash(result)).isEqualTo(undisturbedFinalHash);
            long whileDown = run.lines.finalAt.stream().filter(t -> t > killed && t < restarted).count();
            record("peer1 killed after round %d, down %s (%d rounds final meanwhile), restarted: healthy %s after its"
                    + " restart; next round final %s after the restart (%s after the kill); slowest round %d ms"
                    + " (median %d ms); %d progress lines",
                    FAULT_AFTER_ROUND, seconds(restarted - killed), whileDown, seconds(healthy - restarted),
                    seconds(run.lines.firstFinalAfter(restarted) - restarted),
                    seconds(run.lines.firstFinalAfter(restarted) - killed), slowest(result), median(result),
                    progress.size());
            timeline(killed);
        }
    }

    @Test
    @Order(3)
    void an_organisations_chaincode_server_dies_and_comes_back_and_the_task_ends_with_the_undisturbed_model(
            @TempDir Path state) throws Exception {
        try (Run run = new Run(state)) {
            run.awaitFaultPoint();
            NetworkProcess chaincode = NetworkProcess.of(network.home(), "chaincode2");
            chaincode.kill();
            long killed = System.nanoTime();
            chaincode.restart();
            long restarted = System.nanoTime();
            long listening = awaitListening(chaincode.environment("CHAINCODE_SERVER_ADDRESS").orElseThrow());
            TaskResult result = run.finish();

            assertThat(finalHash(result)).isEqualTo(undisturbedFinalHash);
            record("chaincode2 killed after round %d and restarted at once: listening %s after its restart; next round"
                    + " final %s after the restart (%s after it listened); slowest round %d ms (median %d ms);"
                    + " %d progress lines", FAULT_AFTER_ROUND, seconds(listening - restarted),
                    seconds(run.lines.firstFinalAfter(restarted) - restarted),
                    seconds(run.lines.firstFinalAfter(listening) - listening), slowest(result), median(result),
                    progress.size());
            timeline(killed);
        }
    }

    /**
     * After each fault the network is whole again before the next test (or the next test class): every
     * orderer healthy, every peer healthy and knowing the two other peers through gossip, and every
     * organisation's chaincode answering a read.
     */
    @AfterEach
    void the_network_is_whole_again() throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        for (int i = 1; i <= 3; i++) {
            NetworkProcess orderer = NetworkProcess.of(network.home(), "orderer" + i);
            String ops = orderer.environment("ORDERER_OPERATIONS_LISTENADDRESS").orElseThrow();
            while (!NetworkProcess.healthy(ops)) {
                assertThat(System.nanoTime()).as("%s healthy", orderer).isLessThan(until);
                Thread.sleep(200);
            }
        }
        for (int org = 1; org <= 3; org++) {
            String ops = network.org(org).peerOperations();
            while (!NetworkProcess.healthy(ops) || gossipPeersKnown(ops) < 2) {
                assertThat(System.nanoTime()).as("Org%d's peer healthy and in gossip", org).isLessThan(until);
                Thread.sleep(200);
            }
            try (FedLedger member = FedLedger.open(network.profile(org, "User1"), p -> { })) {
                assertThat(member.whoAmI().msp()).isEqualTo("Org" + org + "MSP");
            }
        }
    }

    private long gossipPeersKnown(String operations) {
        String channel = network.org(1).channel();
        for (String line : NetworkProcess.metrics(operations).split("\n")) {
            if (line.startsWith("gossip_membership_total_peers_known{") && line.contains("channel=\"" + channel + "\"")) {
                return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private static long median(TaskResult result) {
        long[] ms = result.rounds().stream().mapToLong(RoundResult::roundMillis).sorted().toArray();
        return ms[ms.length / 2];
    }

    private long count(String detail) {
        return progress.stream().filter(p -> p.detail().contains(detail)).count();
    }

    private static ContentHash finalHash(TaskResult result) {
        return result.rounds().get(result.rounds().size() - 1).modelHash();
    }

    private static long slowest(TaskResult result) {
        return result.rounds().stream().mapToLong(RoundResult::roundMillis).max().orElse(0);
    }

    private static long awaitHealthy(String operations) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!NetworkProcess.healthy(operations) && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        return System.nanoTime();
    }

    private static long awaitListening(String hostPort) throws InterruptedException {
        String[] parts = hostPort.split(":");
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until) {
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(parts[0], Integer.parseInt(parts[1])), 500);
                return System.nanoTime();
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        return System.nanoTime();
    }

    private static String seconds(long nanos) {
        return nanos < 0 ? "never" : String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    private static void record(String format, Object... args) throws java.io.IOException {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println("[faults] " + line);
        Files.createDirectories(TIMES.getParent());
        Files.writeString(TIMES, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}

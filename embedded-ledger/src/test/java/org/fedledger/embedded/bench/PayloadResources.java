package org.fedledger.embedded.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.fedledger.core.json.CanonicalJson;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.core.model.Tensor;
import org.fedledger.embedded.EmbeddedLedger;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.protocol.transaction.TransportLimits;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.fedledger.protocol.key.TransientKeys;

/**
 * Benchmark, not a test: what one transaction costs the embedded ledger (three organisations, two
 * endorsements each, in memory) for the payloads a hostile or an honest member can send: 16 MiB of
 * tiny tensors to a two-tensor task, a 30 MB manifest, an honest update of the largest size a task
 * allows (99 MiB), and 99 MiB of tiny tensors. For each it prints the outcome, the wall time, the bytes
 * every thread of the JVM allocated during the transaction (an upper bound of what it held at once),
 * and the peak of the heap sampled every millisecond above the live heap before it.
 *
 * <pre>{@code
 * java -Xmx4g -cp <embedded-ledger test class path> org.fedledger.embedded.bench.PayloadResources
 * }</pre>
 */
public final class PayloadResources {
    private static final long MIB = 1024 * 1024;

    private PayloadResources() {
    }

    /**
     * @param args optional case names to run (default all): flood16, manifest30, largest, flood99
     * @throws Exception when the set-up fails
     */
    public static void main(String[] args) throws Exception {
        List<String> cases = args.length > 0 ? List.of(args) : List.of("flood16", "manifest30", "largest", "flood99");
        try (EmbeddedLedger ledger = EmbeddedLedger.builder().inMemory().build()) {
            List<String> orgs = ledger.organisations();
            LedgerConnection coordinator = ledger.connect(ledger.organisation(orgs.get(0)).client("coordinator"));
            LedgerConnection aggregator = ledger.connect(ledger.organisation(orgs.get(0)).client("aggregator"));
            LedgerConnection trainer = ledger.connect(ledger.organisation(orgs.get(1)).client("trainer"));
            register(ledger, orgs.get(0), coordinator, "coordinator");
            register(ledger, orgs.get(0), aggregator, "aggregator");
            register(ledger, orgs.get(1), trainer, "trainer");
            Model small = Model.of(List.of(Tensor.of("b", new int[] {2}, new float[2]),
                    Tensor.of("w", new int[] {2, 2}, new float[4])));
            createAndOpen(coordinator, "small", small, orgs);
            if (cases.contains("manifest30")) {
                // A closed round, so that a proposal is judged on its manifest.
                createAndOpen(coordinator, "closed", small, orgs);
                trainer.submit(TransactionName.SUBMIT_UPDATE, List.of("closed", "1", ModelCodec.hash(small).hex(), "10",
                        "0"), chunks(TransientKeys.UPDATE_PREFIX, ModelCodec.encode(small)));
                coordinator.submit(TransactionName.CLOSE_ROUND, List.of("closed", "1"), Map.of());
            }
            int values = (int) ((TransportLimits.MAX_PAYLOAD_BYTES - 64) / Float.BYTES);
            float[] half = new float[values];
            java.util.Arrays.fill(half, 0.5f);
            Model largest = Model.of(List.of(Tensor.of("w", new int[] {values}, half)));
            half = null;
            if (cases.contains("largest")) {
                createAndOpen(coordinator, "largest", Model.of(List.of(Tensor.of("w", new int[] {values},
                        new float[values]))), orgs);
            }
            System.out.printf(Locale.ROOT, "%-11s %-10s %-26s %9s %14s %16s%n", "case", "payload", "outcome", "ms",
                    "allocated MiB", "heap peak MiB");
            for (String c : cases) {
                switch (c) {
                    case "flood16" -> {
                        byte[] flood = tinyTensors(16 * MIB);
                        measure(c, flood.length, () -> trainer.submit(TransactionName.SUBMIT_UPDATE, List.of("small", "1",
                                ContentHash.of(flood).hex(), "10", "0"), chunks(TransientKeys.UPDATE_PREFIX, flood)));
                    }
                    case "manifest30" -> {
                        String manifest = "{\"inputs\":[" + "{},".repeat(10_000_000) + "{}]}";
                        measure(c, manifest.length(), () -> aggregator.submit(TransactionName.PROPOSE_MODEL,
                                List.of("closed", "1", manifest), chunks(TransientKeys.MODEL_PREFIX, ModelCodec.encode(small))));
                    }
                    case "largest" -> {
                        byte[] update = ModelCodec.encode(largest);
                        String hash = ModelCodec.hash(largest).hex();
                        measure(c, update.length, () -> trainer.submit(TransactionName.SUBMIT_UPDATE,
                                List.of("largest", "1", hash, "10", "0"), chunks(TransientKeys.UPDATE_PREFIX, update)));
                    }
                    case "flood99" -> {
                        byte[] flood = tinyTensors(TransportLimits.MAX_PAYLOAD_BYTES);
                        measure(c, flood.length, () -> trainer.submit(TransactionName.SUBMIT_UPDATE, List.of("small", "1",
                                ContentHash.of(flood).hex(), "10", "0"), chunks(TransientKeys.UPDATE_PREFIX, flood)));
                    }
                    default -> throw new IllegalArgumentException("unknown case " + c);
                }
            }
        }
    }

    private static void measure(String name, long payload, Runnable transaction) throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long live = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(live);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        long allocatedBefore = allocatedByAllThreads();
        long start = System.nanoTime();
        String outcome;
        try {
            transaction.run();
            outcome = "committed";
        } catch (OutOfMemoryError e) {
            outcome = "OutOfMemoryError";
        } catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            outcome = message.replaceAll("^.*?([A-Z_]{6,}):.*$", "$1");
            if (outcome.length() > 26) {
                outcome = e.getClass().getSimpleName();
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        long allocated = allocatedByAllThreads() - allocatedBefore;
        running.set(false);
        sampler.join();
        System.out.printf(Locale.ROOT, "%-11s %6.1f MiB %-26s %9d %14.1f %16.1f%n", name, payload / (double) MIB,
                outcome, millis, allocated / (double) MIB, (peak.get() - live) / (double) MIB);
    }

    private static long allocatedByAllThreads() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            total += Math.max(0, bytes);
        }
        return total;
    }

    /** About {@code bytes} of one-value tensors (the same one repeated: refused whatever it holds). */
    private static byte[] tinyTensors(long bytes) {
        byte[] one = ModelCodec.encode(Model.of(List.of(Tensor.of("t", new int[0], new float[] {1f}))));
        byte[] flood = new byte[(int) (bytes / one.length * one.length)];
        for (int at = 0; at < flood.length; at += one.length) {
            System.arraycopy(one, 0, flood, at, one.length);
        }
        return flood;
    }

    private static Map<String, byte[]> chunks(String prefix, byte[] bytes) {
        // The SDK's chunking (1 MiB chunks, keys prefix0..prefixN-1), without depending on the SDK.
        Map<String, byte[]> out = new TreeMap<>();
        int size = 1 << 20;
        for (int i = 0, at = 0; at < bytes.length || i == 0; i++, at += size) {
            out.put(prefix + i, java.util.Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + size)));
        }
        return out;
    }

    private static void register(EmbeddedLedger ledger, String msp, LedgerConnection member, String role) {
        ledger.connect(ledger.organisation(msp).admin()).submit(TransactionName.REGISTER_PARTICIPANT,
                List.of(member.identity().certificatePem(), role), Map.of());
    }

    private static void createAndOpen(LedgerConnection coordinator, String taskId, Model initial, List<String> orgs) {
        List<Map<String, Object>> schema = new ArrayList<>();
        for (Tensor t : initial.tensors()) {
            List<Integer> shape = new ArrayList<>();
            for (int d : t.spec().shape()) {
                shape.add(d);
            }
            schema.add(Map.of("name", t.name(), "shape", shape));
        }
        Map<String, Object> task = new TreeMap<>();
        task.put("taskId", taskId);
        task.put("schema", schema);
        task.put("rule", Map.of("name", "fedavg", "params", Map.of()));
        task.put("minUpdates", 1);
        task.put("maxUpdates", 10);
        task.put("attestationQuorum", 2);
        task.put("roundDurationSeconds", 3600);
        task.put("maxSamples", 1_000_000);
        task.put("maxPayloadBytes", TransportLimits.MAX_PAYLOAD_BYTES);
        task.put("allowedOrgs", orgs);
        coordinator.submit(TransactionName.CREATE_TASK, List.of(CanonicalJson.toJson(task)),
                chunks(TransientKeys.MODEL_PREFIX, ModelCodec.encode(initial)));
        coordinator.submit(TransactionName.OPEN_ROUND, List.of(taskId), Map.of());
    }
}

package org.fedledger.chaincode.bench;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fedledger.chaincode.Consortium;
import org.fedledger.chaincode.contract.FedLedgerContext;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.core.model.Tensor;
import org.fedledger.protocol.key.TransientKeys;
import org.fedledger.protocol.transaction.TransportLimits;

/**
 * Benchmark, not a test: the bytes the chaincode itself allocates for one {@code submitUpdate}, on
 * the thread that runs it, as a peer's chaincode server runs it (the transient data already in
 * hand): an honest update of the largest size a task allows (99 MiB), and floods of one-value
 * tensors sent to a two-tensor task. What a transaction allocates bounds from above what it holds
 * at once. The stub copies each chunk it stores, as the shim does when it sends a write to the
 * peer: that copy is one payload of the accepted update's figure.
 *
 * <pre>{@code
 * java -Xmx6g -cp <chaincode test class path> org.fedledger.chaincode.bench.ChaincodeMemory
 * }</pre>
 */
public final class ChaincodeMemory {
    private static final long MIB = 1024 * 1024;

    private ChaincodeMemory() {
    }

    /**
     * @param args optional case names (default all): largest, flood16, flood99
     */
    public static void main(String[] args) {
        List<String> cases = args.length > 0 ? List.of(args) : List.of("largest", "flood16", "flood99");
        System.out.printf(Locale.ROOT, "%-9s %10s %-24s %8s %15s %10s%n", "case", "payload", "outcome", "ms",
                "allocated MiB", "x payload");
        for (String c : cases) {
            Consortium net = Consortium.fresh();
            net.registered();
            byte[] payload;
            String task;
            if (c.equals("largest")) {
                int values = (int) ((TransportLimits.MAX_PAYLOAD_BYTES - 64) / Float.BYTES);
                byte[] initial = ModelCodec.encode(Model.of(List.of(Tensor.of("w", new int[] {values},
                        new float[values]))));
                String json = Consortium.taskJson(Map.of("taskId", "big", "schema", List.of(Map.of("name", "w",
                        "shape", List.of(values))), "maxPayloadBytes", TransportLimits.MAX_PAYLOAD_BYTES));
                net.submit(net.coordinator, Consortium.chunks(TransientKeys.MODEL_PREFIX, initial, 99),
                        t -> t.c().createTask(t.ctx(), json));
                float[] half = new float[values];
                java.util.Arrays.fill(half, 0.5f);
                payload = ModelCodec.encode(Model.of(List.of(Tensor.of("w", new int[] {values}, half))));
                task = "big";
            } else {
                net.withTask(Consortium.taskJson(Map.of("maxPayloadBytes", TransportLimits.MAX_PAYLOAD_BYTES)));
                payload = tinyTensors(c.equals("flood16") ? 16 * MIB : TransportLimits.MAX_PAYLOAD_BYTES);
                task = Consortium.TASK;
            }
            net.submit(net.coordinator, t -> t.c().openRound(t.ctx(), task));
            String hash = ContentHash.of(payload).hex();
            long[] allocated = new long[1];
            long[] millis = new long[1];
            String outcome;
            try {
                net.submit(net.trainer1, Consortium.chunks(TransientKeys.UPDATE_PREFIX, payload, 99), t -> {
                    FedLedgerContext ctx = t.ctx(); // the stub hands out the transient data here
                    long before = allocatedByThisThread();
                    long start = System.nanoTime();
                    try {
                        return t.c().submitUpdate(ctx, task, "1", hash, "10", "0");
                    } finally {
                        millis[0] = (System.nanoTime() - start) / 1_000_000;
                        allocated[0] = allocatedByThisThread() - before;
                    }
                });
                outcome = "accepted";
            } catch (OutOfMemoryError e) {
                outcome = "OutOfMemoryError";
            } catch (RuntimeException e) {
                String m = String.valueOf(e.getMessage());
                outcome = m.contains(":") ? m.substring(0, m.indexOf(':')) : e.getClass().getSimpleName();
            }
            System.out.printf(Locale.ROOT, "%-9s %6.1f MiB %-24s %8d %15.1f %10.2f%n", c, payload.length / (double) MIB,
                    outcome, millis[0], allocated[0] / (double) MIB, allocated[0] / (double) payload.length);
        }
    }

    private static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static byte[] tinyTensors(long bytes) {
        byte[] one = ModelCodec.encode(Model.of(List.of(Tensor.of("t", new int[0], new float[] {1f}))));
        byte[] flood = new byte[(int) (bytes / one.length * one.length)];
        for (int at = 0; at < flood.length; at += one.length) {
            System.arraycopy(one, 0, flood, at, one.length);
        }
        return flood;
    }
}

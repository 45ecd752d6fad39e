package org.fedledger.protocol.testing;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fedledger.core.json.CanonicalJson;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.Tensor;

/**
 * The tests' standard task, written once for every module's tests (published in ledger-protocol's
 * test-jar): a two-tensor schema ({@code dense/kernel} 2x2, {@code dense/bias} 2), FedAvg, 2 to 3
 * updates, an attestation quorum of 2, 600-second rounds, at most 100,000 samples and 4,096 payload
 * bytes, open to Org1MSP, Org2MSP and Org3MSP; and models of that schema derived from a seed.
 *
 * <pre>{@code
 * String json = StandardTask.json("mnist", Map.of("roundDurationSeconds", 2));
 * byte[] initial = ModelCodec.encode(StandardTask.model(0f));
 * }</pre>
 */
public final class StandardTask {
    /** The organisations the standard task is open to. */
    public static final List<String> ORGANISATIONS = List.of("Org1MSP", "Org2MSP", "Org3MSP");
    /** How long a round of the standard task stays open. */
    public static final long ROUND_DURATION_SECONDS = 600;

    private StandardTask() {
    }

    /** @return the standard task's fields with id {@code taskId}, sorted, in a map the caller may change */
    public static Map<String, Object> fields(String taskId) {
        Map<String, Object> task = new TreeMap<>();
        task.put("taskId", taskId);
        task.put("schema", List.of(Map.of("name", "dense/kernel", "shape", List.of(2, 2)),
                Map.of("name", "dense/bias", "shape", List.of(2))));
        task.put("rule", Map.of("name", "fedavg", "params", Map.of()));
        task.put("minUpdates", 2);
        task.put("maxUpdates", 3);
        task.put("attestationQuorum", 2);
        task.put("roundDurationSeconds", ROUND_DURATION_SECONDS);
        task.put("maxSamples", 100_000);
        task.put("maxPayloadBytes", 4096);
        task.put("allowedOrgs", ORGANISATIONS);
        return task;
    }

    /**
     * @return the standard task's canonical JSON with {@code changes} applied (a null value removes
     *     the field), as {@code createTask} takes it
     */
    public static String json(String taskId, Map<String, ?> changes) {
        Map<String, Object> task = fields(taskId);
        changes.forEach((k, v) -> {
            if (v == null) {
                task.remove(k);
            } else {
                task.put(k, v);
            }
        });
        return CanonicalJson.toJson(task);
    }

    /** @return a model of the standard schema whose values derive from {@code seed} */
    public static Model model(float seed) {
        return Model.of(List.of(
                Tensor.of("dense/kernel", new int[] {2, 2}, new float[] {seed, seed + 1, seed + 2, seed + 3}),
                Tensor.of("dense/bias", new int[] {2}, new float[] {seed / 2, -seed})));
    }
}

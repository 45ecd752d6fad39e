package org.fedledger.chaincode.tasks;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.fedledger.chaincode.errors.Arguments;
import org.fedledger.chaincode.errors.FedLedgerException;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.json.CanonicalJson;
import org.fedledger.core.model.ModelFormatException;
import org.fedledger.core.model.ModelSchema;
import org.fedledger.core.model.TensorSpec;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.record.RuleRecord;
import org.fedledger.protocol.record.TensorSpecRecord;
import org.fedledger.protocol.transaction.TransportLimits;

/**
 * The {@code taskJson} argument of {@code createTask}, parsed strictly: unknown, missing or
 * duplicated fields are refused, and every field is range-checked with an
 * {@link ErrorCode#INVALID_ARGUMENT} naming it.
 *
 * <pre>{@code
 * {"taskId":"mnist","schema":[{"name":"w","shape":[784,10]},{"name":"b","shape":[10]}],
 *  "rule":{"name":"fedavg","params":{}},"minUpdates":2,"maxUpdates":10,"attestationQuorum":2,
 *  "roundDurationSeconds":600,"maxSamples":100000,"maxPayloadBytes":1048576,
 *  "allowedOrgs":["Org1MSP","Org2MSP","Org3MSP"]}
 * }</pre>
 *
 * @param taskId 1-64 characters of {@code [A-Za-z0-9_-]}
 * @param schema tensor specs, sorted by name
 * @param rule validated rule and parameters
 * @param minUpdates {@code 1 <= minUpdates <= maxUpdates}, and at least the rule's minimum inputs
 * @param maxUpdates at most {@link #MAX_UPDATES}
 * @param attestationQuorum {@code 2 <= quorum <= allowedOrgs.size()}
 * @param roundDurationSeconds 1 to {@link #MAX_DURATION_SECONDS}
 * @param maxSamples 1 to {@link #MAX_SAMPLES}
 * @param maxPayloadBytes {@link #MIN_PAYLOAD_BYTES} to {@link #MAX_PAYLOAD_BYTES}
 * @param allowedOrgs MSP ids, sorted, no duplicates
 */
public record TaskDefinition(String taskId, ModelSchema schema, RuleSpec rule, int minUpdates, int maxUpdates,
        int attestationQuorum, long roundDurationSeconds, long maxSamples, long maxPayloadBytes, List<String> allowedOrgs) {
    /** Most updates a round may accept. */
    public static final int MAX_UPDATES = 10_000;
    /** Largest declared sample count (keeps FedAvg's total within a long). */
    public static final long MAX_SAMPLES = 1_000_000_000_000L;
    /** Longest round: one year. */
    public static final long MAX_DURATION_SECONDS = 366L * 24 * 3600;
    /** Smallest allowed payload limit. */
    public static final long MIN_PAYLOAD_BYTES = 1024;
    /** Hard cap on any payload: what one transaction can carry ({@link TransportLimits#MAX_PAYLOAD_BYTES}, 99 MiB). */
    public static final long MAX_PAYLOAD_BYTES = TransportLimits.MAX_PAYLOAD_BYTES;

    private static final Set<String> FIELDS = Set.of("taskId", "schema", "rule", "minUpdates", "maxUpdates",
            "attestationQuorum", "roundDurationSeconds", "maxSamples", "maxPayloadBytes", "allowedOrgs");

    /**
     * Copies the org list.
     *
     * @param taskId 1-64 characters of {@code [A-Za-z0-9_-]}
     * @param schema tensor specs, sorted by name
     * @param rule validated rule and parameters
     * @param minUpdates {@code 1 <= minUpdates <= maxUpdates}, and at least the rule's minimum inputs
     * @param maxUpdates at most {@link #MAX_UPDATES}
     * @param attestationQuorum {@code 2 <= quorum <= allowedOrgs.size()}
     * @param roundDurationSeconds 1 to {@link #MAX_DURATION_SECONDS}
     * @param maxSamples 1 to {@link #MAX_SAMPLES}
     * @param maxPayloadBytes {@link #MIN_PAYLOAD_BYTES} to {@link #MAX_PAYLOAD_BYTES}
     * @param allowedOrgs MSP ids, sorted, no duplicates
     */
    public TaskDefinition {
        allowedOrgs = List.copyOf(allowedOrgs);
    }

    /**
     * @param json the task definition as JSON (the {@code taskJson} argument)
     * @return the validated definition
     * @throws org.fedledger.chaincode.errors.FedLedgerException {@link ErrorCode#INVALID_ARGUMENT} naming the field
     */
    public static TaskDefinition parse(String json) {
        JsonObject o = object("taskJson", parseTree(json));
        for (String name : new TreeSet<>(o.keySet())) {
            if (!FIELDS.contains(name)) {
                throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson." + name, "taskJson has unknown field " + Arguments.shown(name)
                        + "; allowed fields: " + new TreeSet<>(FIELDS));
            }
        }
        for (String name : new TreeSet<>(FIELDS)) {
            if (!o.has(name)) {
                throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson." + name, "taskJson is missing field '" + name + "'");
            }
        }
        String taskId = Arguments.taskId(string("taskId", o.get("taskId")));
        ModelSchema schema = schema(o.get("schema"));
        RuleSpec rule = rule(o.get("rule"));
        int maxUpdates = (int) integer("maxUpdates", o.get("maxUpdates"), 1, MAX_UPDATES);
        int minUpdates = (int) integer("minUpdates", o.get("minUpdates"), 1, maxUpdates);
        int ruleMinimum = rule.rule().minimumInputs(rule);
        if (minUpdates < ruleMinimum) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson.minUpdates", "minUpdates " + minUpdates + " is below the "
                    + ruleMinimum + " updates rule " + rule.rule().wireName() + " needs with " + rule.params()
                    + "; a round with fewer could never be aggregated");
        }
        List<String> orgs = orgs(o.get("allowedOrgs"));
        int quorum = (int) integer("attestationQuorum", o.get("attestationQuorum"), 2, Math.max(2, orgs.size()));
        if (quorum > orgs.size()) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson.attestationQuorum", "attestationQuorum " + quorum + " exceeds the " + orgs.size()
                    + " allowedOrgs; at least 2 organisations are needed so that no single one makes a model final");
        }
        long duration = integer("roundDurationSeconds", o.get("roundDurationSeconds"), 1, MAX_DURATION_SECONDS);
        long maxSamples = integer("maxSamples", o.get("maxSamples"), 1, MAX_SAMPLES);
        long maxPayload = integer("maxPayloadBytes", o.get("maxPayloadBytes"), MIN_PAYLOAD_BYTES, MAX_PAYLOAD_BYTES);
        return new TaskDefinition(taskId, schema, rule, minUpdates, maxUpdates, quorum, duration, maxSamples, maxPayload, orgs);
    }

    /** @return the schema as stored in the task record */
    public List<TensorSpecRecord> schemaRecord() {
        List<TensorSpecRecord> out = new ArrayList<>();
        for (TensorSpec spec : schema.tensors()) {
            List<Integer> shape = new ArrayList<>();
            for (int d : spec.shape()) {
                shape.add(d);
            }
            out.add(new TensorSpecRecord(spec.name(), shape));
        }
        return out;
    }

    /** @return the rule as stored in the task record */
    public RuleRecord ruleRecord() {
        return new RuleRecord(rule.rule().wireName(), rule.params());
    }

    private static ModelSchema schema(JsonElement e) {
        JsonArray array = array("schema", e);
        if (array.isEmpty() || array.size() > 1024) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson.schema", "schema must list 1-1024 tensors, had " + array.size());
        }
        List<TensorSpec> specs = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String field = "schema[" + i + "]";
            JsonObject t = object(field, array.get(i));
            if (!t.keySet().equals(Set.of("name", "shape"))) {
                throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson." + field, field + " must have exactly the fields name and shape");
            }
            String name = string(field + ".name", t.get("name"));
            JsonArray dims = array(field + ".shape", t.get("shape"));
            int[] shape = new int[dims.size()];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = (int) integer(field + ".shape[" + d + "]", dims.get(d), 1, Integer.MAX_VALUE);
            }
            try {
                specs.add(TensorSpec.of(name, shape));
            } catch (ModelFormatException ex) {
                throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson." + field, field + ": " + ex.getMessage());
            }
        }
        try {
            return ModelSchema.of(specs);
        } catch (ModelFormatException ex) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson.schema", "schema: " + ex.getMessage());
        }
    }

    private static RuleSpec rule(JsonElement e) {
        JsonObject r = object("rule", e);
        if (!r.keySet().equals(Set.of("name", "params"))) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson.rule", "rule must have exactly the fields name and params");
        }
        String name = string("rule.name", r.get("name"));
        JsonObject p = object("rule.params", r.get("params"));
        Map<String, String> params = new TreeMap<>();
        for (String key : new TreeSet<>(p.keySet())) {
            params.put(key, string("rule.params." + key, p.get(key)));
        }
        try {
            return RuleSpec.of(RuleName.fromWireName(name), params);
        } catch (IllegalArgumentException ex) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson.rule", "rule: " + ex.getMessage());
        }
    }

    private static List<String> orgs(JsonElement e) {
        JsonArray array = array("allowedOrgs", e);
        if (array.isEmpty() || array.size() > 256) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson.allowedOrgs", "allowedOrgs must list 1-256 MSP ids, had " + array.size());
        }
        TreeSet<String> orgs = new TreeSet<>();
        for (int i = 0; i < array.size(); i++) {
            String msp = Arguments.mspId("allowedOrgs[" + i + "]", string("allowedOrgs[" + i + "]", array.get(i)));
            if (!orgs.add(msp)) {
                throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson.allowedOrgs", "allowedOrgs lists " + msp + " twice");
            }
        }
        return new ArrayList<>(orgs);
    }

    private static JsonElement parseTree(String json) {
        if (json == null) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson", "taskJson is missing");
        }
        try {
            return CanonicalJson.parse(json);
        } catch (IllegalArgumentException e) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson", "taskJson: " + e.getMessage());
        }
    }

    private static JsonObject object(String field, JsonElement e) {
        if (e == null || !e.isJsonObject()) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson." + field, field + " must be a JSON object");
        }
        return e.getAsJsonObject();
    }

    private static JsonArray array(String field, JsonElement e) {
        if (e == null || !e.isJsonArray()) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson." + field, field + " must be a JSON array");
        }
        return e.getAsJsonArray();
    }

    private static String string(String field, JsonElement e) {
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson." + field, field + " must be a JSON string");
        }
        return e.getAsString();
    }

    private static long integer(String field, JsonElement e, long min, long max) {
        if (e == null || !e.isJsonPrimitive() || !((JsonPrimitive) e).isNumber()) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson." + field, field + " must be a JSON number");
        }
        BigDecimal value = e.getAsBigDecimal();
        if (value.scale() != 0) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson." + field, field + " must be a whole number without fraction or exponent, was "
                    + value);
        }
        if (value.compareTo(BigDecimal.valueOf(min)) < 0 || value.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson." + field, field + " must be between " + min + " and " + max + ", was " + value);
        }
        return value.longValueExact();
    }
}

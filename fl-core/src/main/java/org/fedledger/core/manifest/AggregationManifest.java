package org.fedledger.core.manifest;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.json.CanonicalJson;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.ModelFormatException;

/**
 * How one global model was computed: the task and round, the model the round started from, the
 * rule and its parameters, every accepted update used (with its weight) or left out (with the
 * reason), and the hash of the output. An aggregator proposes it, the chaincode checks it against
 * the closed round, and every verifier recomputes the output from it bit for bit.
 *
 * <p>Canonical form: inputs and exclusions sorted by {@code updateKey} ({@link String#compareTo});
 * an update key appears at most once across both lists; at least one input. The manifest's
 * identity is {@link #hash()}, the SHA-256 of {@link #toJson()}, which is canonical JSON:
 *
 * <pre>{@code
 * {"baseModelHash":"<64 hex>","exclusions":[{"contributor":"...","hash":"<64 hex>","reason":"krum_rejected",
 *  "updateKey":"..."}],"inputs":[{"contributor":"...","hash":"<64 hex>","sampleCount":120,"updateKey":"...",
 *  "weightDenominator":300,"weightNumerator":120}],"outputHash":"<64 hex>","round":3,
 *  "rule":{"name":"fedavg","params":{}},"taskId":"mnist"}
 * }</pre>
 * (one line, no whitespace).
 *
 * <pre>{@code
 * AggregationManifest manifest = AggregationManifest.builder()
 *         .taskId("mnist").round(3).baseModelHash(base).rule(RuleSpec.of(RuleName.FEDAVG))
 *         .addInput(new ManifestInput(key, contributor, updateHash, 120, 120, 300))
 *         .outputHash(ModelCodec.hash(output))
 *         .build();
 * String json = manifest.toJson();
 * AggregationManifest same = AggregationManifest.fromJson(json);
 * }</pre>
 */
public final class AggregationManifest {
    private static final Set<String> FIELDS =
            Set.of("taskId", "round", "baseModelHash", "rule", "inputs", "exclusions", "outputHash");
    private static final Set<String> RULE_FIELDS = Set.of("name", "params");
    private static final Set<String> INPUT_FIELDS = Set.of("updateKey", "contributor", "hash", "sampleCount",
            "weightNumerator", "weightDenominator");
    private static final Set<String> EXCLUSION_FIELDS = Set.of("updateKey", "contributor", "hash", "reason");

    private final String taskId;
    private final long round;
    private final ContentHash baseModelHash;
    private final RuleSpec rule;
    private final List<ManifestInput> inputs;
    private final List<ManifestExclusion> exclusions;
    private final ContentHash outputHash;
    private final String json;
    private final ContentHash hash;

    private AggregationManifest(Builder b, List<ManifestInput> inputs, List<ManifestExclusion> exclusions) {
        this.taskId = b.taskId;
        this.round = b.round;
        this.baseModelHash = b.baseModelHash;
        this.rule = b.rule;
        this.inputs = List.copyOf(inputs);
        this.exclusions = List.copyOf(exclusions);
        this.outputHash = b.outputHash;
        this.json = CanonicalJson.toJson(toTree());
        this.hash = ContentHash.of(json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Starts a manifest.
     *
     * <pre>{@code
     * AggregationManifest.Builder builder = AggregationManifest.builder().taskId("mnist").round(1);
     * }</pre>
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the task id */
    public String taskId() {
        return taskId;
    }

    /** @return the round number, at least 1 */
    public long round() {
        return round;
    }

    /** @return the hash of the global model the round started from */
    public ContentHash baseModelHash() {
        return baseModelHash;
    }

    /** @return the aggregation rule and its parameters */
    public RuleSpec rule() {
        return rule;
    }

    /** @return the updates used, sorted by update key; unmodifiable, never empty */
    public List<ManifestInput> inputs() {
        return inputs;
    }

    /** @return the updates left out, sorted by update key; unmodifiable, possibly empty */
    public List<ManifestExclusion> exclusions() {
        return exclusions;
    }

    /** @return the hash of the aggregated model's canonical encoding */
    public ContentHash outputHash() {
        return outputHash;
    }

    /**
     * The canonical JSON of this manifest (see the class description): what is stored on the ledger
     * and hashed.
     *
     * <pre>{@code
     * String manifestJson = manifest.toJson(); // argument of proposeModel
     * }</pre>
     *
     * @return the canonical JSON text
     */
    public String toJson() {
        return json;
    }

    /**
     * The manifest's identity on the ledger.
     *
     * <pre>{@code
     * ContentHash manifestHash = manifest.hash(); // = ContentHash.of(manifest.toJson().getBytes(UTF_8))
     * }</pre>
     *
     * @return the SHA-256 of the UTF-8 bytes of {@link #toJson()}
     */
    public ContentHash hash() {
        return hash;
    }

    /**
     * Reads a manifest strictly: strict JSON (see {@link CanonicalJson#parse(String)}), every field
     * present with the right type, no unknown field at any level, every value valid. Key order,
     * whitespace and the order of the input and exclusion arrays do not matter; the result is always
     * canonical, so {@code fromJson(s).toJson()} equals {@code s} exactly when {@code s} is canonical.
     *
     * <pre>{@code
     * AggregationManifest manifest = AggregationManifest.fromJson(manifestJson);
     * boolean canonical = manifest.toJson().equals(manifestJson);
     * }</pre>
     *
     * @param json the manifest JSON
     * @return the manifest
     * @throws ManifestFormatException for anything wrong, naming the field ({@code "$"} for malformed
     *     JSON or a document that is not an object)
     */
    public static AggregationManifest fromJson(String json) {
        Objects.requireNonNull(json, "json");
        JsonElement tree;
        try {
            tree = CanonicalJson.parse(json);
        } catch (IllegalArgumentException e) {
            throw new ManifestFormatException("$", e.getMessage(), e);
        }
        JsonObject root = object(tree, "$");
        fields(root, "", FIELDS);
        Builder builder = builder()
                .taskId(string(root, "", "taskId"))
                .round(integer(root, "", "round"))
                .baseModelHash(hash(root, "", "baseModelHash"))
                .rule(rule(object(root.get("rule"), "rule")))
                .outputHash(hash(root, "", "outputHash"));
        builder.inputs(array(root, "inputs", (path, o) -> {
            fields(o, path, INPUT_FIELDS);
            return new ManifestInput(string(o, path, "updateKey"), string(o, path, "contributor"), hash(o, path,
                    "hash"),
                    integer(o, path, "sampleCount"), integer(o, path, "weightNumerator"),
                    integer(o, path, "weightDenominator"));
        }));
        builder.exclusions(array(root, "exclusions", (path, o) -> {
            fields(o, path, EXCLUSION_FIELDS);
            return new ManifestExclusion(string(o, path, "updateKey"), string(o, path, "contributor"),
                    hash(o, path, "hash"), string(o, path, "reason"));
        }));
        return builder.build();
    }

    private JsonObject toTree() {
        JsonObject root = new JsonObject();
        root.addProperty("taskId", taskId);
        root.addProperty("round", round);
        root.addProperty("baseModelHash", baseModelHash.hex());
        JsonObject ruleJson = new JsonObject();
        ruleJson.addProperty("name", rule.rule().wireName());
        JsonObject params = new JsonObject();
        rule.params().forEach(params::addProperty);
        ruleJson.add("params", params);
        root.add("rule", ruleJson);
        JsonArray in = new JsonArray();
        for (ManifestInput i : inputs) {
            JsonObject o = new JsonObject();
            o.addProperty("updateKey", i.updateKey());
            o.addProperty("contributor", i.contributor());
            o.addProperty("hash", i.hash().hex());
            o.addProperty("sampleCount", i.sampleCount());
            o.addProperty("weightNumerator", i.weightNumerator());
            o.addProperty("weightDenominator", i.weightDenominator());
            in.add(o);
        }
        root.add("inputs", in);
        JsonArray ex = new JsonArray();
        for (ManifestExclusion e : exclusions) {
            JsonObject o = new JsonObject();
            o.addProperty("updateKey", e.updateKey());
            o.addProperty("contributor", e.contributor());
            o.addProperty("hash", e.hash().hex());
            o.addProperty("reason", e.reason());
            ex.add(o);
        }
        root.add("exclusions", ex);
        root.addProperty("outputHash", outputHash.hex());
        return root;
    }

    // ---- strict reading helpers; every failure names its field

    private static String path(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    private static JsonObject object(JsonElement element, String path) {
        if (element == null || !element.isJsonObject()) {
            throw new ManifestFormatException(path, "must be a JSON object, was " + CanonicalJson.kind(element));
        }
        return element.getAsJsonObject();
    }

    private static void fields(JsonObject object, String prefix, Set<String> expected) {
        for (String key : new TreeMap<>(object.asMap()).keySet()) {
            if (!expected.contains(key)) {
                throw new ManifestFormatException(path(prefix, key), "unknown field; expected only "
                        + sortedNames(expected).keySet());
            }
        }
        for (String key : sortedNames(expected).keySet()) {
            if (!object.has(key)) {
                throw new ManifestFormatException(path(prefix, key), "is required");
            }
        }
    }

    private static TreeMap<String, Object> sortedNames(Set<String> names) {
        TreeMap<String, Object> sorted = new TreeMap<>();
        names.forEach(n -> sorted.put(n, ""));
        return sorted;
    }

    private static String string(JsonObject object, String prefix, String name) {
        JsonElement e = object.get(name);
        if (!(e instanceof JsonPrimitive p) || !p.isString()) {
            throw new ManifestFormatException(path(prefix, name), "must be a string, was " + CanonicalJson.kind(e));
        }
        return p.getAsString();
    }

    private static long integer(JsonObject object, String prefix, String name) {
        JsonElement e = object.get(name);
        if (!(e instanceof JsonPrimitive p) || !p.isNumber()) {
            throw new ManifestFormatException(path(prefix, name), "must be an integer, was " + CanonicalJson.kind(e));
        }
        BigInteger value = p.getAsBigInteger();
        if (value.bitLength() > 63) {
            throw new ManifestFormatException(path(prefix, name), "integer " + Checks.abbreviate(value.toString())
                    + " is out of range (64-bit signed)");
        }
        return value.longValue();
    }

    private static ContentHash hash(JsonObject object, String prefix, String name) {
        String hex = string(object, prefix, name);
        try {
            return ContentHash.parse(hex);
        } catch (ModelFormatException e) {
            throw new ManifestFormatException(path(prefix, name), e.getMessage(), e);
        }
    }

    private static RuleSpec rule(JsonObject rule) {
        fields(rule, "rule", RULE_FIELDS);
        RuleName name;
        try {
            name = RuleName.fromWireName(string(rule, "rule", "name"));
        } catch (ManifestFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ManifestFormatException("rule.name", e.getMessage(), e);
        }
        JsonObject paramsJson = object(rule.get("params"), "rule.params");
        Map<String, String> params = new TreeMap<>();
        for (String key : new TreeMap<>(paramsJson.asMap()).keySet()) {
            params.put(key, string(paramsJson, "rule.params", key));
        }
        try {
            return RuleSpec.of(name, params);
        } catch (IllegalArgumentException e) {
            throw new ManifestFormatException("rule.params", e.getMessage(), e);
        }
    }

    private interface ElementReader<T> {
        T read(String path, JsonObject object);
    }

    private static <T> List<T> array(JsonObject root, String name, ElementReader<T> reader) {
        JsonElement e = root.get(name);
        if (e == null || !e.isJsonArray()) {
            throw new ManifestFormatException(name, "must be a JSON array, was " + CanonicalJson.kind(e));
        }
        JsonArray array = e.getAsJsonArray();
        List<T> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            String path = name + "[" + i + "]";
            try {
                out.add(reader.read(path, object(array.get(i), path)));
            } catch (ManifestFormatException ex) {
                if (ex.field().startsWith(path)) {
                    throw ex;
                }
                // thrown by a record's own checks, which name the component only
                throw new ManifestFormatException(path + "." + ex.field(),
                        ex.getMessage().substring(ex.field().length() + 2), ex);
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AggregationManifest other && json.equals(other.json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return "AggregationManifest{taskId=" + taskId + ", round=" + round + ", baseModelHash=" + baseModelHash
                + ", rule=" + rule + ", inputs=" + inputs + ", exclusions=" + exclusions + ", outputHash=" + outputHash
                + ", hash=" + hash + "}";
    }

    /**
     * Builds an {@link AggregationManifest}; each setter checks its argument at once.
     *
     * <pre>{@code
     * AggregationManifest manifest = AggregationManifest.builder()
     *         .taskId("mnist").round(3).baseModelHash(base).rule(rule)
     *         .inputs(inputs).exclusions(rejected).outputHash(output)
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        private String taskId;
        private long round;
        private ContentHash baseModelHash;
        private RuleSpec rule;
        private final List<ManifestInput> inputs = new ArrayList<>();
        private final List<ManifestExclusion> exclusions = new ArrayList<>();
        private ContentHash outputHash;

        private Builder() {
        }

        /**
         * @param taskId the task id, 1-4096 characters
         * @return this builder
         * @throws NullPointerException for null
         * @throws ManifestFormatException naming {@code taskId} when empty or too long
         */
        public Builder taskId(String taskId) {
            this.taskId = Checks.text("taskId", taskId);
            return this;
        }

        /**
         * @param round the round number, at least 1
         * @return this builder
         * @throws ManifestFormatException naming {@code round} when below 1
         */
        public Builder round(long round) {
            this.round = Checks.atLeast("round", round, 1);
            return this;
        }

        /**
         * @param baseModelHash hash of the global model the round started from
         * @return this builder
         * @throws NullPointerException for null
         */
        public Builder baseModelHash(ContentHash baseModelHash) {
            this.baseModelHash = Objects.requireNonNull(baseModelHash, "baseModelHash");
            return this;
        }

        /**
         * @param rule the task's aggregation rule and parameters
         * @return this builder
         * @throws NullPointerException for null
         */
        public Builder rule(RuleSpec rule) {
            this.rule = Objects.requireNonNull(rule, "rule");
            return this;
        }

        /**
         * @param input an update used by the aggregation; order does not matter
         * @return this builder
         * @throws NullPointerException for null
         */
        public Builder addInput(ManifestInput input) {
            inputs.add(Objects.requireNonNull(input, "input"));
            return this;
        }

        /**
         * @param inputs all updates used, replacing any added before; order does not matter
         * @return this builder
         * @throws NullPointerException for a null collection or element
         */
        public Builder inputs(Collection<ManifestInput> inputs) {
            List<ManifestInput> copy = new ArrayList<>(Objects.requireNonNull(inputs, "inputs"));
            copy.forEach(i -> Objects.requireNonNull(i, "input"));
            this.inputs.clear();
            this.inputs.addAll(copy);
            return this;
        }

        /**
         * @param exclusion an accepted update the aggregation left out; order does not matter
         * @return this builder
         * @throws NullPointerException for null
         */
        public Builder addExclusion(ManifestExclusion exclusion) {
            exclusions.add(Objects.requireNonNull(exclusion, "exclusion"));
            return this;
        }

        /**
         * @param exclusions all updates left out, replacing any added before; order does not matter
         * @return this builder
         * @throws NullPointerException for a null collection or element
         */
        public Builder exclusions(Collection<ManifestExclusion> exclusions) {
            List<ManifestExclusion> copy = new ArrayList<>(Objects.requireNonNull(exclusions, "exclusions"));
            copy.forEach(e -> Objects.requireNonNull(e, "exclusion"));
            this.exclusions.clear();
            this.exclusions.addAll(copy);
            return this;
        }

        /**
         * @param outputHash hash of the aggregated model's canonical encoding
         * @return this builder
         * @throws NullPointerException for null
         */
        public Builder outputHash(ContentHash outputHash) {
            this.outputHash = Objects.requireNonNull(outputHash, "outputHash");
            return this;
        }

        /**
         * Sorts inputs and exclusions by update key and builds the manifest.
         *
         * @return the manifest
         * @throws ManifestFormatException naming the field that was never set, {@code inputs} when
         *     there is none, or the list where an update key appears a second time
         */
        public AggregationManifest build() {
            require(taskId, "taskId");
            if (round == 0) {
                throw new ManifestFormatException("round", "is required");
            }
            require(baseModelHash, "baseModelHash");
            require(rule, "rule");
            require(outputHash, "outputHash");
            if (inputs.isEmpty()) {
                throw new ManifestFormatException("inputs", "an aggregation needs at least one input");
            }
            List<ManifestInput> sortedInputs = sorted(inputs, ManifestInput::updateKey);
            List<ManifestExclusion> sortedExclusions = sorted(exclusions, ManifestExclusion::updateKey);
            Set<String> keys = new HashSet<>();
            for (ManifestInput i : sortedInputs) {
                if (!keys.add(i.updateKey())) {
                    throw new ManifestFormatException("inputs", "update key '" + Checks.abbreviate(i.updateKey())
                            + "' appears more than once");
                }
            }
            for (ManifestExclusion e : sortedExclusions) {
                if (!keys.add(e.updateKey())) {
                    throw new ManifestFormatException("exclusions", "update key '" + Checks.abbreviate(e.updateKey())
                            + "' appears more than once across inputs and exclusions");
                }
            }
            return new AggregationManifest(this, sortedInputs, sortedExclusions);
        }

        private static void require(Object value, String field) {
            if (value == null) {
                throw new ManifestFormatException(field, "is required");
            }
        }

        private static <T> List<T> sorted(List<T> list, Function<T, String> key) {
            List<T> copy = new ArrayList<>(list);
            copy.sort(Comparator.comparing(key));
            return copy;
        }
    }
}

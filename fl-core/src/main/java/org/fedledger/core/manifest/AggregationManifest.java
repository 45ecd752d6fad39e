package org.fedledger.core.manifest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.fedledger.core.aggregation.InputEvidence;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.json.CanonicalJson;
import org.fedledger.core.model.ContentHash;

/**
 * How one global model was computed: the task and round, the model the round started from, the
 * rule and its parameters, every accepted update used (with its weight) or left out (with the
 * reason), what the rule did to each update ({@link InputEvidence}, for rules that record it), and
 * the hash of the output. An aggregator proposes it, the chaincode checks it against
 * the closed round, and every verifier recomputes the output from it bit for bit.
 *
 * <p>A plain value: the ledger protocol's record codec writes and reads it like every other record
 * (its canonical JSON and the hash of that JSON are the manifest's identity on the ledger). Canonical
 * form, kept by the constructor: inputs and exclusions sorted by {@code updateKey}
 * ({@link String#compareTo}); an update key appears at most once across both lists; at least one input;
 * evidence sorted by update key ({@link InputEvidence#id()}), at most one per update, each naming an
 * input or an exclusion. A manifest without evidence (FedAvg, the mean, exact FedAvg, Krum) is written
 * without the field, so its bytes are those of manifests written before evidence existed.
 *
 * <pre>{@code
 * AggregationManifest manifest = AggregationManifest.builder()
 *         .taskId("mnist").round(3).baseModelHash(base).rule(RuleSpec.of(RuleName.FEDAVG))
 *         .addInput(new ManifestInput(key, contributor, updateHash, 120, 120, 300))
 *         .outputHash(ModelCodec.hash(output))
 *         .build();
 * }</pre>
 *
 * @param taskId the task id, 1-4096 characters
 * @param round the round number, at least 1
 * @param baseModelHash the hash of the global model the round started from
 * @param rule the aggregation rule and its parameters
 * @param inputs the updates used, sorted by update key; never empty
 * @param exclusions the updates left out, sorted by update key; possibly empty
 * @param outputHash the hash of the aggregated model's canonical encoding
 * @param evidence what the rule did to each update, sorted by update key; empty for a rule that
 *     records nothing ({@link RuleSpec#evidence()})
 */
public record AggregationManifest(String taskId, long round, ContentHash baseModelHash, RuleSpec rule,
        List<ManifestInput> inputs, List<ManifestExclusion> exclusions, ContentHash outputHash,
        @CanonicalJson.Nullable List<InputEvidence> evidence) {
    /**
     * Checks every component, sorts the inputs and exclusions by update key and copies them.
     *
     * @param taskId the task id, 1-4096 characters
     * @param round the round number, at least 1
     * @param baseModelHash the hash of the global model the round started from
     * @param rule the aggregation rule and its parameters
     * @param inputs the updates used, in any order; at least one
     * @param exclusions the updates left out, in any order
     * @param outputHash the hash of the aggregated model's canonical encoding
     * @param evidence what the rule did to each update, in any order; null or empty when it records nothing
     * @throws ManifestFormatException naming the component that is missing or out of range, {@code inputs}
     *     when there is none, the list where an update key appears a second time, or {@code evidence}
     *     when it names an update twice or one that is neither an input nor an exclusion
     */
    public AggregationManifest {
        Checks.text("taskId", require(taskId, "taskId"));
        Checks.atLeast("round", round, 1);
        require(baseModelHash, "baseModelHash");
        require(rule, "rule");
        require(outputHash, "outputHash");
        inputs = sorted(require(inputs, "inputs"), ManifestInput::updateKey, "input");
        exclusions = sorted(require(exclusions, "exclusions"), ManifestExclusion::updateKey, "exclusion");
        if (inputs.isEmpty()) {
            throw new ManifestFormatException("inputs", "an aggregation needs at least one input");
        }
        Set<String> keys = new HashSet<>();
        for (ManifestInput i : inputs) {
            if (!keys.add(i.updateKey())) {
                throw new ManifestFormatException("inputs", "update key '" + Checks.abbreviate(i.updateKey())
                        + "' appears more than once");
            }
        }
        for (ManifestExclusion e : exclusions) {
            if (!keys.add(e.updateKey())) {
                throw new ManifestFormatException("exclusions", "update key '" + Checks.abbreviate(e.updateKey())
                        + "' appears more than once across inputs and exclusions");
            }
        }
        evidence = sorted(evidence == null ? List.of() : evidence, InputEvidence::id, "evidence");
        Set<String> evidenced = new HashSet<>();
        for (InputEvidence e : evidence) {
            if (!keys.contains(e.id()) || !evidenced.add(e.id())) {
                throw new ManifestFormatException("evidence", "update key '" + Checks.abbreviate(e.id()) + "' "
                        + (keys.contains(e.id()) ? "has evidence more than once"
                                : "is neither an input nor an exclusion"));
            }
        }
    }

    /**
     * A manifest without evidence, as a rule that records none gives it.
     *
     * @param taskId the task id, 1-4096 characters
     * @param round the round number, at least 1
     * @param baseModelHash the hash of the global model the round started from
     * @param rule the aggregation rule and its parameters
     * @param inputs the updates used, in any order; at least one
     * @param exclusions the updates left out, in any order
     * @param outputHash the hash of the aggregated model's canonical encoding
     * @throws ManifestFormatException as the canonical constructor
     */
    public AggregationManifest(String taskId, long round, ContentHash baseModelHash, RuleSpec rule,
            List<ManifestInput> inputs, List<ManifestExclusion> exclusions, ContentHash outputHash) {
        this(taskId, round, baseModelHash, rule, inputs, exclusions, outputHash, List.of());
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

    private static <T> T require(T value, String field) {
        if (value == null) {
            throw new ManifestFormatException(field, "is required");
        }
        return value;
    }

    private static <T> List<T> sorted(Collection<T> list, Function<T, String> key, String element) {
        List<T> copy = new ArrayList<>(list);
        copy.forEach(e -> Objects.requireNonNull(e, element));
        copy.sort(Comparator.comparing(key));
        return List.copyOf(copy);
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
        private final List<InputEvidence> evidence = new ArrayList<>();
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
            replace(this.inputs, inputs, "inputs", "input");
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
            replace(this.exclusions, exclusions, "exclusions", "exclusion");
            return this;
        }

        /**
         * @param evidence what the rule did to each update, replacing any set before; order does not matter
         * @return this builder
         * @throws NullPointerException for a null collection or element
         */
        public Builder evidence(Collection<InputEvidence> evidence) {
            replace(this.evidence, evidence, "evidence", "evidence");
            return this;
        }

        /** Replaces {@code target}'s elements with {@code source}'s, refusing a null collection or element. */
        private static <T> void replace(List<T> target, Collection<T> source, String collection, String element) {
            List<T> copy = new ArrayList<>(Objects.requireNonNull(source, collection));
            copy.forEach(e -> Objects.requireNonNull(e, element));
            target.clear();
            target.addAll(copy);
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
         * Builds the manifest; inputs and exclusions come out sorted by update key.
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
            return new AggregationManifest(taskId, round, baseModelHash, rule, inputs, exclusions, outputHash,
                    evidence);
        }
    }
}

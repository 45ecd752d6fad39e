package org.fedledger.sdk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.Tensor;
import org.fedledger.protocol.record.DatasetBinding;
import org.fedledger.protocol.record.DpMechanism;
import org.fedledger.protocol.record.PrivacyMode;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.IncentiveRules;
import org.fedledger.protocol.record.RuleRecord;
import org.fedledger.protocol.record.TensorSpecRecord;
import org.fedledger.protocol.transaction.PrivacyArgument;
import org.fedledger.protocol.transaction.TaskDefinitionArgument;
import org.fedledger.protocol.transaction.TaskPrivacyArgument;

/**
 * What a coordinator fixes for a task's whole life: its schema (taken from the initial model), the
 * aggregation rule, update and attestation quorums, round duration, sample and payload limits and
 * the organisations allowed, held as the protocol's {@link TaskDefinitionArgument} with the initial
 * model. The chaincode checks every field again; the builder checks each as it is set so that a
 * mistake shows where it is made.
 *
 * <pre>{@code
 * TaskDefinition task = TaskDefinition.builder("breast-cancer", initialModel)
 *         .rule(RuleSpec.of(RuleName.FEDAVG)).updates(2, 9).attestationQuorum(2)
 *         .roundDuration(Duration.ofMinutes(10)).allowedOrgs("Org1MSP", "Org2MSP", "Org3MSP").build();
 * }</pre>
 */
public final class TaskDefinition {
    private final Model initialModel;
    private final TaskDefinitionArgument argument;

    private TaskDefinition(Builder b) {
        this.initialModel = b.initialModel;
        List<TensorSpecRecord> schema = new ArrayList<>();
        for (Tensor t : initialModel.tensors()) {
            schema.add(TensorSpecRecord.of(t.spec()));
        }
        this.argument = new TaskDefinitionArgument(b.taskId, schema, RuleRecord.of(b.rule), b.minUpdates,
                b.maxUpdates, b.attestationQuorum, b.roundDurationSeconds, b.maxSamples, b.maxPayloadBytes,
                List.copyOf(b.allowedOrgs), b.maxOrgSharePercent, b.differentialPrivacy, b.privacy, b.incentives);
    }

    /**
     * @param taskId 1-64 of {@code [A-Za-z0-9_-]}
     * @param initialModel model version 0; its tensors are the task's schema
     */
    public static Builder builder(String taskId, Model initialModel) {
        return new Builder(taskId, initialModel);
    }

    /** @return the task id */
    public String taskId() {
        return argument.taskId();
    }

    /** @return model version 0 */
    public Model initialModel() {
        return initialModel;
    }

    /** @return the definition as the protocol's {@code createTask} argument */
    public TaskDefinitionArgument argument() {
        return argument;
    }

    /** @return the task definition as the chaincode's {@code createTask} takes it */
    public String toJson() {
        return RecordJson.write(argument);
    }

    @Override
    public String toString() {
        return "TaskDefinition" + toJson();
    }

    /** Builds a {@link TaskDefinition}; defaults: FedAvg, 2..10 updates, quorum 2, 10 minutes, 10^9 samples, 50 % per
     * organisation, 64 MiB. */
    public static final class Builder {
        private final String taskId;
        private final Model initialModel;
        private RuleSpec rule = RuleSpec.of(org.fedledger.core.aggregation.RuleName.FEDAVG);
        private int minUpdates = 2;
        private int maxUpdates = 10;
        private int attestationQuorum = 2;
        private long roundDurationSeconds = 600;
        private long maxSamples = 1_000_000_000L;
        private int maxOrgSharePercent = TaskDefinitionArgument.DEFAULT_MAX_ORG_SHARE_PERCENT;
        private IncentiveRules incentives;
        private long maxPayloadBytes = 64L * 1024 * 1024;
        private final TreeSet<String> allowedOrgs = new TreeSet<>();
        private TaskPrivacyArgument differentialPrivacy;
        private PrivacyArgument privacy;

        private Builder(String taskId, Model initialModel) {
            this.taskId = Objects.requireNonNull(taskId, "taskId");
            if (!taskId.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new IllegalArgumentException("taskId must be 1-64 of [A-Za-z0-9_-], was '" + taskId + "'");
            }
            this.initialModel = Objects.requireNonNull(initialModel, "initialModel");
        }

        /** The aggregation rule and its parameters. */
        public Builder rule(RuleSpec rule) {
            this.rule = Objects.requireNonNull(rule, "rule");
            return this;
        }

        /** Updates a round needs to close ({@code min}) and accepts at most ({@code max}). */
        public Builder updates(int min, int max) {
            if (min < 1 || max < min) {
                throw new IllegalArgumentException("need 1 <= minUpdates <= maxUpdates, got " + min + ".." + max);
            }
            this.minUpdates = min;
            this.maxUpdates = max;
            return this;
        }

        /** Distinct organisations whose matching attestations make a model final (at least 2). */
        public Builder attestationQuorum(int quorum) {
            if (quorum < 2) {
                throw new IllegalArgumentException("attestationQuorum must be at least 2, was " + quorum);
            }
            this.attestationQuorum = quorum;
            return this;
        }

        /** How long a round stays open. */
        public Builder roundDuration(Duration duration) {
            long seconds = Objects.requireNonNull(duration, "duration").toSeconds();
            if (seconds < 1) {
                throw new IllegalArgumentException("roundDuration must be at least 1 s, was " + duration);
            }
            this.roundDurationSeconds = seconds;
            return this;
        }

        /** Largest sample count an update may declare. */
        public Builder maxSamples(long maxSamples) {
            this.maxSamples = maxSamples;
            return this;
        }

        /**
         * Largest share of a round's aggregation weight that one organisation's updates carry together
         * (1-100; default 50): a declared sample count cannot buy the aggregate. See
         * {@link org.fedledger.protocol.record.AdmissionOrder}.
         */
        public Builder maxOrgSharePercent(int percent) {
            if (percent < 1 || percent > 100) {
                throw new IllegalArgumentException("maxOrgSharePercent must be 1-100, was " + percent);
            }
            this.maxOrgSharePercent = percent;
            return this;
        }

        /**
         * Incentives (issue 24): contributions measured by every verifier on the validation set whose
         * hash {@code rules} commits, credits and reputation written when a round becomes FINAL. A
         * Shapley task accepts at most 9 updates a round.
         */
        public Builder incentives(IncentiveRules rules) {
            this.incentives = Objects.requireNonNull(rules, "rules");
            return this;
        }

        /** Largest update payload in bytes. */
        public Builder maxPayloadBytes(long maxPayloadBytes) {
            this.maxPayloadBytes = maxPayloadBytes;
            return this;
        }

        /**
         * Secure aggregation (docs/privacy.md section 2): trainers send masked updates, only their sum is
         * unmasked; needs rule {@code exact_fedavg} without {@code clip_norm} or {@code codec}, and sets the
         * organisation weight bound to 100 % (none: a masked update keeps the weight its trainer declared).
         *
         * <pre>{@code
         * builder.rule(RuleSpec.of(RuleName.EXACT_FEDAVG, Map.of("scale_bits", "24"))).secureAggregation(3);
         * }</pre>
         *
         * @param threshold cohort members whose shares recover a secret, from 2 to the minimum updates
         * @return this builder
         */
        public Builder secureAggregation(int threshold) {
            if (threshold < 2) {
                throw new IllegalArgumentException("the threshold of secure aggregation is at least 2, was " + threshold);
            }
            this.privacy = new PrivacyArgument(PrivacyMode.SECURE, threshold);
            this.maxOrgSharePercent = 100; // masked updates keep the weights their trainers declared
            return this;
        }

        /** Organisations (MSP ids) whose trainers and verifiers take part. */
        public Builder allowedOrgs(String... mspIds) {
            for (String msp : mspIds) {
                allowedOrgs.add(Objects.requireNonNull(msp, "mspId"));
            }
            return this;
        }

        /**
         * Makes the task keep privacy budgets: every update counts as {@code mechanism.stepsPerRound()}
         * releases of its Gaussian mechanism against the dataset bound to its trainer's organisation.
         *
         * <pre>{@code
         * builder.differentialPrivacy(new DpMechanism("1.1", "0.05", 20, "1.0"),
         *         new DatasetBinding("Org1MSP", "wisconsin"), new DatasetBinding("Org2MSP", "wisconsin"));
         * }</pre>
         *
         * @param mechanism noise multiplier, sampling rate, steps per round and clip norm
         * @param datasets one dataset per training organisation
         * @return this builder
         */
        public Builder differentialPrivacy(DpMechanism mechanism, DatasetBinding... datasets) {
            Objects.requireNonNull(mechanism, "mechanism");
            if (datasets.length == 0) {
                throw new IllegalArgumentException("bind at least one organisation's dataset");
            }
            this.differentialPrivacy = new TaskPrivacyArgument(mechanism, List.of(datasets));
            return this;
        }

        /** @return the definition; the chaincode checks it again at {@code createTask} */
        public TaskDefinition build() {
            if (allowedOrgs.isEmpty()) {
                throw new IllegalArgumentException("allowedOrgs must name at least one organisation");
            }
            if (attestationQuorum > allowedOrgs.size()) {
                throw new IllegalArgumentException("attestationQuorum " + attestationQuorum + " exceeds the "
                        + allowedOrgs.size() + " allowed organisations");
            }
            return new TaskDefinition(this);
        }
    }
}

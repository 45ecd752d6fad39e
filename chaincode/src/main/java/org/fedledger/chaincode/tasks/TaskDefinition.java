package org.fedledger.chaincode.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.fedledger.chaincode.errors.Arguments;
import org.fedledger.chaincode.errors.FedLedgerException;
import org.fedledger.core.aggregation.CodecKind;
import org.fedledger.core.aggregation.EvidenceMeasure;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.aggregation.StalenessWeights;
import org.fedledger.core.model.ModelFormatException;
import org.fedledger.core.model.ModelSchema;
import org.fedledger.core.model.TensorSpec;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.record.PrivacyRecord;
import org.fedledger.protocol.record.ContributionMethod;
import org.fedledger.protocol.record.IncentiveRules;
import org.fedledger.protocol.record.RecordFormatException;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.RuleRecord;
import org.fedledger.protocol.record.TensorSpecRecord;
import org.fedledger.protocol.transaction.PrivacyArgument;
import org.fedledger.protocol.transaction.TaskDefinitionArgument;
import org.fedledger.protocol.transaction.TaskPrivacyArgument;
import org.fedledger.protocol.transaction.TransportLimits;

/**
 * The {@code taskJson} argument of {@code createTask} ({@link TaskDefinitionArgument}), read with the
 * protocol's one strict codec (unknown, missing, duplicated or mistyped fields refused) and then
 * range-checked; every refusal is an {@link ErrorCode#INVALID_ARGUMENT} naming the field.
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
 * @param attestationQuorum {@code 2 <= quorum <= allowedOrgs.size() - 1}
 * @param roundDurationSeconds 1 to {@link #MAX_DURATION_SECONDS}
 * @param maxSamples 1 to {@link #MAX_SAMPLES}
 * @param maxOrgSharePercent 1 to 100 (default {@link TaskDefinitionArgument#DEFAULT_MAX_ORG_SHARE_PERCENT})
 * @param maxPayloadBytes {@link #MIN_PAYLOAD_BYTES} to {@link #MAX_PAYLOAD_BYTES}
 * @param allowedOrgs MSP ids, sorted, no duplicates
 * @param differentialPrivacy the mechanism and datasets, or null for a task without a privacy budget
 * @param privacy the privacy mode, checked against the rule and {@code minUpdates}; null for none
 * @param incentives the task's incentive rules, if it has any (a Shapley task accepts at most
 *     {@link ContributionMethod#MAX_SHAPLEY_CONTRIBUTORS} updates a round)
 */
public record TaskDefinition(String taskId, ModelSchema schema, RuleSpec rule, int minUpdates, int maxUpdates,
        int attestationQuorum, long roundDurationSeconds, long maxSamples, int maxOrgSharePercent,
        long maxPayloadBytes, List<String> allowedOrgs, TaskPrivacyArgument differentialPrivacy,
        PrivacyArgument privacy, Optional<IncentiveRules> incentives) {
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

    /**
     * Copies the org list.
     *
     * @param taskId 1-64 characters of {@code [A-Za-z0-9_-]}
     * @param schema tensor specs, sorted by name
     * @param rule validated rule and parameters
     * @param minUpdates {@code 1 <= minUpdates <= maxUpdates}, and at least the rule's minimum inputs
     * @param maxUpdates at most {@link #MAX_UPDATES}
     * @param attestationQuorum {@code 2 <= quorum <= allowedOrgs.size() - 1}
     * @param roundDurationSeconds 1 to {@link #MAX_DURATION_SECONDS}
     * @param maxSamples 1 to {@link #MAX_SAMPLES}
     * @param maxOrgSharePercent 1 to 100
     * @param maxPayloadBytes {@link #MIN_PAYLOAD_BYTES} to {@link #MAX_PAYLOAD_BYTES}
     * @param allowedOrgs MSP ids, sorted, no duplicates
     * @param differentialPrivacy the mechanism and datasets, or null for a task without a privacy budget
     * @param privacy the privacy mode; null for none
     * @param incentives the task's incentive rules, if any
     */
    public TaskDefinition {
        allowedOrgs = List.copyOf(allowedOrgs);
        java.util.Objects.requireNonNull(incentives, "incentives");
    }

    /**
     * @param json the task definition as JSON (the {@code taskJson} argument)
     * @return the validated definition
     * @throws org.fedledger.chaincode.errors.FedLedgerException {@link ErrorCode#INVALID_ARGUMENT} naming the field
     */
    public static TaskDefinition parse(String json) {
        if (json == null) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson", "taskJson is missing");
        }
        TaskDefinitionArgument a;
        try {
            a = RecordJson.read(json, TaskDefinitionArgument.class);
        } catch (RecordFormatException e) {
            String field = "taskJson" + e.path().substring(1);
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, field, field + ": " + e.problem());
        }
        String taskId = Arguments.taskId(a.taskId());
        ModelSchema schema = schema(a.schema());
        RuleSpec rule = rule(a.rule());
        if (a.privacy() != null) {
            requireSummable(a.privacy(), rule);
        }
        int maxUpdates = (int) range("maxUpdates", a.maxUpdates(), 1, MAX_UPDATES);
        int minUpdates = (int) range("minUpdates", a.minUpdates(), 1, maxUpdates);
        int ruleMinimum = rule.rule().minimumInputs(rule);
        if (minUpdates < ruleMinimum) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson.minUpdates", "minUpdates " + minUpdates
                    + " is below the " + ruleMinimum + " updates rule " + rule.rule().wireName() + " needs with "
                    + rule.params() + "; a round with fewer could never be aggregated");
        }
        List<String> orgs = orgs(a.allowedOrgs());
        int quorum = (int) range("attestationQuorum", a.attestationQuorum(), 2, Math.max(2, orgs.size() - 1));
        if (quorum > orgs.size() - 1) {
            // The proposer's organisation never counts towards its own proposal's quorum (Quorum).
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson.attestationQuorum", "attestationQuorum "
                    + quorum + " exceeds the " + (orgs.size() - 1)
                    + " allowedOrgs other than a proposer's; at least 2 organisations besides the proposer's are"
                    + " needed so that no single one makes a model final");
        }
        long duration = range("roundDurationSeconds", a.roundDurationSeconds(), 1, MAX_DURATION_SECONDS);
        long maxSamples = range("maxSamples", a.maxSamples(), 1, MAX_SAMPLES);
        long maxPayload = range("maxPayloadBytes", a.maxPayloadBytes(), MIN_PAYLOAD_BYTES, MAX_PAYLOAD_BYTES);
        int share = (int) range("maxOrgSharePercent", a.maxOrgSharePercent() == null
                ? TaskDefinitionArgument.DEFAULT_MAX_ORG_SHARE_PERCENT : a.maxOrgSharePercent(), 1, 100);
        if (rule.buffered()) {
            // Weights of a buffered task are samples * lcm(1..S+1) / (1 + tau); a round's total stays an
            // integer that doubles hold exactly, so FedAvg's weights are exact too.
            long most = StalenessWeights.multiplier(rule.maxStaleness());
            if (maxSamples > (1L << 53) / most / maxUpdates) {
                throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson.maxSamples", "a buffered task with"
                        + " max_staleness " + rule.maxStaleness() + " weighs an update up to " + most + " times its"
                        + " samples; maxSamples * " + most + " * maxUpdates must be at most 2^53, so maxSamples"
                        + " at most " + (1L << 53) / most / maxUpdates + ", was " + maxSamples);
            }
        }
        if (rule.hierarchical()) {
            requireHierarchical(a, schema, maxSamples, maxUpdates, maxPayload, share);
        }
        if (a.privacy() != null && a.incentives() != null) {
            // Contributions are values of coalitions of individual updates, which a secure task never shows.
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson.incentives", "a secure task shows no"
                    + " individual update, so no verifier can measure contributions: create it without incentives");
        }
        return new TaskDefinition(taskId, schema, rule, minUpdates, maxUpdates, quorum, duration, maxSamples, share,
                maxPayload, orgs, a.differentialPrivacy(),
                privacy(a.privacy(), rule, minUpdates, schema, maxPayload, share),
                incentives(a.incentives(), maxUpdates, rule));
    }

    /**
     * @return the task's privacy record, written with it; empty for a task without a privacy mode
     * @param txId the createTask transaction
     * @param timestamp its timestamp
     */
    public Optional<PrivacyRecord> privacyRecord(String txId, long timestamp) {
        if (privacy == null) {
            return Optional.empty();
        }
        long cap = Math.min(maxSamples, PrivacyRecord.MAX_TOTAL_WEIGHT / maxUpdates);
        return Optional.of(new PrivacyRecord(taskId, privacy.mode(), privacy.threshold(), cap, txId, timestamp));
    }

    /**
     * A hierarchical task's organisations publish exact partial sums of their trainers' updates: the
     * global result merges them in integers, so every weight is the declared samples (no organisation
     * bound, which would reweigh a sum after the fact), the round's total weight fits the 64-bit sums, a
     * partial sum (8 bytes a parameter) fits the payload limit, and nothing needs an individual update
     * outside its organisation (no secure aggregation, incentives or dataset budgets).
     */
    private static void requireHierarchical(TaskDefinitionArgument a, ModelSchema schema, long maxSamples,
            int maxUpdates, long maxPayload, int maxOrgSharePercent) {
        String why = " in a hierarchical task, whose individual updates never leave their organisation";
        if (a.privacy() != null) {
            throw new FedLedgerException(ErrorCode.PRIVACY_RULE_UNSUPPORTED, "taskJson.privacy", "secure aggregation"
                    + why + ": an organisation's partial sum already hides its trainers' updates from the others");
        }
        if (a.incentives() != null) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson.incentives", "no verifier of another"
                    + " organisation can measure contributions" + why);
        }
        if (a.differentialPrivacy() != null) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson.differentialPrivacy", "dataset budgets"
                    + " are spent on the public ledger by each update, which a hierarchical update never writes");
        }
        if (maxOrgSharePercent != 100) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson.maxOrgSharePercent", "an organisation's"
                    + " partial sum weighs each update by its declared samples, which the organisation weight bound"
                    + " cannot lower after the fact: set maxOrgSharePercent to 100, was " + maxOrgSharePercent);
        }
        if (maxSamples > PrivacyRecord.MAX_TOTAL_WEIGHT / maxUpdates) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson.maxSamples", "a hierarchical round's"
                    + " total weight must fit the exact 64-bit sums: maxSamples * maxUpdates at most "
                    + PrivacyRecord.MAX_TOTAL_WEIGHT + ", so maxSamples at most "
                    + PrivacyRecord.MAX_TOTAL_WEIGHT / maxUpdates + ", was " + maxSamples);
        }
        if (maxPayload < schema.parameterCount() * Long.BYTES) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson.maxPayloadBytes", "a partial sum"
                    + " has 8 bytes per parameter, " + schema.parameterCount() * Long.BYTES + " bytes; maxPayloadBytes"
                    + " is " + maxPayload);
        }
    }

    /** Secure aggregation sums masked integers: only a rule that sums plain codes exactly fits. */
    private static void requireSummable(PrivacyArgument privacy, RuleSpec rule) {
        if (!rule.rule().sumsExactly() || rule.clipped() || rule.codec().kind() != CodecKind.FLOAT32
                || rule.buffered()) {
            throw new FedLedgerException(ErrorCode.PRIVACY_RULE_UNSUPPORTED, "taskJson.rule", "privacy mode "
                    + privacy.mode() + " sums masked updates, so it needs every update's exact integer codes and"
                    + " nothing else: rule exact_fedavg without clip_norm, codec or max_staleness, not "
                    + rule.rule().wireName()
                    + " with " + rule.params());
        }
    }

    /**
     * The threshold is at least 2 (one member alone never unmasks) and at most {@code minUpdates} (a closed
     * round always has enough survivors to reveal); no organisation weight bound (it would reweight masked
     * updates); a masked update (8 bytes a parameter) fits the payload limit.
     */
    private static PrivacyArgument privacy(PrivacyArgument privacy, RuleSpec rule, int minUpdates,
            ModelSchema schema, long maxPayload, int maxOrgSharePercent) {
        if (privacy == null) {
            return null;
        }
        requireSummable(privacy, rule);
        if (privacy.threshold() < 2 || privacy.threshold() > minUpdates) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson.privacy.threshold", "threshold must be"
                    + " between 2 and minUpdates (" + minUpdates + "), was " + privacy.threshold());
        }
        if (maxOrgSharePercent != 100) {
            // A trainer weighs its codes by its declared samples inside the mask; the close cannot lower
            // the weight of a masked update afterwards, so the organisation bound cannot apply.
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson.maxOrgSharePercent", "a secure task"
                    + " weighs each masked update by its declared samples, which the organisation weight bound"
                    + " cannot lower after the fact: set maxOrgSharePercent to 100, was " + maxOrgSharePercent);
        }
        if (maxPayload < schema.parameterCount() * Long.BYTES) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson.maxPayloadBytes", "a masked update"
                    + " has 8 bytes per parameter, " + schema.parameterCount() * Long.BYTES + " bytes; maxPayloadBytes"
                    + " is " + maxPayload);
        }
        return privacy;
    }

    private static Optional<IncentiveRules> incentives(IncentiveRules rules, int maxUpdates, RuleSpec rule) {
        if (rules == null) {
            return Optional.empty();
        }
        range("incentives.creditPerSample", rules.creditPerSample(), 0, IncentiveRules.MAX_CREDIT_PER_SAMPLE);
        range("incentives.negativeRoundsToSuspend", rules.negativeRoundsToSuspend(), 0, IncentiveRules.MAX_PENALTY_ROUNDS);
        range("incentives.suspensionRounds", rules.suspensionRounds(), 0, IncentiveRules.MAX_PENALTY_ROUNDS);
        if (rules.suspendBelowPermille() != null) {
            range("incentives.suspendBelowPermille", rules.suspendBelowPermille(), 0,
                    IncentiveRules.MAX_SUSPEND_BELOW_PERMILLE);
        }
        if (rules.outOfLineFactor() != null) {
            range("incentives.outOfLineFactor", rules.outOfLineFactor(), IncentiveRules.MIN_OUT_OF_LINE_FACTOR,
                    IncentiveRules.MAX_OUT_OF_LINE_FACTOR);
            if (!rule.evidence().contains(EvidenceMeasure.UPDATE_NORM)) {
                // The measure is the norm the rule records in every manifest; without it nothing is measured.
                throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson.incentives.outOfLineFactor",
                        "outOfLineFactor compares the update norms the rule records, and rule " + rule.text()
                        + " records none: add the rule parameter clip_norm (a bound above every honest update's"
                        + " norm clips nothing)");
            }
        }
        if (rules.reputationMemory() != null) {
            range("incentives.reputationMemory", rules.reputationMemory(), IncentiveRules.MIN_REPUTATION_MEMORY,
                    IncentiveRules.MAX_REPUTATION_MEMORY);
        }
        if (rules.localBatch() != null) {
            if (rules.outOfLineFactor() == null) {
                throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson.incentives.localBatch", "localBatch"
                        + " only counts an update's local steps for outOfLineFactor, which the rules do not set");
            }
            range("incentives.localBatch", rules.localBatch(), 1, IncentiveRules.MAX_LOCAL_BATCH);
        }
        if (rules.setAsidePermille() != null) {
            range("incentives.setAsidePermille", rules.setAsidePermille(), 1, IncentiveRules.MAX_SET_ASIDE_PERMILLE);
            java.util.Set<EvidenceMeasure> measures = rule.evidence();
            measures.remove(EvidenceMeasure.UPDATE_NORM);
            if (measures.isEmpty() && rule.rule().exclusionReasons().isEmpty()) {
                throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson.incentives.setAsidePermille",
                        "setAsidePermille counts what the rule excludes, trims or clips of an update, and rule "
                        + rule.text() + " does none of it: use a trimmed mean, the median, Krum or Multi-Krum, or"
                        + " add the rule parameter clip_norm");
            }
        }
        if (rules.penaltyCredits() != null || rules.penaltyWeightPermille() != null) {
            String field = rules.penaltyCredits() != null ? "penaltyCredits" : "penaltyWeightPermille";
            if (rules.negativeRoundsToSuspend() == 0) {
                throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson.incentives." + field, field
                        + " is an effect of a streak penalty, and negativeRoundsToSuspend 0 imposes none: set it");
            }
            if (rules.penaltyCredits() != null) {
                range("incentives.penaltyCredits", rules.penaltyCredits(), 1, IncentiveRules.MAX_PENALTY_CREDITS);
            }
            if (rules.penaltyWeightPermille() != null) {
                range("incentives.penaltyWeightPermille", rules.penaltyWeightPermille(), 0,
                        IncentiveRules.MAX_PENALTY_WEIGHT_PERMILLE);
                range("incentives.suspensionRounds", rules.suspensionRounds(), 1, IncentiveRules.MAX_PENALTY_ROUNDS);
            }
        }
        if (rules.method() == ContributionMethod.SHAPLEY && maxUpdates > ContributionMethod.MAX_SHAPLEY_CONTRIBUTORS) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson.incentives.method", "exact Shapley"
                    + " contributions need maxUpdates <= " + ContributionMethod.MAX_SHAPLEY_CONTRIBUTORS + ", was "
                    + maxUpdates + "; lower maxUpdates or use LEAVE_ONE_OUT");
        }
        // One encoding per content: default scores are stored as their absence, as before the fields existed.
        // A new task penalises disputed proposals unless told not to; a task stored before says nothing.
        return Optional.of(rules.withScore(rules.scoring()).withReputationScore(rules.reputationScoring())
                .withDisputedProposals(!Boolean.FALSE.equals(rules.disputedProposals()))
                .withValidationMode(rules.validationMode()));
    }

    /** @return the schema as stored in the task record */
    public List<TensorSpecRecord> schemaRecord() {
        List<TensorSpecRecord> out = new ArrayList<>();
        for (TensorSpec spec : schema.tensors()) {
            out.add(TensorSpecRecord.of(spec));
        }
        return out;
    }

    /** @return the rule as stored in the task record */
    public RuleRecord ruleRecord() {
        return RuleRecord.of(rule);
    }

    private static ModelSchema schema(List<TensorSpecRecord> tensors) {
        if (tensors.isEmpty() || tensors.size() > 1024) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson.schema",
                    "schema must list 1-1024 tensors, had "
                    + tensors.size());
        }
        List<TensorSpec> specs = new ArrayList<>();
        for (int i = 0; i < tensors.size(); i++) {
            String field = "schema[" + i + "]";
            TensorSpecRecord t = tensors.get(i);
            int[] shape = new int[t.shape().size()];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = (int) range(field + ".shape[" + d + "]", t.shape().get(d), 1, Integer.MAX_VALUE);
            }
            try {
                specs.add(TensorSpec.of(t.name(), shape));
            } catch (ModelFormatException ex) {
                throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson." + field, field + ": "
                        + ex.getMessage());
            }
        }
        try {
            return ModelSchema.of(specs);
        } catch (ModelFormatException ex) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson.schema", "schema: " + ex.getMessage());
        }
    }

    private static RuleSpec rule(RuleRecord r) {
        try {
            return r.spec();
        } catch (IllegalArgumentException ex) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson.rule", "rule: " + ex.getMessage());
        }
    }

    private static List<String> orgs(List<String> listed) {
        if (listed.isEmpty() || listed.size() > 256) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson.allowedOrgs",
                    "allowedOrgs must list 1-256 MSP ids, had " + listed.size());
        }
        TreeSet<String> orgs = new TreeSet<>();
        for (int i = 0; i < listed.size(); i++) {
            String msp = Arguments.mspId("allowedOrgs[" + i + "]", listed.get(i));
            if (!orgs.add(msp)) {
                throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson.allowedOrgs", "allowedOrgs lists "
                        + msp
                        + " twice");
            }
        }
        return new ArrayList<>(orgs);
    }

    private static long range(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "taskJson." + field, field + " must be between "
                    + min
                    + " and " + max + ", was " + value);
        }
        return value;
    }
}

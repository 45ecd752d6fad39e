package org.fedledger.protocol.transaction;

import java.util.List;
import org.fedledger.protocol.record.IncentiveRules;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.RuleRecord;
import org.fedledger.protocol.record.TensorSpecRecord;

/**
 * The {@code taskJson} argument of {@code createTask} as a value: a client builds it and sends
 * {@code RecordJson.write(definition)}; the chaincode reads it back with {@code RecordJson.read}
 * (unknown, missing or mistyped fields refused) and then checks every range.
 *
 * <pre>{@code
 * TaskDefinitionArgument mnist = new TaskDefinitionArgument("mnist",
 *         List.of(new TensorSpecRecord("w", List.of(784, 10)), new TensorSpecRecord("b", List.of(10))),
 *         new RuleRecord("fedavg", new TreeMap<>()), 2, 10, 2, 600, 100_000, 1 << 20,
 *         List.of("Org1MSP", "Org2MSP", "Org3MSP"), null);
 * contract.newProposal(TransactionName.CREATE_TASK.wireName()).addArguments(RecordJson.write(mnist));
 * }</pre>
 *
 * @param taskId 1-64 characters of {@code [A-Za-z0-9_-]}
 * @param schema the model's tensors: names and shapes
 * @param rule the aggregation rule and its parameters
 * @param minUpdates fewest updates a round needs, at least the rule's minimum inputs
 * @param maxUpdates most updates a round accepts
 * @param attestationQuorum distinct organisations that must agree, from 2 to the number of allowed organisations
 * @param roundDurationSeconds seconds from opening a round to its deadline
 * @param maxSamples largest sample count an update may declare
 * @param maxPayloadBytes largest update or model payload, at most {@link TransportLimits#MAX_PAYLOAD_BYTES}
 * @param allowedOrgs organisations (MSP ids) that may train and attest
 * @param maxOrgSharePercent largest share (1-100 %) of a round's aggregation weight that one organisation's
 *     updates carry together; absent means {@link #DEFAULT_MAX_ORG_SHARE_PERCENT}
 * @param differentialPrivacy the task's mechanism and the dataset each organisation's trainers draw from;
 *     absent means a task without a privacy budget
 * @param privacy the task's privacy mode; absent means none (every member organisation's peers hold the
 *     updates)
 */
public record TaskDefinitionArgument(String taskId, List<TensorSpecRecord> schema, RuleRecord rule, int minUpdates,
        int maxUpdates, int attestationQuorum, long roundDurationSeconds, long maxSamples, long maxPayloadBytes,
        List<String> allowedOrgs, @RecordJson.Nullable Integer maxOrgSharePercent,
        @RecordJson.Nullable TaskPrivacyArgument differentialPrivacy, @RecordJson.Nullable PrivacyArgument privacy,
        @RecordJson.Nullable IncentiveRules incentives) {
    /**
     * The organisation weight bound of a task that names none: no organisation carries more than half of
     * a round's weight while the round has updates from at least two organisations.
     */
    public static final int DEFAULT_MAX_ORG_SHARE_PERCENT = 50;

    /**
     * Copies the lists.
     *
     * @param taskId 1-64 characters of {@code [A-Za-z0-9_-]}
     * @param schema the model's tensors: names and shapes
     * @param rule the aggregation rule and its parameters
     * @param minUpdates fewest updates a round needs, at least the rule's minimum inputs
     * @param maxUpdates most updates a round accepts
     * @param attestationQuorum distinct organisations that must agree, from 2 to the number of allowed organisations
     * @param roundDurationSeconds seconds from opening a round to its deadline
     * @param maxSamples largest sample count an update may declare
     * @param maxPayloadBytes largest update or model payload, at most {@link TransportLimits#MAX_PAYLOAD_BYTES}
     * @param allowedOrgs organisations (MSP ids) that may train and attest
     * @param maxOrgSharePercent largest share (1-100 %) of a round's aggregation weight that one organisation's
     *     updates carry together; absent means {@link #DEFAULT_MAX_ORG_SHARE_PERCENT}
     * @param differentialPrivacy the task's mechanism and datasets; absent means no privacy budget
     * @param privacy the task's privacy mode; absent means none
     * @param incentives the task's incentive rules (issue 24); absent means no incentives
     */
    public TaskDefinitionArgument {
        schema = schema == null ? List.of() : List.copyOf(schema);
        allowedOrgs = allowedOrgs == null ? List.of() : List.copyOf(allowedOrgs);
    }

    /**
     * A task without differential privacy, a privacy mode or incentives.
     *
     * @param taskId 1-64 characters of {@code [A-Za-z0-9_-]}
     * @param schema the model's tensors: names and shapes
     * @param rule the aggregation rule and its parameters
     * @param minUpdates fewest updates a round needs, at least the rule's minimum inputs
     * @param maxUpdates most updates a round accepts
     * @param attestationQuorum distinct organisations that must agree
     * @param roundDurationSeconds seconds from opening a round to its deadline
     * @param maxSamples largest sample count an update may declare
     * @param maxPayloadBytes largest update or model payload
     * @param allowedOrgs organisations (MSP ids) that may train and attest
     * @param maxOrgSharePercent largest share (1-100 %) of a round's weight per organisation, or null
     */
    public TaskDefinitionArgument(String taskId, List<TensorSpecRecord> schema, RuleRecord rule, int minUpdates,
            int maxUpdates, int attestationQuorum, long roundDurationSeconds, long maxSamples, long maxPayloadBytes,
            List<String> allowedOrgs, Integer maxOrgSharePercent) {
        this(taskId, schema, rule, minUpdates, maxUpdates, attestationQuorum, roundDurationSeconds, maxSamples,
                maxPayloadBytes, allowedOrgs, maxOrgSharePercent, null, null, null);
    }

    /**
     * @param privacy the privacy mode
     * @return this definition with the privacy mode
     */
    public TaskDefinitionArgument withPrivacy(PrivacyArgument privacy) {
        return new TaskDefinitionArgument(taskId, schema, rule, minUpdates, maxUpdates, attestationQuorum,
                roundDurationSeconds, maxSamples, maxPayloadBytes, allowedOrgs, maxOrgSharePercent, differentialPrivacy,
                privacy, incentives);
    }
}

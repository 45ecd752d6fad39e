package org.fedledger.protocol.record;

import java.util.List;

/**
 * The answer of {@code getPrivacySpent}: a dataset's budget and what it has spent, epsilon computed by
 * the chaincode from the counts at the budget's delta.
 *
 * <pre>{@code
 * PrivacySpent s = RecordJson.read(json, PrivacySpent.class);
 * double left = Double.parseDouble(s.epsilonBudget()) - Double.parseDouble(s.epsilonSpent());
 * }</pre>
 *
 * @param msp the dataset's organisation
 * @param datasetId the dataset
 * @param epsilonBudget the budget's epsilon, as created
 * @param delta the budget's delta, as created
 * @param epsilonSpent the epsilon spent so far at {@code delta}, as Java writes the double
 * @param releases the counts it is computed from
 */
public record PrivacySpent(String msp, String datasetId, String epsilonBudget, String delta, String epsilonSpent,
        List<ReleaseCount> releases) {
    /**
     * Copies the counts.
     *
     * @param msp the dataset's organisation
     * @param datasetId the dataset
     * @param epsilonBudget the budget's epsilon, as created
     * @param delta the budget's delta, as created
     * @param epsilonSpent the epsilon spent so far at {@code delta}
     * @param releases the counts it is computed from
     */
    public PrivacySpent {
        releases = releases == null ? List.of() : List.copyOf(releases);
    }
}

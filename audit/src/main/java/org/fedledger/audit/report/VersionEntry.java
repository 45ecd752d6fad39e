package org.fedledger.audit.report;

import java.util.List;
import java.util.Map;

/**
 * One global model version in the lineage: how it was computed and who vouched for it.
 *
 * @param version the version; 0 is the task's initial model
 * @param hash the model payload's hash
 * @param round the round that produced it (0 for the initial model)
 * @param proposalSeq the proposal that produced it (0 for the initial model)
 * @param manifestHash the manifest's hash; empty for the initial model
 * @param rule the aggregation rule's name; empty for the initial model
 * @param ruleParameters the rule's parameters
 * @param baseHash the base model's hash the round trained from; empty for the initial model
 * @param proposer the aggregator's identity id; for the initial model, the task's creator
 * @param proposerMsp the aggregator's organisation
 * @param attestedBy organisations that agreed, sorted
 * @param inputs the manifest's weighted inputs, in manifest order
 * @param exclusions the inputs the rule left out
 * @param evidence what the rule did to each accepted update; empty when the rule records nothing
 * @param replay what the replay says of it
 * @param txId the transaction that made it final (or created the task)
 * @param block its block; -1 when the chain does not hold it
 * @param timestamp that transaction's time, seconds since the epoch
 */
public record VersionEntry(long version, String hash, int round, int proposalSeq, String manifestHash, String rule,
        Map<String, String> ruleParameters, String baseHash, String proposer, String proposerMsp,
        List<String> attestedBy, List<InputEntry> inputs, List<ExclusionEntry> exclusions, List<EvidenceEntry> evidence,
        VersionReplay replay, String txId,
        long block, long timestamp) {
    /** Copies the collections. */
    public VersionEntry {
        ruleParameters = Map.copyOf(ruleParameters);
        attestedBy = List.copyOf(attestedBy);
        inputs = List.copyOf(inputs);
        exclusions = List.copyOf(exclusions);
        evidence = List.copyOf(evidence);
    }
}

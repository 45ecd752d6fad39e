package org.fedledger.protocol.record;

import java.util.List;
import org.fedledger.core.model.ContentHash;

/**
 * The contributions a quorum agreed on when the round became FINAL, under
 * {@link org.fedledger.protocol.key.Keys#roundContributions(String, int)}: the evidence behind the
 * round's credits and reputation updates, and behind every dissenting verifier.
 *
 * @param taskId the task
 * @param round the round
 * @param seq the final proposal
 * @param contributions the agreed vector
 * @param contributionsHash its hash
 * @param agreeing organisations whose attestations carried the agreed hash, sorted
 * @param dissenting organisations that agreed with the output but attested other contributions,
 *     sorted: each one's {@link ContributionAttestationRecord} is the evidence against it
 * @param txId the resolving transaction
 * @param timestamp its timestamp
 * @param outOfLine the contributors whose update the agreed manifest shows out of line with the round's
 *     others ({@link org.fedledger.protocol.incentives.OutOfLine}), in update-key order; {@code null}
 *     (omitted from the JSON) when nobody is, as always when the task's rules set no {@code outOfLineFactor}
 * @param setAside the contributors whose update the agreed manifest shows the rule excluded or discarded at least
 *     the task's {@code setAsidePermille} of ({@link org.fedledger.protocol.incentives.SetAside}), in update-key
 *     order; {@code null} (omitted from the JSON) when nobody is
 */
@RecordJson.Schema(1)
public record RoundContributionsRecord(String taskId, int round, int seq, ContributionVector contributions,
        ContentHash contributionsHash, List<String> agreeing, List<String> dissenting, String txId, long timestamp,
        @RecordJson.Nullable List<String> outOfLine, @RecordJson.Nullable List<String> setAside) {
    /**
     * Copies the lists.
     *
     * @param taskId the task
     * @param round the round
     * @param seq the final proposal
     * @param contributions the agreed vector
     * @param contributionsHash its hash
     * @param agreeing organisations with the agreed hash
     * @param dissenting organisations with another hash
     * @param txId the resolving transaction
     * @param timestamp its timestamp
     * @param outOfLine contributors out of line; {@code null} or empty when nobody is (stored as {@code null})
     * @param setAside contributors the rule set aside; {@code null} or empty when nobody is (stored as {@code null})
     */
    public RoundContributionsRecord {
        agreeing = Records.copy(agreeing);
        dissenting = Records.copy(dissenting);
        // One encoding per content: the JSON omits an empty list, so an empty list is stored as its absence.
        outOfLine = outOfLine == null || outOfLine.isEmpty() ? null : Records.copy(outOfLine);
        setAside = setAside == null || setAside.isEmpty() ? null : Records.copy(setAside);
    }

    /**
     * A round in which the rule set nobody aside.
     *
     * @param taskId the task
     * @param round the round
     * @param seq the final proposal
     * @param contributions the agreed vector
     * @param contributionsHash its hash
     * @param agreeing organisations with the agreed hash
     * @param dissenting organisations with another hash
     * @param txId the resolving transaction
     * @param timestamp its timestamp
     * @param outOfLine contributors out of line; {@code null} or empty when nobody is
     */
    public RoundContributionsRecord(String taskId, int round, int seq, ContributionVector contributions,
            ContentHash contributionsHash, List<String> agreeing, List<String> dissenting, String txId, long timestamp,
            List<String> outOfLine) {
        this(taskId, round, seq, contributions, contributionsHash, agreeing, dissenting, txId, timestamp, outOfLine,
                null);
    }
}

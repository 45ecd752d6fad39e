package org.fedledger.sdk;

import java.util.Objects;
import java.util.Optional;
import org.fedledger.core.model.ContentHash;
import org.fedledger.protocol.record.ContributionVector;
import org.fedledger.protocol.record.Verdict;

/**
 * A verifier's finding on one proposal: the verdict, the hash it computed (when it could compute
 * one) and, for a disagreement, why.
 *
 * <pre>{@code
 * Verification v = verifier.verify(3, 1);
 * if (v.verdict() == Verdict.DISAGREE) { log.warn(v.reason().orElse("")); }
 * verifier.attest(v);
 * }</pre>
 *
 * @param round the round
 * @param seq the proposal's sequence number
 * @param verdict AGREE when the recomputed output hash equals the proposal's
 * @param computedHash the recomputed output's hash; the proposal's own hash when the inputs could not
 *     be aggregated (the verdict is then DISAGREE)
 * @param reason why the verdict is DISAGREE, empty for AGREE
 * @param contributions for a task with incentives, the contributions this verifier computed and
 *     attests with its verdict (issue 24); empty otherwise
 */
public record Verification(int round, int seq, Verdict verdict, ContentHash computedHash, Optional<String> reason,
        Optional<ContributionVector> contributions) {
    /**
     * Checks the fields.
     *
     * @param round the round
     * @param seq the proposal's sequence number
     * @param verdict the verdict
     * @param computedHash the recomputed output's hash
     * @param reason why the verdict is DISAGREE
     * @param contributions the contributions attested with it, if any
     */
    public Verification {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(computedHash, "computedHash");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(contributions, "contributions");
    }

    /**
     * A verification without contributions (a task without incentives).
     *
     * @param round the round
     * @param seq the proposal's sequence number
     * @param verdict the verdict
     * @param computedHash the recomputed output's hash
     * @param reason why the verdict is DISAGREE, empty for AGREE
     */
    public Verification(int round, int seq, Verdict verdict, ContentHash computedHash, Optional<String> reason) {
        this(round, seq, verdict, computedHash, reason, Optional.empty());
    }

    /**
     * @param computed the contributions this verifier computed
     * @return this verification attesting {@code computed} too
     */
    public Verification withContributions(ContributionVector computed) {
        return new Verification(round, seq, verdict, computedHash, reason,
                Optional.of(Objects.requireNonNull(computed, "computed")));
    }

    /**
     * @param why why this organisation will not endorse the proposal although it recomputed it
     * @return this verification as a DISAGREE with {@code why}, keeping the computed hash
     */
    public Verification objecting(String why) {
        return new Verification(round, seq, Verdict.DISAGREE, computedHash, Optional.of(Objects.requireNonNull(why, "why")),
                contributions);
    }
}

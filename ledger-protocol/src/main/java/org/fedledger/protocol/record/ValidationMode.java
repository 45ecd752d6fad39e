package org.fedledger.protocol.record;

/**
 * Whose validation data values a round's contributions (issue 24, {@code docs/incentives.md} section 2).
 *
 * <pre>{@code
 * IncentiveRules shared = new IncentiveRules(ContributionMethod.SHAPLEY, validationSet.hash(), 10);
 * IncentiveRules mine = IncentiveRules.onPrivateSets(ContributionMethod.SHAPLEY, 10);   // each organisation's own
 * }</pre>
 */
public enum ValidationMode {
    /**
     * One validation set for every organisation, committed by hash in the task's rules: every verifier
     * computes the same vector, the quorum agrees on its hash, and a verifier that attests another one is
     * penalised.
     */
    SHARED,
    /**
     * Each organisation values the round on its own validation set, committed by hash on the ledger
     * ({@link ValidationSetRecord}) before the rounds it values and never disclosed. Vectors differ between
     * organisations, so the quorum agrees on the output alone and the agreed contributions are, contributor
     * by contributor, the median of the vectors of every organisation that agreed with it
     * ({@link org.fedledger.protocol.incentives.PrivateValuation#median}).
     */
    PRIVATE
}

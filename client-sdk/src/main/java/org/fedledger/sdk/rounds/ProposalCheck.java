package org.fedledger.sdk.rounds;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.fedledger.core.manifest.ManifestInput;
import org.fedledger.protocol.record.ProposalRecord;
import org.fedledger.protocol.record.UpdateRecord;

/**
 * An organisation's own condition on the proposals its verifier attests, on top of the recomputation
 * every verifier runs: a proposal that recomputes correctly but fails the condition is attested
 * DISAGREE with the check's reason ({@link RoundStrategy#requiring}). The condition is a policy of the
 * attesting organisation, so it binds only through that organisation's vote in the task's quorum.
 *
 * <pre>{@code
 * ProposalCheck check = ProposalCheck.atLeastOrganisations(3);
 * }</pre>
 */
@FunctionalInterface
public interface ProposalCheck {
    /**
     * @param proposal the proposal, whose recomputation matched its output hash
     * @param roundUpdates every update record of the proposal's round
     * @return why this organisation will not endorse the proposal, or empty when it will
     */
    Optional<String> objection(ProposalRecord proposal, List<UpdateRecord> roundUpdates);

    /**
     * Objects to an aggregate of fewer than {@code organisations} distinct organisations' updates: with
     * two inputs, either contributor recovers the other's update from the published model, so an
     * organisation protecting its members' updates requires more.
     *
     * @param organisations the fewest distinct organisations among a proposal's inputs (at least 1)
     * @return the check
     */
    static ProposalCheck atLeastOrganisations(int organisations) {
        if (organisations < 1) {
            throw new IllegalArgumentException("organisations must be at least 1, was " + organisations);
        }
        return (proposal, roundUpdates) -> {
            Set<String> contributors = new HashSet<>();
            for (ManifestInput input : proposal.manifest().inputs()) {
                contributors.add(input.contributor());
            }
            Set<String> msps = new HashSet<>();
            for (UpdateRecord update : roundUpdates) {
                if (contributors.contains(update.contributor())) {
                    msps.add(update.msp());
                }
            }
            return msps.size() >= organisations ? Optional.empty()
                    : Optional.of("the aggregate has inputs of " + msps.size() + " organisation(s); this organisation"
                            + " requires at least " + organisations);
        };
    }
}

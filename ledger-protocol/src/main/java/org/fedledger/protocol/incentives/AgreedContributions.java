package org.fedledger.protocol.incentives;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fedledger.core.model.ContentHash;
import org.fedledger.protocol.record.AttestationRecord;
import org.fedledger.protocol.record.ContributionAttestationRecord;
import org.fedledger.protocol.record.ContributionVector;
import org.fedledger.protocol.record.IncentiveRules;
import org.fedledger.protocol.record.ProposalRecord;
import org.fedledger.protocol.record.Quorum;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.TaskRecord;

/**
 * What a FINAL round of an incentives task agreed it was worth, from its attestations: one rule for the
 * chaincode that writes the round's contributions record and the audit that replays it.
 *
 * <ul>
 *   <li>On a shared validation set: the vector of the first organisation of the quorum (all of which
 *       attested the same hash); every organisation that attested another vector dissents.</li>
 *   <li>On private sets ({@link org.fedledger.protocol.record.ValidationMode#PRIVATE}): the median of the
 *       vectors of every organisation that agreed with the output ({@link PrivateValuation}); nobody dissents,
 *       since organisations valuing on different data legitimately differ. When none of them had a set
 *       covering the round, nobody valued it: every value is 0 and nobody is listed.</li>
 * </ul>
 *
 * <pre>{@code
 * AgreedContributions agreed = AgreedContributions.of(task, rules, round, proposal, tally, attestations, attested);
 * }</pre>
 *
 * @param contributions the agreed vector
 * @param hash its hash
 * @param agreeing the organisations it was agreed by (the quorum), or valued by (private sets), sorted
 * @param dissenting organisations that attested another vector on a shared set, sorted; empty on private sets
 */
public record AgreedContributions(ContributionVector contributions, ContentHash hash, List<String> agreeing,
        List<String> dissenting) {
    /**
     * Copies the lists.
     *
     * @param contributions the agreed vector
     * @param hash its hash
     * @param agreeing the organisations it was agreed or valued by
     * @param dissenting organisations that attested another vector
     */
    public AgreedContributions {
        agreeing = List.copyOf(agreeing);
        dissenting = List.copyOf(dissenting);
    }

    /**
     * @param task the task
     * @param rules its incentive rules
     * @param round the round (its accepted updates)
     * @param proposal the final proposal
     * @param tally its tally by the rules ({@link Quorum#tally(TaskRecord, IncentiveRules, ProposalRecord, List, List)}),
     *     the quorum reached
     * @param attestations the proposal's attestations, in any order
     * @param attested the contributions attested with them, in any order
     * @return the round's agreed contributions
     */
    public static AgreedContributions of(TaskRecord task, IncentiveRules rules, RoundRecord round,
            ProposalRecord proposal, Quorum.Tally tally, List<AttestationRecord> attestations,
            List<ContributionAttestationRecord> attested) {
        Map<String, ContributionAttestationRecord> byMsp = new TreeMap<>();
        attested.stream().filter(c -> c.taskId().equals(proposal.taskId()) && c.round() == proposal.round()
                && c.seq() == proposal.seq()).forEach(c -> byMsp.put(c.msp(), c));
        if (rules.privateValidation()) {
            List<String> valuers = PrivateValuation.valuers(task, proposal, attestations, attested);
            if (valuers.isEmpty()) {
                // No organisation that agreed had a set covering the round: nobody valued it, every value is 0.
                List<String> contributors = round.contributorsInKeyOrder();
                ContributionVector none = new ContributionVector(rules.method(), rules.scale(contributors.size()),
                        contributors, contributors.stream().map(c -> 0L).toList());
                return new AgreedContributions(none, none.hash(), List.of(), List.of());
            }
            ContributionVector median = PrivateValuation.median(valuers.stream()
                    .map(msp -> byMsp.get(msp).contributions()).toList());
            return new AgreedContributions(median, median.hash(), valuers, List.of());
        }
        ContributionAttestationRecord leading = byMsp.get(tally.agreeing().get(0));
        List<String> dissenting = new ArrayList<>();
        byMsp.forEach((msp, c) -> {
            if (!c.contributionsHash().equals(leading.contributionsHash())) {
                dissenting.add(msp);
            }
        });
        return new AgreedContributions(leading.contributions(), leading.contributionsHash(), tally.agreeing(),
                dissenting);
    }
}

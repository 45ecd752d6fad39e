package org.fedledger.protocol.incentives;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.fedledger.core.aggregation.IntegerMedian;
import org.fedledger.protocol.record.AttestationRecord;
import org.fedledger.protocol.record.ContributionAttestationRecord;
import org.fedledger.protocol.record.ContributionVector;
import org.fedledger.protocol.record.ProposalRecord;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.record.Verdict;

/**
 * The agreed contributions of a round valued on private validation sets
 * ({@link org.fedledger.protocol.record.ValidationMode#PRIVATE}, {@code docs/incentives.md} section 2): every
 * organisation that agreed with the final output values the round on its own set, and the round's
 * contributions are, contributor by contributor, the median of their vectors. One rule for the chaincode
 * that writes them and the audit that replays them.
 *
 * <pre>{@code
 * List<String> valuers = PrivateValuation.valuers(task, proposal, attestations, contributions);
 * ContributionVector agreed = PrivateValuation.median(vectorsOf(valuers));
 * }</pre>
 */
public final class PrivateValuation {
    private PrivateValuation() {
    }

    /**
     * The organisations whose vectors a round's median takes: every organisation the task allows (the
     * proposer's included, when another of its identities attested) that attested AGREE with the proposal's
     * output hash and contributions with it, in MSP order.
     *
     * @param task the task
     * @param proposal the final proposal
     * @param attestations its attestations, in any order
     * @param contributions the contributions attested with them, in any order
     * @return the valuers, sorted
     */
    public static List<String> valuers(TaskRecord task, ProposalRecord proposal, List<AttestationRecord> attestations,
            List<ContributionAttestationRecord> contributions) {
        TreeMap<String, Boolean> agreed = new TreeMap<>();
        for (AttestationRecord a : attestations) {
            if (same(proposal, a.taskId(), a.round(), a.seq()) && task.allowedOrgs().contains(a.msp())
                    && a.verdict() == Verdict.AGREE && a.computedHash().equals(proposal.outputHash())) {
                agreed.put(a.msp(), Boolean.TRUE);
            }
        }
        List<String> valuers = new ArrayList<>();
        for (ContributionAttestationRecord c : contributions) {
            if (same(proposal, c.taskId(), c.round(), c.seq()) && agreed.containsKey(c.msp())) {
                valuers.add(c.msp());
            }
        }
        valuers.sort(null);
        return List.copyOf(valuers);
    }

    /**
     * The median vector: for each contributor, the {@link IntegerMedian} of the vectors' values.
     *
     * @param vectors one or more vectors of the same method, scale and contributors
     * @return the median vector
     * @throws IllegalArgumentException when there is none, or they differ in method, scale or contributors
     * @throws ArithmeticException when two middle values overflow a long when added
     */
    public static ContributionVector median(List<ContributionVector> vectors) {
        if (vectors.isEmpty()) {
            throw new IllegalArgumentException("the median of no contribution vectors");
        }
        ContributionVector first = vectors.get(0);
        for (ContributionVector v : vectors) {
            if (v.method() != first.method() || v.scale() != first.scale()
                    || !v.contributors().equals(first.contributors())) {
                throw new IllegalArgumentException("contribution vectors of another method, scale or contributors: "
                        + v.method() + "/" + v.scale() + "/" + v.contributors() + " beside " + first.method() + "/"
                        + first.scale() + "/" + first.contributors());
            }
        }
        int n = vectors.size();
        List<Long> medians = new ArrayList<>();
        for (int i = 0; i < first.contributors().size(); i++) {
            long[] column = new long[n];
            for (int k = 0; k < n; k++) {
                column[k] = vectors.get(k).values().get(i);
            }
            medians.add(IntegerMedian.of(column));
        }
        return new ContributionVector(first.method(), first.scale(), first.contributors(), medians);
    }

    private static boolean same(ProposalRecord proposal, String taskId, int round, int seq) {
        return taskId.equals(proposal.taskId()) && round == proposal.round() && seq == proposal.seq();
    }
}

package org.fedledger.sdk;

import org.fedledger.protocol.record.PartialSumRecord;
import org.fedledger.protocol.record.ProposalRecord;

/**
 * An aggregator's work in one task: read a closed round's updates (each verified against its
 * hash), run the task's fl-core rule, build the manifest, propose.
 *
 * <pre>{@code
 * Aggregator aggregator = ledger.aggregator("breast-cancer");
 * Aggregation next = aggregator.aggregate(3);
 * aggregator.propose(next);
 * }</pre>
 */
public interface Aggregator {
    /**
     * Computes the round's next global model and its manifest; writes nothing. An OPEN round is
     * aggregated over the accepted set its close would fix now: proposed on a full round by an
     * aggregator of the task's owner organisation, the proposal closes it.
     *
     * @throws org.fedledger.sdk.payload.IntegrityException when an update's bytes do not match its record
     * @throws IllegalStateException when the round has nothing to aggregate, or is OPEN in a task that
     *     cannot close with its proposal ({@link #closesWithProposal()})
     */
    Aggregation aggregate(int round);

    /**
     * Whether a full OPEN round of this task may close with its proposal. Not when the aggregate depends
     * on the close: a secure task is unmasked from reveals made after it, and central noise is seeded by it.
     *
     * @return true for every other task
     */
    boolean closesWithProposal();

    /**
     * Proposes the aggregation: manifest and output model.
     *
     * @throws org.fedledger.sdk.errors.ContractRefusedException MANIFEST_MISMATCH, INVALID_STATE, ...
     */
    Receipt<ProposalRecord> propose(Aggregation aggregation);

    /**
     * Whether this task's rounds may be pipelined ({@link #proposeAndOpen}): a synchronous or buffered
     * task without secure aggregation and without incentives (docs/round-modes.md).
     *
     * @return true when {@link #proposeAndOpen} is allowed for the task
     */
    boolean pipelines();

    /**
     * Proposes the aggregation of the task's latest round and opens the next round on the proposal, in
     * one transaction: trainers train from the proposed model while the verifiers check it. The identity
     * needs the aggregator and coordinator roles of the task's owner organisation. When the round was
     * itself opened on the previous round's proposal, the transaction first makes that round FINAL; the
     * ledger refuses the proposal until the previous round's verifiers have agreed.
     *
     * <pre>{@code
     * Aggregation a = aggregator.aggregate(round);
     * aggregator.proposeAndOpen(a);          // round PROPOSED, round + 1 OPEN on a.output()
     * }</pre>
     *
     * @param aggregation the round's aggregation
     * @return the proposal's receipt
     * @throws org.fedledger.sdk.errors.ContractRefusedException INVALID_STATE (not the latest round, a task
     *     that does not pipeline, or a previous round not FINAL yet), FORBIDDEN, and the refusals of
     *     {@link #propose}
     */
    Receipt<ProposalRecord> proposeAndOpen(Aggregation aggregation);

    /**
     * In a hierarchical task, publishes this aggregator's organisation's partial sum of an OPEN round:
     * reads its trainers' internal updates from its own organisation's peer (each verified against its
     * record), sums them exactly and publishes the sum with their records. A verifier of the organisation,
     * another identity, must attest it ({@link Verifier#attestPartialSum}) before the round admits it.
     *
     * <pre>{@code
     * org1Aggregator.publishPartialSum(3);
     * org1Verifier.attestPartialSum(3);
     * }</pre>
     *
     * @param round the round
     * @return the published partial sum record
     * @throws IllegalStateException when the organisation has no internal update in the round
     * @throws org.fedledger.sdk.errors.ContractRefusedException ROUND_NOT_OPEN, DUPLICATE_UPDATE, ...
     */
    Receipt<PartialSumRecord> publishPartialSum(int round);
}

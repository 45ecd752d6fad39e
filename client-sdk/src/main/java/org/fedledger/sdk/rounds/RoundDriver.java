package org.fedledger.sdk.rounds;

import java.util.Objects;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.sdk.FedLedger;

/**
 * Runs a task's rounds as its coordinator and aggregator, one step at a time or a whole round at once,
 * always from where the ledger says the task stands: a coordinator that crashed and restarts calls
 * {@link #runRound()} and the driver picks the round up in whatever state it was left (OPEN: collect
 * and close; CLOSED or DISPUTED: aggregate and propose; PROPOSED: await the verifiers), or opens the
 * next one. The identity behind {@code ledger} needs the coordinator role of the task's owner
 * organisation, and the aggregator role to propose.
 *
 * <pre>{@code
 * RoundDriver driver = RoundDriver.of(ledger, "breast-cancer", RoundPolicy.expecting(3));
 * for (int i = 0; i < 30; i++) {
 *     RoundOutcome outcome = driver.runRound();
 *     outcome.model().ifPresent(m -> System.out.println("version " + m.version()));
 * }
 * }</pre>
 */
public interface RoundDriver {
    /**
     * @param ledger the coordinator's (and aggregator's) connection; the driver does not close it, and
     *     compares deadlines with its {@link FedLedger#clock()}
     * @param taskId the task
     * @param policy when to close and how long to wait
     * @return a driver with the {@linkplain RoundStrategy#standard() standard strategy}
     */
    static RoundDriver of(FedLedger ledger, String taskId, RoundPolicy policy) {
        return of(ledger, taskId, policy, RoundStrategy.standard());
    }

    /**
     * @param ledger the coordinator's (and aggregator's) connection; the driver does not close it, and
     *     compares deadlines with its {@link FedLedger#clock()}
     * @param taskId the task
     * @param policy when to close and how long to wait
     * @param strategy how a closed round's aggregate is computed
     * @return a driver
     */
    static RoundDriver of(FedLedger ledger, String taskId, RoundPolicy policy, RoundStrategy strategy) {
        return new LedgerRoundDriver(Objects.requireNonNull(ledger, "ledger"), Objects.requireNonNull(taskId, "taskId"),
                Objects.requireNonNull(policy, "policy"), Objects.requireNonNull(strategy, "strategy"), ledger.clock());
    }

    /**
     * Drives the task's current round to its end (FINAL or FAILED), or opens and drives the next one
     * when the latest has ended: collects and closes it, then proposes until the verifiers decide
     * ({@link #awaitDecision}).
     *
     * @return how the round ended
     * @throws org.fedledger.sdk.errors.AwaitTimeoutException when the verifiers do not decide within the
     *     policy's decision timeout
     * @throws org.fedledger.sdk.errors.FedLedgerClientException when the ledger refuses or is unreachable
     */
    RoundOutcome runRound();

    /**
     * The task's round that is OPEN: the latest one when it is still OPEN, or a newly opened one when
     * the latest has ended (or none exists), or when its proposal has the quorum of AGREE attestations:
     * that open makes it FINAL in the same transaction.
     *
     * @return the open round; a round in another state when the latest round is neither ended nor OPEN
     */
    RoundRecord open();

    /**
     * Collects updates for {@code round} by the policy and closes it. A round that is full (it holds the
     * task's {@code maxUpdates}) is aggregated and proposed at once, and the proposal closes it in the same
     * transaction; if the ledger refuses that (the driver's identity is not the owner's aggregator, or an
     * update over capacity arrived meanwhile), the round is closed on its own. A round that is no longer
     * OPEN is returned as it stands. A round opened on the previous round's proposal (pipelined) is
     * proposed only once that proposal has its quorum, which this proposal then makes FINAL; a round whose
     * base never becomes FINAL is resolved, which fails it.
     *
     * @param round the round number
     * @return the round after the close: CLOSED with its accepted set, PROPOSED (a full round closed with
     *     its proposal), or FAILED
     */
    RoundRecord collect(int round);

    /**
     * Aggregates a CLOSED or DISPUTED round by the driver's {@link RoundStrategy} and proposes the result; a round in
     * another state is returned as it stands. As in {@link #collect}, a round opened on the previous round's
     * proposal waits for that proposal's quorum first, and is failed when its base never becomes FINAL.
     *
     * @param round the round number
     * @return the round after the proposal
     */
    RoundRecord propose(int round);

    /**
     * Waits until the verifiers decide {@code round}, FINAL or FAILED: once their attestations give a
     * proposal its quorum, the driver resolves the round itself (the owner organisation's verifier
     * service leaves that to it, {@link org.fedledger.sdk.verifier.VerifierService#OWNER_HANDOVER}); a round they DISPUTED is
     * aggregated and proposed again (a round takes at most
     * {@link org.fedledger.protocol.record.Quorum#MAX_PROPOSALS_PER_ROUND} proposals, then FAILS); a
     * CLOSED one is proposed first.
     *
     * @param round the round number, no longer OPEN
     * @return how the round ended
     * @throws org.fedledger.sdk.errors.AwaitTimeoutException when a proposal stays undecided for the
     *     policy's decision timeout
     */
    RoundOutcome awaitDecision(int round);

    /**
     * As {@link #awaitDecision}, for a task that goes on: once the attestations give the round's
     * proposal its quorum, the driver opens the next round, and that one transaction makes this round
     * FINAL (no separate resolve). When the proposal cannot reach its quorum the verifiers decide as in
     * {@link #awaitDecision}.
     *
     * <pre>{@code
     * RoundRecord r = driver.collect(driver.open().round());
     * RoundOutcome outcome = driver.advance(r.round());   // FINAL, and the next round OPEN
     * }</pre>
     *
     * @param round the round number, no longer OPEN
     * @return how the round ended; when FINAL, the next round is usually OPEN already ({@link #open} returns it)
     * @throws org.fedledger.sdk.errors.AwaitTimeoutException when a proposal stays undecided for the
     *     policy's decision timeout
     */
    RoundOutcome advance(int round);

    /**
     * Pipelines the task's latest round (docs/round-modes.md): collects it by the policy as
     * {@link #collect} does, then proposes it and opens the next round on the proposal in one transaction
     * ({@link org.fedledger.sdk.Aggregator#proposeAndOpen}), so that trainers train from the proposed model
     * while the verifiers check it. When {@code round} was itself opened on the previous round's proposal,
     * the driver first waits for that proposal's attestations: agreed, the proposal of {@code round}
     * makes the previous round FINAL in the same transaction; otherwise the verifiers decide it as in
     * {@link #awaitDecision}, and when it becomes FINAL with another model or FAILED, {@code round} can
     * never be proposed: the driver resolves it (FAILED, {@code BASE_SUPERSEDED}) and opens a round from
     * the FINAL model.
     *
     * <pre>{@code
     * RoundRecord open = driver.open();
     * while (training) {
     *     // trainers: trainer.trainRound(open.round(), ...), from a FINAL model or a proposal
     *     open = driver.pipeline(open.round());        // round proposed, the next one OPEN
     * }
     * }</pre>
     *
     * @param round the task's latest round, OPEN or CLOSED
     * @return the task's round that is now OPEN (usually {@code round + 1}, opened on the proposal)
     * @throws IllegalStateException when the task's rounds cannot be pipelined
     *     ({@link org.fedledger.sdk.Aggregator#pipelines})
     * @throws org.fedledger.sdk.errors.AwaitTimeoutException when the previous round's verifiers do not
     *     decide within the policy's decision timeout
     */
    RoundRecord pipeline(int round);
}

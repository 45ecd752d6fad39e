package org.fedledger.sdk.rounds;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.record.Quorum;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.RoundState;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.record.UpdateRecord;
import org.fedledger.sdk.Aggregation;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.errors.AwaitTimeoutException;
import org.fedledger.sdk.errors.CommitInvalidatedException;
import org.fedledger.sdk.errors.ContractRefusedException;

/** {@link RoundDriver} over the SDK's role APIs; every decision starts from a fresh read of the ledger. */
final class LedgerRoundDriver implements RoundDriver {
    /** Past the deadline by this much before the owner closes a round that is short of updates. */
    private static final Duration DEADLINE_MARGIN = Duration.ofSeconds(1);

    private final FedLedger ledger;
    private final String taskId;
    private final RoundPolicy policy;
    private final RoundStrategy strategy;
    private final Clock clock;

    LedgerRoundDriver(FedLedger ledger, String taskId, RoundPolicy policy, RoundStrategy strategy, Clock clock) {
        this.ledger = ledger;
        this.taskId = taskId;
        this.policy = policy;
        this.strategy = strategy;
        this.clock = clock;
    }

    @Override
    public RoundOutcome runRound() {
        RoundRecord r = open();
        if (r.state() == RoundState.OPEN) {
            r = collect(r.round());
        }
        return awaitDecision(r.round());
    }

    @Override
    public RoundRecord open() {
        TaskRecord task = ledger.auditor().task(taskId);
        if (task.lastRound() > 0) {
            RoundRecord latest = round(task.lastRound());
            if (latest.state() == RoundState.PROPOSED) {
                // Its quorum may be reached already: then this open makes it FINAL in the same transaction.
                return openAfterAgreement().orElse(latest);
            }
            if (latest.state() != RoundState.FINAL && latest.state() != RoundState.FAILED) {
                return latest;
            }
        }
        return ledger.coordinator().openRound(taskId).record();
    }

    @Override
    public RoundRecord collect(int number) {
        return collect(number, false);
    }

    @Override
    public RoundRecord pipeline(int number) {
        if (!ledger.aggregator(taskId).pipelines()) {
            throw new IllegalStateException("task '" + taskId + "' does not pipeline its rounds (it is secure or"
                    + " has incentives): run them with collect, propose and advance");
        }
        RoundRecord r = collect(number, true);
        if (r.state() == RoundState.CLOSED && settleBase(r)) {
            proposeAndOpen(number);
        }
        return open();
    }

    /**
     * Makes the round's base proposable: when the round was opened on the previous round's proposal, waits
     * for that proposal's attestations. Agreed, the round's own proposal will make it FINAL; otherwise the
     * verifiers decide it ({@link #awaitDecision}). A base that became FINAL with another model, or whose
     * round FAILED, is superseded: the round is resolved, which fails it, and false is returned.
     */
    private boolean settleBase(RoundRecord r) {
        TaskRecord task = ledger.auditor().task(taskId);
        if (r.baseVersion() > task.currentVersion()) {
            int previous = r.round() - 1;
            RoundRecord p = ledger.coordinator().awaitAttestations(taskId, previous, policy.decisionTimeout());
            if (p.state() == RoundState.PROPOSED && agreed(previous, p.proposalSeq())
                    && ledger.auditor().proposal(taskId, previous, p.proposalSeq()).outputHash()
                            .equals(r.baseModelHash())) {
                return true;
            }
            awaitDecision(previous);
            task = ledger.auditor().task(taskId);
        }
        if (r.baseVersion() == task.currentVersion() && r.baseModelHash().equals(task.currentModelHash())) {
            return true;
        }
        ledger.verifier(taskId).resolve(r.round());
        return false;
    }

    /**
     * Proposes the round with {@code proposeAndOpen}, first as if its base were settled, which it usually
     * is by the time the round is full: the previous round's attestations came while its trainers
     * trained. When the ledger refuses that ({@code INVALID_STATE}: the previous round's proposal lacks its
     * quorum yet), the driver settles the base ({@link #settleBase}) and proposes again, or leaves the
     * round FAILED when the base is superseded. A resolve of the previous round that committed between
     * the proposal's simulation and its commit invalidates it; it is then simulated again, and finalises
     * nothing.
     *
     * @return whether the round was proposed
     */
    private boolean proposeAndOpen(int number) {
        Aggregation aggregation = strategy.aggregate(ledger, taskId, number);
        try {
            ledger.aggregator(taskId).proposeAndOpen(aggregation);
            return true;
        } catch (ContractRefusedException early) {
            if (early.code() != ErrorCode.INVALID_STATE) {
                throw early;
            }
            if (!settleBase(round(number))) {
                return false;
            }
        } catch (CommitInvalidatedException raced) {
            if (round(number).state() == RoundState.PROPOSED) {
                return true;
            }
        }
        ledger.aggregator(taskId).proposeAndOpen(strategy.aggregate(ledger, taskId, number));
        return true;
    }

    private RoundRecord collect(int number, boolean pipelined) {
        RoundRecord r = round(number);
        if (r.state() != RoundState.OPEN) {
            return r;
        }
        TaskRecord task = ledger.auditor().task(taskId);
        int minUpdates = task.minUpdates();
        List<UpdateRecord> updates = updatesWithin(number, Math.max(policy.expectedUpdates(), minUpdates),
                policy.collectTimeout());
        if (updates.size() < minUpdates) {
            // Trainers do not submit from a proposal their organisations disputed: a round opened on it
            // fails now (BASE_SUPERSEDED) rather than at its deadline.
            if (!settleBase(r)) {
                return round(number);
            }
            // Too few trainers answered: the round runs to its deadline, then closes with what it has
            // (FAILED below minUpdates).
            Duration toDeadline = Duration.between(clock.instant(), Instant.ofEpochSecond(r.deadline()))
                    .plus(DEADLINE_MARGIN);
            updates = updatesWithin(number, minUpdates, toDeadline.isNegative() ? Duration.ZERO : toDeadline);
            if (updates.size() < minUpdates) {
                waitUntilPast(r.deadline());
            }
        }
        // A pipelined proposal settles its base itself, only when the ledger says it must.
        if (updates.size() >= task.maxUpdates() && ledger.aggregator(taskId).closesWithProposal()
                && (pipelined || settleBase(r))) {
            Optional<RoundRecord> proposed = closeWithProposal(number, pipelined);
            if (proposed.isPresent()) {
                return proposed.get();
            }
        }
        try {
            return ledger.coordinator().closeRound(taskId, number).record();
        } catch (ContractRefusedException e) {
            // Closed meanwhile by a quorum of organisations' deadline votes.
            if (e.code() == ErrorCode.INVALID_STATE) {
                return round(number);
            }
            throw e;
        }
    }

    @Override
    public RoundRecord propose(int number) {
        RoundRecord r = round(number);
        if (r.state() != RoundState.CLOSED && r.state() != RoundState.DISPUTED) {
            return r;
        }
        if (settleBase(r)) {
            ledger.aggregator(taskId).propose(strategy.aggregate(ledger, taskId, number));
        }
        return round(number);
    }

    @Override
    public RoundOutcome awaitDecision(int number) {
        RoundRecord r = round(number);
        while (true) {
            switch (r.state()) {
                case OPEN -> throw new IllegalStateException("round " + number + " of task '" + taskId
                        + "' is still OPEN: collect it first");
                case CLOSED, DISPUTED -> r = propose(number);
                case PROPOSED -> r = resolveOnceAttested(number);
                case FINAL -> {
                    return new RoundOutcome(r, Optional.of(ledger.auditor().verifiedModel(taskId, r.baseVersion() + 1)));
                }
                case FAILED -> {
                    return new RoundOutcome(r, Optional.empty());
                }
                default -> throw new IllegalStateException("round " + number + " is in an unknown state " + r.state());
            }
        }
    }

    @Override
    public RoundOutcome advance(int number) {
        RoundRecord r = round(number);
        if (r.state() == RoundState.CLOSED || r.state() == RoundState.DISPUTED) {
            r = propose(number);
        }
        if (r.state() == RoundState.PROPOSED) {
            r = ledger.coordinator().awaitAttestations(taskId, number, policy.decisionTimeout());
            if (r.state() == RoundState.PROPOSED) {
                openAfterAgreement();
            }
        }
        return awaitDecision(number);
    }

    /**
     * Waits for the attestations to decide the round's proposal. Agreed, the driver resolves it (the
     * owner organisation's verifier service leaves that to the driver); out of reach, the verifier
     * services dispute it as before.
     */
    private RoundRecord resolveOnceAttested(int number) {
        RoundRecord r = ledger.coordinator().awaitAttestations(taskId, number, policy.decisionTimeout());
        if (r.state() != RoundState.PROPOSED) {
            return r;
        }
        if (agreed(number, r.proposalSeq())) {
            return ledger.verifier(taskId).resolve(number).record();
        }
        return ledger.coordinator().awaitResolution(taskId, number, policy.decisionTimeout());
    }

    private boolean agreed(int number, int seq) {
        // The verifier's tally is the chaincode's: with incentives, the contributions must agree too.
        return ledger.verifier(taskId).tally(number, seq).outcome() == Quorum.Outcome.REACHED;
    }

    /**
     * Opens the next round, which makes the latest one FINAL when its proposal has the quorum; empty when
     * it has not (the verifiers then decide it, DISPUTED or FAILED).
     */
    private Optional<RoundRecord> openAfterAgreement() {
        try {
            return Optional.of(ledger.coordinator().openRound(taskId).record());
        } catch (ContractRefusedException e) {
            if (e.code() == ErrorCode.INVALID_STATE) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Proposes on the full OPEN round, which the proposal closes in the same transaction; empty when the
     * ledger refuses (this identity is not the owner's aggregator, or an update over capacity changed the
     * accepted set meanwhile), so that the round is closed on its own.
     */
    private Optional<RoundRecord> closeWithProposal(int number, boolean pipelined) {
        try {
            if (pipelined) {
                proposeAndOpen(number);
            } else {
                ledger.aggregator(taskId).propose(strategy.aggregate(ledger, taskId, number));
            }
            return Optional.of(round(number));
        } catch (ContractRefusedException e) {
            if (e.code() == ErrorCode.INVALID_STATE || e.code() == ErrorCode.FORBIDDEN
                    || e.code() == ErrorCode.MANIFEST_MISMATCH) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private RoundRecord round(int number) {
        return ledger.auditor().round(taskId, number);
    }

    /** The round's updates once {@code count} arrived or {@code timeout} passed, whichever is first. */
    private List<UpdateRecord> updatesWithin(int number, int count, Duration timeout) {
        try {
            return ledger.coordinator().awaitUpdates(taskId, number, count, timeout);
        } catch (AwaitTimeoutException notAll) {
            return ledger.auditor().updates(taskId, number);
        }
    }

    private void waitUntilPast(long deadlineEpochSecond) {
        Instant past = Instant.ofEpochSecond(deadlineEpochSecond).plus(DEADLINE_MARGIN);
        try {
            while (clock.instant().isBefore(past)) {
                Thread.sleep(Math.max(1, Math.min(1000, Duration.between(clock.instant(), past).toMillis())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AwaitTimeoutException("the deadline of a round of task '" + taskId + "' (interrupted)",
                    Duration.between(clock.instant(), past));
        }
    }
}

package org.fedledger.sdk.rounds;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.RoundState;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.record.UpdateRecord;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.errors.AwaitTimeoutException;
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
            if (latest.state() != RoundState.FINAL && latest.state() != RoundState.FAILED) {
                return latest;
            }
        }
        return ledger.coordinator().openRound(taskId).record();
    }

    @Override
    public RoundRecord collect(int number) {
        RoundRecord r = round(number);
        if (r.state() != RoundState.OPEN) {
            return r;
        }
        int minUpdates = ledger.auditor().task(taskId).minUpdates();
        List<UpdateRecord> updates = updatesWithin(number, Math.max(policy.expectedUpdates(), minUpdates),
                policy.collectTimeout());
        if (updates.size() < minUpdates) {
            // Too few trainers answered: the round runs to its deadline, then closes with what it has
            // (FAILED below minUpdates).
            Duration toDeadline = Duration.between(clock.instant(), Instant.ofEpochSecond(r.deadline()))
                    .plus(DEADLINE_MARGIN);
            updates = updatesWithin(number, minUpdates, toDeadline.isNegative() ? Duration.ZERO : toDeadline);
            if (updates.size() < minUpdates) {
                waitUntilPast(r.deadline());
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
        ledger.aggregator(taskId).propose(strategy.aggregate(ledger, taskId, number));
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
                case PROPOSED -> r = ledger.coordinator().awaitResolution(taskId, number, policy.decisionTimeout());
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

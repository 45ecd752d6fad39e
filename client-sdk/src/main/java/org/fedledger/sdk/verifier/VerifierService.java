package org.fedledger.sdk.verifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.event.LedgerEvent;
import org.fedledger.protocol.record.ProposalRecord;
import org.fedledger.protocol.record.Quorum;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.RoundState;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.Verification;
import org.fedledger.sdk.errors.ContractRefusedException;
import org.fedledger.sdk.incentives.ModelScorer;
import org.fedledger.sdk.incentives.ValidationSetMismatchException;
import org.fedledger.sdk.events.FileCheckpointer;
import org.fedledger.sdk.events.ProtocolEvent;
import org.fedledger.sdk.events.Subscription;
import org.fedledger.sdk.rounds.RoundStrategy;
import org.fedledger.sdk.storage.OwnerOnlyFiles;

/**
 * One organisation's verifier, as a long-running service: it follows the protocol's events, and for
 * every proposal in a task its organisation takes part in, recomputes the aggregation
 * ({@link org.fedledger.sdk.Verifier#verify}, or the organisation's own {@link RoundStrategy}) and attests the verdict; it resolves rounds
 * ({@link org.fedledger.sdk.Verifier#resolve}) and closes rounds whose deadline has passed. It
 * survives restarts: events resume after the last handled one (a checkpoint in its state folder), the
 * rounds it watches for deadlines and resolutions are kept there too, and an attestation that already
 * exists (a restart between attesting and checkpointing) is recognised, never doubled.
 *
 * <p>Who resolves, so that no resolution races an attestation in an undisturbed consortium: the
 * service of the <em>proposer's organisation</em> resolves as soon as every eligible organisation has
 * attested (its own attestation, if any, is made before it looks), unless that organisation owns the
 * task and the quorum is reached: then its coordinator's round driver makes the round FINAL with its
 * next open (or its own resolve), and the service resolves only if the round is still undecided
 * {@link #OWNER_HANDOVER} later, so that the two do not invalidate each other. Every other service, and the
 * proposer's when some organisation stays silent, resolves a decided proposal only after a grace
 * period ({@link #RESOLVE_GRACE}, staggered by the organisation's rank in the task), and an undecided
 * round once its window has passed (plus the same stagger): the round resolves without any single
 * member's cooperation.
 *
 * <pre>{@code
 * try (VerifierService verifier = VerifierService.start(ledger, Path.of("state/verifier-org2"), 0, report::add)) {
 *     verifier.awaitTermination(Duration.ofHours(8));
 * }
 * }</pre>
 */
public final class VerifierService implements AutoCloseable {
    /** How long {@link #close()} waits for the event being handled. */
    public static final Duration CLOSE_WAIT = Duration.ofSeconds(30);
    /**
     * How long a service other than the proposer organisation's waits, after it sees a proposal
     * decided, before it resolves the round itself; multiplied by one plus its organisation's rank among
     * the task's organisations, so that services do not all resolve at once.
     */
    public static final Duration RESOLVE_GRACE = Duration.ofSeconds(10);
    /**
     * How long the service of the task's owner organisation leaves a decided proposal of its own
     * organisation to the owner's round driver before it resolves the round itself.
     */
    public static final Duration OWNER_HANDOVER = Duration.ofSeconds(2);
    /**
     * The events {@link #handle} acts on; the others (updates accepted, members registered)
     * are passed over without a checkpoint of their own, which saves a forced write per event.
     */
    static final java.util.Set<Class<? extends LedgerEvent>> HANDLED = java.util.Set.of(
            LedgerEvent.ModelProposed.class, LedgerEvent.PartialSumPublished.class, LedgerEvent.ModelAttested.class,
            LedgerEvent.RoundDisputed.class, LedgerEvent.RoundOpened.class, LedgerEvent.RoundAdvanced.class,
            LedgerEvent.ProposalPipelined.class, LedgerEvent.RoundClosed.class, LedgerEvent.RoundFailed.class,
            LedgerEvent.ModelFinal.class, LedgerEvent.TaskCreated.class);
    /** How often the service looks for overdue rounds and due resolutions. */
    private static final Duration DEADLINE_POLL = Duration.ofSeconds(1);

    /** What the service did, for logs and dashboards. */
    public sealed interface Outcome {
        /** A proposal was recomputed and attested. */
        record Attested(String taskId, int round, int seq, Verification verification) implements Outcome {
        }

        /** A proposal had already been attested by this organisation (before a restart). */
        record AlreadyAttested(String taskId, int round, int seq) implements Outcome {
        }

        /** A partial sum of this verifier's organisation (hierarchical task) was recomputed and attested. */
        record PartialSumAttested(String taskId, int round, String msp) implements Outcome {
        }

        /** An overdue round was closed by this verifier. */
        record ClosedOverdue(String taskId, int round) implements Outcome {
        }

        /** A round was resolved by this verifier: it is now in {@code state}. */
        record Resolved(String taskId, int round, RoundState state) implements Outcome {
        }

        /**
         * This organisation's private validation set for a task valued on private sets was committed (or
         * found committed): it values the task's rounds from {@code fromRound}.
         */
        record ValidationSetCommitted(String taskId, int fromRound) implements Outcome {
        }

        /** A step failed; the service goes on with the next event. */
        record Failed(String taskId, int round, String what, RuntimeException error) implements Outcome {
        }
    }

    private final FedLedger ledger;
    private final String mspId;
    private final WatchedRounds watched;
    /** Rounds waiting for a resolution, with the time (seconds) from which this service resolves them. */
    private final WatchedRounds undecided;
    private final java.util.function.Consumer<Outcome> listener;
    private final ScheduledExecutorService deadlines;
    private final RoundStrategy strategy;
    private final Clock clock;
    private final Subscription subscription;
    private final java.util.concurrent.atomic.AtomicLong proposalsSeen = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong lastEventBlock = new java.util.concurrent.atomic.AtomicLong(-1);
    /**
     * Proposals whose verification or attestation failed for a reason other than a refusal (the ledger
     * unreachable, a transaction invalidated): tried again at each poll while their round waits for them,
     * since every organisation's attestation may be needed for the quorum.
     */
    private final java.util.Set<LedgerEvent.ModelProposed> unattested =
            java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Its own organisation's partial sums whose attestation failed for a reason other than a refusal. */
    private final java.util.Set<LedgerEvent.PartialSumPublished> unattestedSums =
            java.util.concurrent.ConcurrentHashMap.newKeySet();
    /**
     * Each task as the service first read it, for its terms fixed at creation only (its organisations,
     * owner and round duration), which are all that deciding whether to attest or when to resolve needs.
     */
    private final java.util.Map<String, TaskRecord> taskTerms = new java.util.concurrent.ConcurrentHashMap<>();

    private VerifierService(FedLedger ledger, Path stateDirectory, long startBlock, java.util.function.Consumer<Outcome> listener,
            RoundStrategy strategy) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.clock = ledger.clock();
        this.mspId = ledger.whoAmI().msp();
        try {
            // The service's own folder: owner-only, like every file it writes there.
            OwnerOnlyFiles.folder(stateDirectory);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException("cannot create the state folder " + stateDirectory, e);
        }
        this.watched = WatchedRounds.at(stateDirectory.resolve("watched-rounds"));
        this.undecided = WatchedRounds.at(stateDirectory.resolve("undecided-rounds"));
        this.deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fedledger-verifier-deadlines");
            t.setDaemon(true);
            return t;
        });
        long period = DEADLINE_POLL.toMillis();
        deadlines.scheduleWithFixedDelay(() -> {
            retryAttestations();
            retryPartialSums();
            closeOverdueRounds();
            resolveDueRounds();
        }, period, period, TimeUnit.MILLISECONDS);
        this.subscription = ledger.events().subscribe(FileCheckpointer.at(stateDirectory.resolve("events.checkpoint")),
                startBlock, HANDLED, this::handle);
    }

    /**
     * Starts the service.
     *
     * @param ledger a verifier's connection (the service does not close it); its {@link FedLedger#clock()}
     *     says when a round is overdue
     * @param stateDirectory where the checkpoint and the watched rounds are kept; created, or made, owner-only
     *     ({@code 0700}, its files {@code 0600})
     * @param startBlock the first block to read when there is no checkpoint yet
     * @param listener told of every outcome, on the service's threads
     * @return the running service
     */
    public static VerifierService start(FedLedger ledger, Path stateDirectory, long startBlock,
            java.util.function.Consumer<Outcome> listener) {
        return start(ledger, stateDirectory, startBlock, listener, RoundStrategy.standard());
    }

    /**
     * As {@link #start(FedLedger, Path, long, java.util.function.Consumer)}, with the organisation's
     * own {@link RoundStrategy}: what its verifier checks before it attests.
     *
     * @param ledger a verifier's connection (the service does not close it)
     * @param stateDirectory where the checkpoint and the watched rounds are kept
     * @param startBlock the first block to read when there is no checkpoint yet
     * @param listener told of every outcome, on the service's threads
     * @param strategy decides the verdict attested for each proposal
     * @return the running service
     */
    public static VerifierService start(FedLedger ledger, Path stateDirectory, long startBlock,
            java.util.function.Consumer<Outcome> listener, RoundStrategy strategy) {
        return new VerifierService(ledger, stateDirectory, startBlock, listener, strategy);
    }

    private void handle(ProtocolEvent e) {
        // A merged transaction's event stands for each of its steps, taken in order.
        e.event().parts().forEach(this::handle);
        lastEventBlock.set(e.blockNumber());
    }

    private void handle(LedgerEvent event) {
        if (event instanceof LedgerEvent.ModelProposed p) {
            proposalsSeen.incrementAndGet();
            watched.remove(p.taskId(), p.round()); // a full round closes with its proposal
            attest(p);
            consider(p.taskId(), p.round());
        } else if (event instanceof LedgerEvent.PartialSumPublished p && p.msp().equals(mspId)) {
            attestPartialSum(p);
        } else if (event instanceof LedgerEvent.ModelAttested a) {
            considerAttested(a);
        } else if (event instanceof LedgerEvent.RoundDisputed d) {
            consider(d.taskId(), d.round());
        } else if (event instanceof LedgerEvent.RoundOpened o) {
            watched.add(o.taskId(), o.round(), o.deadline());
        } else if (event instanceof LedgerEvent.RoundClosed c) {
            watched.remove(c.taskId(), c.round());
            consider(c.taskId(), c.round());
        } else if (event instanceof LedgerEvent.RoundFailed f) {
            watched.remove(f.taskId(), f.round());
            undecided.remove(f.taskId(), f.round());
        } else if (event instanceof LedgerEvent.ModelFinal f) {
            undecided.remove(f.taskId(), f.round());
        } else if (event instanceof LedgerEvent.TaskCreated t) {
            commitValidationSet(t.taskId());
        }
    }

    /**
     * For a new task of this organisation valued on private validation sets, commits the strategy's set at once
     * (idempotent after a restart), so that the organisation values every round opened after it.
     */
    private void commitValidationSet(String taskId) {
        try {
            if (!taskTerms(taskId).allowedOrgs().contains(mspId)) {
                return;
            }
            if (!ledger.incentives().rules(taskId).map(r -> r.rules().privateValidation()).orElse(false)) {
                return;
            }
            java.util.Optional<ModelScorer> set = strategy.validationSet(taskId);
            if (set.isPresent()) {
                listener.accept(new Outcome.ValidationSetCommitted(taskId,
                        ledger.verifier(taskId).commitValidationSet(set.get()).fromRound()));
            }
        } catch (RuntimeException e) {
            listener.accept(new Outcome.Failed(taskId, 0, "commit its validation set", e));
        }
    }

    /**
     * Looks at a round that may wait for a resolution: resolves it now when this service is the
     * proposer's organisation's and every eligible organisation has attested, else notes from when this
     * service resolves it (a grace period after it is decided, or its window's end).
     */
    private void consider(String taskId, int round) {
        try {
            TaskRecord task = taskTerms(taskId);
            int rank = task.allowedOrgs().indexOf(mspId);
            if (rank < 0) {
                return;
            }
            RoundRecord r = ledger.auditor().round(taskId, round);
            long stagger = RESOLVE_GRACE.toSeconds() * (1 + rank);
            long now = clock.instant().getEpochSecond();
            switch (r.state()) {
                case CLOSED -> undecided.add(taskId, round, Quorum.windowEnd(task, r.closedAt()) + stagger);
                case DISPUTED -> undecided.add(taskId, round,
                        Quorum.windowEnd(task, ledger.auditor().proposal(taskId, round, r.proposalSeq()).timestamp())
                                + stagger);
                case PROPOSED -> {
                    ProposalRecord proposal = ledger.auditor().proposal(taskId, round, r.proposalSeq());
                    Quorum.Tally tally = ledger.verifier(taskId).tally(round, r.proposalSeq());
                    if (tally.outcome() == Quorum.Outcome.OPEN) {
                        undecided.add(taskId, round, Quorum.windowEnd(task, proposal.timestamp()) + stagger);
                    } else if (mspId.equals(proposal.msp()) && tally.waitingFor().isEmpty()) {
                        if (mspId.equals(task.ownerMsp()) && tally.outcome() == Quorum.Outcome.REACHED) {
                            undecided.add(taskId, round, now + OWNER_HANDOVER.toSeconds());
                        } else {
                            resolve(taskId, round);
                        }
                    } else {
                        undecided.add(taskId, round, now + stagger);
                    }
                }
                default -> undecided.remove(taskId, round);
            }
        } catch (RuntimeException e) {
            listener.accept(new Outcome.Failed(taskId, round, "look at round for resolution", e));
        }
    }

    /**
     * After an attestation, the proposer's organisation looks at the round at once: it resolves the round when
     * every organisation has attested. Any other organisation only resolves a round the proposer's left
     * undecided, a grace period after it was decided; so it makes sure to look again by then, without a query
     * now (the proposal record is kept from its attestation). By then the round is nearly always FINAL, and a
     * round still waiting for its quorum is looked at again every grace period.
     */
    private void considerAttested(LedgerEvent.ModelAttested a) {
        try {
            int rank = taskTerms(a.taskId()).allowedOrgs().indexOf(mspId);
            if (rank < 0) {
                return;
            }
            if (mspId.equals(ledger.auditor().proposal(a.taskId(), a.round(), a.seq()).msp())) {
                consider(a.taskId(), a.round());
            } else {
                undecided.addUnlessSooner(a.taskId(), a.round(),
                        clock.instant().getEpochSecond() + RESOLVE_GRACE.toSeconds() * (1 + rank));
            }
        } catch (RuntimeException e) {
            listener.accept(new Outcome.Failed(a.taskId(), a.round(), "look at round for resolution", e));
        }
    }

    /** @return the task as first read, for its terms fixed at creation only */
    private TaskRecord taskTerms(String taskId) {
        return taskTerms.computeIfAbsent(taskId, id -> ledger.auditor().task(id));
    }

    private void resolve(String taskId, int round) {
        try {
            RoundRecord r = ledger.verifier(taskId).resolve(round).record();
            listener.accept(new Outcome.Resolved(taskId, round, r.state()));
            if (r.state() == RoundState.FINAL || r.state() == RoundState.FAILED) {
                undecided.remove(taskId, round);
            } else {
                consider(taskId, round);
            }
        } catch (ContractRefusedException e) {
            if (e.code() == ErrorCode.RESOLUTION_PENDING) {
                // Not decided yet (or this clock runs ahead of the ledger's): look again a grace period later.
                undecided.add(taskId, round, clock.instant().getEpochSecond() + RESOLVE_GRACE.toSeconds());
            } else {
                undecided.remove(taskId, round);
                listener.accept(new Outcome.Failed(taskId, round, "resolve round", e));
            }
        }
    }

    private void resolveDueRounds() {
        for (WatchedRounds.Round r : undecided.overdue(clock.instant().getEpochSecond())) {
            try {
                RoundState state = ledger.auditor().round(r.taskId(), r.round()).state();
                if (state == RoundState.FINAL || state == RoundState.FAILED || state == RoundState.OPEN) {
                    undecided.remove(r.taskId(), r.round());
                } else {
                    resolve(r.taskId(), r.round());
                }
            } catch (RuntimeException e) {
                // Keep the scheduler alive; the next poll retries.
                listener.accept(new Outcome.Failed(r.taskId(), r.round(), "resolve round", e));
            }
        }
    }

    /** @return how many proposals this service has seen since it started (attested, already attested or failed) */
    public long proposalsSeen() {
        return proposalsSeen.get();
    }

    /** @return the block of the last event this service handled since it started, if any */
    public java.util.OptionalLong lastEventBlock() {
        long block = lastEventBlock.get();
        return block < 0 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(block);
    }

    private void attest(LedgerEvent.ModelProposed p) {
        try {
            TaskRecord task = taskTerms(p.taskId());
            if (!task.allowedOrgs().contains(mspId)) {
                return;
            }
            Verification v = strategy.verify(ledger, p.taskId(), p.round(), p.seq());
            ledger.verifier(p.taskId()).attest(v);
            listener.accept(new Outcome.Attested(p.taskId(), p.round(), p.seq(), v));
        } catch (ContractRefusedException e) {
            if (e.code() == ErrorCode.ALREADY_ATTESTED) {
                listener.accept(new Outcome.AlreadyAttested(p.taskId(), p.round(), p.seq()));
            } else {
                // INVALID_STATE: the round moved on (final, disputed) before this attestation; nothing to do.
                listener.accept(new Outcome.Failed(p.taskId(), p.round(), "attest proposal " + p.seq(), e));
            }
        } catch (ValidationSetMismatchException e) {
            // The verifier holds another validation set than the one committed: no retry can change that, so it is
            // reported once and the other organisations value the round.
            listener.accept(new Outcome.Failed(p.taskId(), p.round(), "value proposal " + p.seq(), e));
        } catch (RuntimeException e) {
            // One proposal's failure (the ledger unreachable, a payload unreadable) must not stop the service,
            // nor leave the round without this organisation's attestation: the next poll tries again.
            unattested.add(p);
            listener.accept(new Outcome.Failed(p.taskId(), p.round(), "verify proposal " + p.seq(), e));
        }
    }

    /**
     * Recomputes a partial sum its own organisation's aggregator published and attests it; a sum it cannot
     * reproduce ({@code IntegrityException}), or its own publication (the chaincode refuses the publisher),
     * is reported and left unattested, so the round's close does not admit it.
     */
    private void attestPartialSum(LedgerEvent.PartialSumPublished p) {
        try {
            ledger.verifier(p.taskId()).attestPartialSum(p.round());
            listener.accept(new Outcome.PartialSumAttested(p.taskId(), p.round(), p.msp()));
        } catch (ContractRefusedException | org.fedledger.sdk.payload.IntegrityException e) {
            // Refused (the round moved on, the publisher is this identity) or not reproducible: never attested.
            listener.accept(new Outcome.Failed(p.taskId(), p.round(), "attest the partial sum of " + p.msp(), e));
        } catch (RuntimeException e) {
            // The ledger unreachable, the attestation invalidated: the round waits for it, so the next poll tries again.
            unattestedSums.add(p);
            listener.accept(new Outcome.Failed(p.taskId(), p.round(), "attest the partial sum of " + p.msp(), e));
        }
    }

    /** Tries once more each partial sum of this organisation whose attestation failed, while its round is open. */
    private void retryPartialSums() {
        for (LedgerEvent.PartialSumPublished p : List.copyOf(unattestedSums)) {
            unattestedSums.remove(p);
            try {
                if (ledger.auditor().round(p.taskId(), p.round()).state() != RoundState.OPEN) {
                    continue;
                }
            } catch (RuntimeException e) {
                unattestedSums.add(p);
                continue;
            }
            attestPartialSum(p);
        }
    }

    /** Tries once more each proposal whose attestation failed, while its round still waits for it. */
    private void retryAttestations() {
        for (LedgerEvent.ModelProposed p : List.copyOf(unattested)) {
            unattested.remove(p);
            try {
                RoundRecord r = ledger.auditor().round(p.taskId(), p.round());
                if (r.state() != RoundState.PROPOSED || r.proposalSeq() != p.seq()) {
                    continue; // decided or superseded meanwhile
                }
            } catch (RuntimeException e) {
                unattested.add(p); // the ledger still unreachable: the next poll looks again
                continue;
            }
            attest(p);
            consider(p.taskId(), p.round());
        }
    }

    private void closeOverdueRounds() {
        long now = clock.instant().getEpochSecond();
        for (WatchedRounds.Round r : watched.overdue(now)) {
            try {
                if (ledger.verifier(r.taskId()).closeIfOverdue(r.round())
                        .filter(receipt -> receipt.record().state() != RoundState.OPEN).isPresent()) {
                    listener.accept(new Outcome.ClosedOverdue(r.taskId(), r.round()));
                }
            } catch (RuntimeException e) {
                // Keep the scheduler alive; the next poll retries.
                listener.accept(new Outcome.Failed(r.taskId(), r.round(), "close overdue round", e));
            }
        }
    }

    /**
     * Waits until the service stops (closed, or its event stream failed).
     *
     * @return whether it stopped within {@code timeout}
     * @throws InterruptedException when interrupted
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return subscription.awaitTermination(timeout);
    }

    /** @return why the service stopped, when it was not closed */
    public Optional<Throwable> failure() {
        return subscription.failure();
    }

    /**
     * Stops following events and closing rounds. An event being handled finishes first, and close
     * waits for it (up to {@link #CLOSE_WAIT}), so that once it returns the service writes nothing
     * more to its state folder and a new service may start on it.
     */
    @Override
    public void close() {
        subscription.close();
        deadlines.shutdownNow();
        try {
            subscription.awaitTermination(CLOSE_WAIT);
            deadlines.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The open rounds and their deadlines, in a small file rewritten atomically on every change. */
    static final class WatchedRounds {
        record Round(String taskId, int round, long deadline) {
        }

        private final Path file;
        private final TreeMap<String, Round> rounds = new TreeMap<>();

        private WatchedRounds(Path file) {
            this.file = file;
        }

        static WatchedRounds at(Path file) {
            WatchedRounds w = new WatchedRounds(file);
            if (Files.exists(file)) {
                try {
                    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                        String[] f = line.split("\t");
                        if (f.length != 3) {
                            throw new IllegalArgumentException(file + " is not a watched-rounds file: '" + line + "'");
                        }
                        w.rounds.put(f[0] + "\t" + f[1], new Round(f[0], Integer.parseInt(f[1]), Long.parseLong(f[2])));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file, e);
                }
            }
            return w;
        }

        synchronized void add(String taskId, int round, long deadline) {
            Round r = new Round(taskId, round, deadline);
            if (!r.equals(rounds.put(taskId + "\t" + round, r))) {
                save(); // the file is rewritten only when what it holds changes
            }
        }

        /** Like {@link #add}, unless the round is already due sooner. */
        synchronized void addUnlessSooner(String taskId, int round, long deadline) {
            Round known = rounds.get(taskId + "\t" + round);
            if (known == null || known.deadline() > deadline) {
                add(taskId, round, deadline);
            }
        }

        synchronized void remove(String taskId, int round) {
            if (rounds.remove(taskId + "\t" + round) != null) {
                save();
            }
        }

        synchronized List<Round> overdue(long nowEpochSecond) {
            List<Round> out = new ArrayList<>();
            for (Round r : rounds.values()) {
                if (nowEpochSecond > r.deadline()) {
                    out.add(r);
                }
            }
            return out;
        }

        private void save() {
            StringBuilder text = new StringBuilder();
            rounds.values().forEach(r -> text.append(r.taskId()).append('\t').append(r.round()).append('\t')
                    .append(r.deadline()).append('\n'));
            try {
                Path folder = file.toAbsolutePath().getParent();
                if (!Files.isDirectory(folder)) {
                    OwnerOnlyFiles.folder(folder);
                }
                OwnerOnlyFiles.replace(file, text.toString().getBytes(StandardCharsets.UTF_8), false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }
    }
}

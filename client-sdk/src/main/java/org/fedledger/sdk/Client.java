package org.fedledger.sdk;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.fedledger.core.aggregation.CodecKind;
import org.fedledger.core.aggregation.CodedUpdate;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.aggregation.StalenessWeights;
import org.fedledger.core.aggregation.UpdateCodec;
import org.fedledger.core.manifest.ManifestMismatchException;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.core.model.ModelFormatException;
import org.fedledger.core.secure.MaskingKeys;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.event.LedgerEvent;
import org.fedledger.protocol.key.TransientKeys;
import org.fedledger.protocol.mapping.RoundAggregate;
import org.fedledger.protocol.mapping.HierarchicalRoundInputs;
import org.fedledger.protocol.mapping.RoundInputs;
import org.fedledger.protocol.mapping.SecureRoundInputs;
import org.fedledger.protocol.mapping.SecureRoundRecords;
import org.fedledger.protocol.record.AcceptedUpdate;
import org.fedledger.protocol.record.AttestationRecord;
import org.fedledger.protocol.record.CallerIdentity;
import org.fedledger.protocol.record.DatasetRecord;
import org.fedledger.protocol.record.DpMechanism;
import org.fedledger.protocol.record.PrivacySpent;
import org.fedledger.protocol.record.TaskPrivacyRecord;
import org.fedledger.protocol.record.CohortRecord;
import org.fedledger.protocol.record.KeySharesRecord;
import org.fedledger.protocol.record.MaskSharesRecord;
import org.fedledger.protocol.record.MaskingKeyRecord;
import org.fedledger.protocol.record.ModelRecord;
import org.fedledger.protocol.record.ParticipantRecord;
import org.fedledger.protocol.record.PrivacyRecord;
import org.fedledger.protocol.record.PartialSumRecord;
import org.fedledger.protocol.record.ProposalRecord;
import org.fedledger.protocol.record.Quorum;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.RevealRecord;
import org.fedledger.protocol.record.Role;
import org.fedledger.protocol.record.RoleRequest;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.RoundState;
import org.fedledger.protocol.record.TaskIncentivesRecord;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.record.IncentiveRules;
import org.fedledger.protocol.record.ValidationSetRecord;
import org.fedledger.protocol.record.UpdateRecord;
import org.fedledger.protocol.record.Verdict;
import org.fedledger.protocol.transaction.RevealArgument;
import org.fedledger.protocol.transaction.PayloadBatch;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.protocol.transaction.TransportLimits;
import org.fedledger.sdk.errors.AwaitTimeoutException;
import org.fedledger.sdk.errors.BaseNotAgreedException;
import org.fedledger.sdk.errors.ContractRefusedException;
import org.fedledger.sdk.errors.LedgerUnavailableException;
import org.fedledger.sdk.errors.RoundFailedException;
import org.fedledger.sdk.events.ProtocolEvents;
import org.fedledger.sdk.incentives.Contributions;
import org.fedledger.sdk.incentives.Incentives;
import org.fedledger.sdk.incentives.ModelScorer;
import org.fedledger.sdk.incentives.ValidationSetMismatchException;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.fedledger.sdk.payload.IntegrityException;
import org.fedledger.sdk.payload.PayloadTooLargeException;
import org.fedledger.sdk.payload.Payloads;
import org.fedledger.sdk.progress.ProgressListener;

/** The SDK's implementation of every role over one {@link LedgerConnection}. */
final class Client implements FedLedger {
    /** How often an await polls the ledger when the connection delivers no events. */
    private static final Duration POLL = Duration.ofMillis(250);
    /** How long a trainer waits for a round another organisation opened to be committed on its own peer. */
    private static final Duration ROUND_REACHES_PEER = Duration.ofSeconds(30);
    /** How long a trainer waits for its organisation's verdict on the proposal it trained from. */
    private static final Duration BASE_AGREEMENT_WAIT = Duration.ofMinutes(5);
    /** How often an await woken by events also looks on its own, in case an event was not delivered. */
    private static final Duration EVENT_FALLBACK_POLL = Duration.ofSeconds(2);
    /** How long an await for attestations that already decide a proposal waits for the others. */
    private static final Duration SILENT_ATTESTER_WAIT = Duration.ofSeconds(1);
    /** How many proposal records a client keeps. */
    private static final int KEPT_PROPOSALS = 1024;

    private final LedgerConnection connection;
    private final boolean ownsConnection;
    private final Calls calls;
    private final Duration poll;
    private final Duration eventFallbackPoll;
    private final Clock clock;
    /**
     * Each task as this client first read it, for its terms fixed at creation only (schema, rule, quorum,
     * limits, organisations, owner, round duration): never for its model version or last round.
     */
    private final Map<String, TaskRecord> taskTerms = new java.util.concurrent.ConcurrentHashMap<>();
    /** Proposals read, by task, round and seq: each is written once, under the next seq, and never changed. */
    private final Map<String, ProposalRecord> proposals = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, TrainerImpl> trainers = new java.util.concurrent.ConcurrentHashMap<>();
    /** Each task's privacy record (empty: none), fixed at the task's creation: read once per task. */
    private final Map<String, Optional<PrivacyRecord>> privacyByTask = new java.util.concurrent.ConcurrentHashMap<>();
    /** Incentive rules per task: written with the task and never changed, so read once. */
    private final Map<String, Optional<TaskIncentivesRecord>> incentiveRulesByTask =
            new java.util.concurrent.ConcurrentHashMap<>();

    Client(LedgerConnection connection, boolean ownsConnection, RetryPolicy retry, ProgressListener progress,
            Clock clock) {
        this(connection, ownsConnection, new Calls(connection, retry, d -> Thread.sleep(d.toMillis()), System::nanoTime,
                progress), POLL, EVENT_FALLBACK_POLL, clock);
    }

    Client(LedgerConnection connection, boolean ownsConnection, Calls calls) {
        this(connection, ownsConnection, calls, POLL, EVENT_FALLBACK_POLL, Clock.systemUTC());
    }

    /**
     * With the await intervals and the clock given: tests make one interval an hour to see which path
     * woke an await, and move the clock to end a wait or pass a deadline without waiting for it.
     */
    Client(LedgerConnection connection, boolean ownsConnection, Calls calls, Duration poll, Duration eventFallbackPoll,
            Clock clock) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.ownsConnection = ownsConnection;
        this.calls = calls;
        this.poll = Objects.requireNonNull(poll, "poll");
        this.eventFallbackPoll = Objects.requireNonNull(eventFallbackPoll, "eventFallbackPoll");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public CallerIdentity whoAmI() {
        return calls.evaluate(TransactionName.WHO_AM_I, CallerIdentity.class);
    }

    @Override
    public Membership membership() {
        return roles -> calls.submit(TransactionName.REQUEST_ROLES, Map.of(), RoleRequest.class, rolesCsv(roles));
    }

    @Override
    public Admin admin() {
        return new Admin() {
            @Override
            public Receipt<ParticipantRecord> register(String certificatePem, Role... roles) {
                String csv = rolesCsv(roles);
                return calls.submit(TransactionName.REGISTER_PARTICIPANT, Map.of(), ParticipantRecord.class,
                        Objects.requireNonNull(certificatePem, "certificatePem"), csv);
            }

            @Override
            public Receipt<ParticipantRecord> changeRoles(String id, Role... roles) {
                String csv = rolesCsv(roles);
                return calls.submit(TransactionName.CHANGE_ROLES, Map.of(), ParticipantRecord.class,
                        Objects.requireNonNull(id, "id"), csv);
            }

            @Override
            public Receipt<ParticipantRecord> revoke(String id) {
                return calls.submit(TransactionName.REVOKE_PARTICIPANT, Map.of(), ParticipantRecord.class,
                        Objects.requireNonNull(id, "id"));
            }
        };
    }

    private static String rolesCsv(Role... roles) {
        if (roles.length == 0) {
            throw new IllegalArgumentException("name at least one role");
        }
        return Arrays.stream(roles).map(r -> Objects.requireNonNull(r, "role").wireName())
                .collect(Collectors.joining(","));
    }

    @Override
    public Privacy privacy() {
        return new Privacy() {
            @Override
            public Receipt<DatasetRecord> createDataset(String datasetId, String epsilon, String delta) {
                return calls.submit(TransactionName.CREATE_DATASET, Map.of(), DatasetRecord.class,
                        Objects.requireNonNull(datasetId, "datasetId"), Objects.requireNonNull(epsilon, "epsilon"),
                        Objects.requireNonNull(delta, "delta"));
            }

            @Override
            public PrivacySpent spent(String msp, String datasetId) {
                return calls.evaluate(TransactionName.GET_PRIVACY_SPENT, PrivacySpent.class,
                        Objects.requireNonNull(msp, "msp"), Objects.requireNonNull(datasetId, "datasetId"));
            }

            @Override
            public Optional<TaskPrivacyRecord> ofTask(String taskId) {
                task(taskId); // an unknown task is NOT_FOUND, not "no privacy"
                try {
                    return Optional.of(calls.evaluate(TransactionName.GET_TASK_PRIVACY, TaskPrivacyRecord.class,
                            taskId));
                } catch (ContractRefusedException e) {
                    if (e.code() == ErrorCode.NOT_FOUND) {
                        return Optional.empty();
                    }
                    throw e;
                }
            }
        };
    }

    @Override
    public Coordinator coordinator() {
        return new Coordinator() {
            @Override
            public Receipt<TaskRecord> createTask(TaskDefinition definition) {
                byte[] initial = ModelCodec.encode(definition.initialModel());
                return calls.submitPayload(TransactionName.CREATE_TASK, chunks(TransientKeys.MODEL_PREFIX, initial),
                        definition.argument().allowedOrgs(), TaskRecord.class, definition.toJson());
            }

            @Override
            public Receipt<RoundRecord> openRound(String taskId) {
                return calls.submit(TransactionName.OPEN_ROUND, Map.of(), RoundRecord.class, taskId);
            }

            @Override
            public Receipt<RoundRecord> closeRound(String taskId, int round) {
                return calls.submit(TransactionName.CLOSE_ROUND, Map.of(), RoundRecord.class, taskId, round);
            }

            @Override
            public List<UpdateRecord> awaitUpdates(String taskId, int round, int count, Duration timeout) {
                return await(count + " updates in round " + round + " of task '" + taskId + "'", timeout,
                        e -> (e instanceof LedgerEvent.UpdateAccepted u && u.taskId().equals(taskId) && u.round() == round)
                                || (e instanceof LedgerEvent.PartialSumAttested p && p.taskId().equals(taskId)
                                        && p.round() == round)
                                || (e instanceof LedgerEvent.RoundClosed c && c.taskId().equals(taskId) && c.round() == round)
                                || (e instanceof LedgerEvent.RoundFailed f && f.taskId().equals(taskId) && f.round() == round),
                        () -> {
                            List<UpdateRecord> updates = calls.evaluateList(TransactionName.LIST_UPDATES,
                                    UpdateRecord.class, taskId, round);
                            return updates.size() >= count || round(taskId, round).state() != RoundState.OPEN
                                    ? Optional.of(updates) : Optional.empty();
                        }, () -> "round " + round + " has " + calls.evaluateList(TransactionName.LIST_UPDATES,
                                UpdateRecord.class, taskId, round).size() + " updates");
            }

            @Override
            public RoundRecord awaitAttestations(String taskId, int round, Duration timeout) {
                RoundRecord proposed = round(taskId, round);
                if (proposed.state() != RoundState.PROPOSED) {
                    return proposed;
                }
                // The task and the proposal do not change while it waits: each look reads the attestations
                // only, and the round again only when no attestation came (another event woke it).
                TaskRecord task = taskTerms(taskId);
                int seq = proposed.proposalSeq();
                ProposalRecord p = proposal(taskId, round, seq);
                AtomicInteger attestationsSeen = new AtomicInteger(-1);
                AtomicReference<Instant> decidedSince = new AtomicReference<>();
                return await("the attestations deciding round " + round + " of task '" + taskId + "'", timeout,
                        e -> (e instanceof LedgerEvent.ModelAttested a && a.taskId().equals(taskId) && a.round() == round)
                                || decides(e, taskId, round),
                        () -> {
                            List<AttestationRecord> attestations = calls.evaluateList(TransactionName.LIST_ATTESTATIONS,
                                    AttestationRecord.class, taskId, round, seq);
                            if (attestations.size() == attestationsSeen.getAndSet(attestations.size())) {
                                RoundRecord r = round(taskId, round);
                                if (r.state() != RoundState.PROPOSED || r.proposalSeq() != seq) {
                                    return Optional.of(r);
                                }
                            }
                            if (!attestations.stream().map(AttestationRecord::msp).collect(Collectors.toSet())
                                    .containsAll(task.allowedOrgs())) {
                                if (Quorum.tally(task, p, attestations).outcome() == Quorum.Outcome.OPEN) {
                                    return Optional.empty();
                                }
                                // Decided, but an organisation (the proposer's, whose attestation never counts)
                                // has not attested: give it a moment, so that its attestation is not made too late.
                                Instant now = clock.instant();
                                Instant since = decidedSince.updateAndGet(t -> t == null ? now : t);
                                if (now.isBefore(since.plus(SILENT_ATTESTER_WAIT))) {
                                    return Optional.empty();
                                }
                            }
                            return Optional.of(round(taskId, round));
                        }, () -> "round " + round + " is " + round(taskId, round).state());
            }

            @Override
            public RoundRecord awaitResolution(String taskId, int round, Duration timeout) {
                return await("a decision on round " + round + " of task '" + taskId + "'", timeout,
                        e -> decides(e, taskId, round),
                        () -> {
                            RoundRecord r = round(taskId, round);
                            return r.state() == RoundState.PROPOSED ? Optional.empty() : Optional.of(r);
                        }, () -> "round " + round + " is " + round(taskId, round).state());
            }
        };
    }

    @Override
    public Trainer trainer(String taskId) {
        // One trainer per task, so that its error feedback carries from round to round.
        return trainers.computeIfAbsent(Objects.requireNonNull(taskId, "taskId"), TrainerImpl::new);
    }

    @Override
    public SecureTrainer secureTrainer(String taskId, MaskingKeys keys) {
        return new SecureTrainerImpl(Objects.requireNonNull(taskId, "taskId"), Objects.requireNonNull(keys, "keys"));
    }

    private final class SecureTrainerImpl implements SecureTrainer {
        private final String taskId;
        private final MaskingKeys keys;
        private final SecureRandom random = new SecureRandom();

        SecureTrainerImpl(String taskId, MaskingKeys keys) {
            this.taskId = taskId;
            this.keys = keys;
        }

        @Override
        public Receipt<MaskingKeyRecord> registerKeys() {
            return calls.submit(TransactionName.REGISTER_MASKING_KEYS, Map.of(), MaskingKeyRecord.class, taskId,
                    HexFormat.of().formatHex(keys.maskPublicKey()), HexFormat.of().formatHex(keys.sharePublicKey()));
        }

        @Override
        public Receipt<KeySharesRecord> shareKey() {
            PrivacyRecord privacy = calls.evaluate(TransactionName.GET_SECURE_AGGREGATION, PrivacyRecord.class, taskId);
            List<MaskingKeyRecord> directory = calls.evaluateList(TransactionName.LIST_MASKING_KEYS,
                    MaskingKeyRecord.class, taskId);
            String json = SecureRoundInputs.shareMaskKey(task(taskId), privacy.threshold(), whoAmI().id(), keys,
                    directory, random);
            return calls.submit(TransactionName.SHARE_MASK_KEY, Map.of(), KeySharesRecord.class, taskId, json);
        }

        @Override
        public Receipt<UpdateRecord> submitUpdate(int round, Model update, long samples) {
            TaskRecord task = task(taskId);
            SecureRoundInputs.MaskedSubmission masked = SecureRoundInputs.mask(task, cohort(taskId, round),
                    whoAmI().id(), keys, update, samples, random);
            Map<String, byte[]> data = new java.util.TreeMap<>(chunks(TransientKeys.UPDATE_PREFIX, masked.payload()));
            data.put(TransientKeys.MASK_SHARES, masked.sharesJson().getBytes(StandardCharsets.UTF_8));
            return calls.submitPayload(TransactionName.SUBMIT_UPDATE, data, taskOrganisations(taskId),
                    UpdateRecord.class, taskId, round, masked.hash().hex(), samples, round(taskId, round).baseVersion());
        }

        @Override
        public Receipt<RevealRecord> reveal(int round) {
            RevealArgument reveal = SecureRoundInputs.reveal(task(taskId), round(taskId, round), cohort(taskId, round),
                    whoAmI().id(), keys, calls.evaluateList(TransactionName.LIST_MASK_SHARES, MaskSharesRecord.class,
                            taskId, round), keyShares(taskId));
            return calls.submit(TransactionName.REVEAL_SHARES, Map.of(), RevealRecord.class, taskId, round,
                    RecordJson.write(reveal));
        }
    }

    private CohortRecord cohort(String taskId, int round) {
        return calls.evaluate(TransactionName.GET_COHORT, CohortRecord.class, taskId, round);
    }

    private SecureRoundRecords secureRecords(String taskId, int round) {
        return new SecureRoundRecords(cohort(taskId, round), calls.evaluateList(TransactionName.LIST_REVEALS,
                RevealRecord.class, taskId, round), keyShares(taskId));
    }

    private List<KeySharesRecord> keyShares(String taskId) {
        return calls.evaluateList(TransactionName.LIST_KEY_SHARES, KeySharesRecord.class, taskId);
    }

    /** A task's incentive rules, or empty for a task without: read once per task and kept. */
    private Optional<TaskIncentivesRecord> incentiveRules(TaskRecord task) {
        return incentiveRulesByTask.computeIfAbsent(task.taskId(), id -> new IncentiveQueries(calls).rulesOf(task));
    }

    /** A task's privacy record, or empty for a task without one: read once per task and kept. */
    private Optional<PrivacyRecord> privacy(String taskId) {
        return privacyByTask.computeIfAbsent(taskId, id -> {
            try {
                return Optional.of(calls.evaluate(TransactionName.GET_SECURE_AGGREGATION, PrivacyRecord.class, id));
            } catch (ContractRefusedException e) {
                if (e.code() == ErrorCode.NOT_FOUND) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    @Override
    public Aggregator aggregator(String taskId) {
        return new AggregatorImpl(Objects.requireNonNull(taskId, "taskId"));
    }

    @Override
    public Verifier verifier(String taskId) {
        return new VerifierImpl(Objects.requireNonNull(taskId, "taskId"));
    }

    @Override
    public Auditor auditor() {
        return new AuditorImpl();
    }

    @Override
    public Incentives incentives() {
        return new IncentiveQueries(calls);
    }

    @Override
    public void awaitBlock(long blockNumber, Duration timeout) {
        calls.withRetry("block " + blockNumber, () -> {
            connection.awaitBlock(blockNumber, timeout);
            return Boolean.TRUE;
        }, false);
    }

    @Override
    public ProtocolEvents events() {
        return ProtocolEvents.over(connection);
    }

    @Override
    public void close() {
        if (ownsConnection) {
            connection.close();
        }
    }

    // ---- shared reads ---------------------------------------------------------------------------

    private TaskRecord task(String taskId) {
        return calls.evaluate(TransactionName.GET_TASK, TaskRecord.class, taskId);
    }

    /**
     * A task's terms fixed at its creation, read once per task and kept: use it only for those (its
     * schema, rule, quorum, limits, organisations, owner, round duration), never for its current model
     * version or last round, which {@link #task(String)} reads.
     */
    private TaskRecord taskTerms(String taskId) {
        TaskRecord known = taskTerms.get(taskId);
        if (known != null) {
            return known;
        }
        TaskRecord read = task(taskId);
        TaskRecord earlier = taskTerms.putIfAbsent(taskId, read);
        return earlier == null ? read : earlier;
    }

    /** A task's organisations, fixed at its creation. */
    private List<String> taskOrganisations(String taskId) {
        return taskTerms(taskId).allowedOrgs();
    }

    /**
     * A proposal record, read once and kept: the chaincode writes each proposal once, under the round's
     * next seq, and never changes it. At most {@link #KEPT_PROPOSALS} are kept (all are dropped beyond).
     */
    private ProposalRecord proposal(String taskId, int round, int seq) {
        String key = taskId + '\t' + round + '\t' + seq;
        ProposalRecord known = proposals.get(key);
        if (known != null) {
            return known;
        }
        ProposalRecord read = calls.evaluate(TransactionName.GET_PROPOSAL, ProposalRecord.class, taskId, round, seq);
        if (proposals.size() >= KEPT_PROPOSALS) {
            proposals.clear();
        }
        proposals.put(key, read);
        return read;
    }

    private RoundRecord round(String taskId, int round) {
        return calls.evaluate(TransactionName.GET_ROUND, RoundRecord.class, taskId, round);
    }

    private VerifiedModel verifiedModel(String taskId, long version) {
        ModelRecord record = calls.evaluate(TransactionName.GET_GLOBAL_MODEL, ModelRecord.class, taskId, version);
        byte[] bytes = calls.evaluateBytes(TransactionName.READ_MODEL_PAYLOAD, taskId, version);
        Payloads.verify("global model " + version + " of task '" + taskId + "'", bytes, record.hash());
        return new VerifiedModel(record, ModelCodec.decode(bytes));
    }

    private byte[] updatePayload(String taskId, int round, String contributor, ContentHash hash) {
        byte[] bytes = calls.evaluateBytes(TransactionName.READ_UPDATE_PAYLOAD, taskId, round, contributor);
        return Payloads.verify("update of " + contributor + " to round " + round + " of task '" + taskId + "'", bytes,
                hash);
    }

    /** A round's accepted updates' payloads, read in batches in the list's order and each checked. */
    private BatchedReads<AcceptedUpdate> updatePayloads(String taskId, int round, List<AcceptedUpdate> accepted) {
        return new BatchedReads<>(accepted, batch -> PayloadBatch.decode(calls.evaluateBytes(
                TransactionName.READ_UPDATE_PAYLOADS, taskId, round, PayloadBatch.idsArgument(batch.stream()
                        .map(AcceptedUpdate::contributor).toList())), batch.size()),
                (a, bytes) -> Payloads.verify("update of " + a.contributor() + " to round " + round + " of task '"
                        + taskId + "'", bytes, a.hash()));
    }

    private List<PartialSumRecord> partialSums(String taskId, int round) {
        return calls.evaluateList(TransactionName.LIST_PARTIAL_SUMS, PartialSumRecord.class, taskId, round);
    }

    private byte[] partialSumPayload(PartialSumRecord partial) {
        byte[] bytes = calls.evaluateBytes(TransactionName.READ_PARTIAL_SUM_PAYLOAD, partial.taskId(), partial.round(),
                partial.msp());
        return Payloads.verify("partial sum of " + partial.msp() + " in round " + partial.round() + " of task '"
                + partial.taskId() + "'", bytes, partial.hash());
    }

    /** The exact partial sum of internal updates, each read from the caller's own organisation's peer and verified. */
    private byte[] partialSumOf(TaskRecord task, List<UpdateRecord> internal) {
        // An organisation may have many trainers: their payloads are read a few at a time, not one after another.
        try (BatchedReads<UpdateRecord> payloads = new BatchedReads<>(internal,
                batch -> PayloadBatch.decode(calls.evaluateBytes(TransactionName.READ_INTERNAL_UPDATE_PAYLOADS,
                        task.taskId(), batch.get(0).round(), PayloadBatch.idsArgument(batch.stream()
                                .map(UpdateRecord::contributor).toList())), batch.size()),
                (u, bytes) -> Payloads.verify("internal update of " + u.contributor() + " to round " + u.round()
                        + " of task '" + u.taskId() + "'", bytes, u.hash()))) {
            return HierarchicalRoundInputs.partialSum(task, internal, u -> ModelCodec.decode(payloads.next(u)));
        }
    }

    /**
     * Reads a list's payloads in its order, a batch at a time (one query for as many as fit one response,
     * {@link PayloadBatch}), the next batch asked for while the last is consumed: a round of a hundred
     * updates costs a few signed queries rather than a hundred, and at most two responses wait in memory,
     * so a streaming aggregation stays bounded however many updates a round has.
     */
    private static final class BatchedReads<T> implements AutoCloseable {
        private final List<T> items;
        private final java.util.function.Function<List<T>, List<byte[]>> readBatch;
        private final java.util.function.BiFunction<T, byte[], byte[]> check;
        private final java.util.concurrent.ExecutorService reads = java.util.concurrent.Executors
                .newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "fedledger-payload-read");
                    t.setDaemon(true);
                    return t;
                });
        private final java.util.ArrayDeque<byte[]> ready = new java.util.ArrayDeque<>();
        private java.util.concurrent.Future<List<byte[]>> pending;
        private int taken;

        /**
         * @param items the items whose payloads are read, in the order they will be asked for
         * @param readBatch one query: the payloads of the longest prefix of its items that fits a response
         * @param check verifies one item's payload and returns it (or throws)
         */
        BatchedReads(List<T> items, java.util.function.Function<List<T>, List<byte[]>> readBatch,
                java.util.function.BiFunction<T, byte[], byte[]> check) {
            this.items = items;
            this.readBatch = readBatch;
            this.check = check;
            askFrom(0);
        }

        private void askFrom(int from) {
            if (from < items.size()) {
                List<T> asked = items.subList(from, Math.min(items.size(), from + PayloadBatch.MAX_IDS));
                pending = reads.submit(() -> readBatch.apply(asked));
            } else {
                pending = null;
            }
        }

        /** The bytes of {@code item}, which must be the next in the list's order (else read on its own). */
        byte[] next(T item) {
            if (taken >= items.size() || !items.get(taken).equals(item)) {
                return check.apply(item, readBatch.apply(List.of(item)).get(0));
            }
            if (ready.isEmpty()) {
                List<byte[]> batch;
                try {
                    batch = pending.get();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new LedgerUnavailableException("interrupted reading payloads", interrupted);
                } catch (java.util.concurrent.ExecutionException failed) {
                    throw failed.getCause() instanceof RuntimeException r ? r
                            : new IllegalStateException(failed.getCause());
                }
                ready.addAll(batch);
                askFrom(taken + batch.size());
            }
            return check.apply(items.get(taken++), ready.poll());
        }

        @Override
        public void close() {
            reads.shutdownNow();
        }
    }

    private static Map<String, byte[]> chunks(String prefix, byte[] payload) {
        return Payloads.transientChunks(prefix, payload, Payloads.DEFAULT_CHUNK_SIZE);
    }

    /**
     * Looks with {@code probe} until it yields a value or {@code timeout} passes: again whenever an
     * event matching {@code wakeOn} is committed, and at a slow interval; at the short poll interval
     * when the connection delivers no events.
     */
    private <T> T await(String what, Duration timeout, java.util.function.Predicate<LedgerEvent> wakeOn,
            java.util.function.Supplier<Optional<T>> probe, java.util.function.Supplier<String> standing) {
        Instant until = clock.instant().plus(timeout);
        // The height before the first look: an event committed after that look is still delivered.
        long from;
        try {
            from = connection.blockHeight();
        } catch (RuntimeException unavailable) {
            from = -1;
        }
        Optional<T> value = probe.get();
        if (value.isPresent()) {
            return value.get();
        }
        try (EventWakeup wakeup = from < 0 ? null : EventWakeup.listen(connection, from, wakeOn)) {
            while (true) {
                Duration left = Duration.between(clock.instant(), until);
                if (left.isNegative()) {
                    throw new AwaitTimeoutException(what, timeout, standingOrNull(standing));
                }
                Duration interval = wakeup != null && wakeup.live() ? eventFallbackPoll : poll;
                if (wakeup != null) {
                    wakeup.await(left.compareTo(interval) < 0 ? left : interval, poll);
                } else {
                    Thread.sleep(Math.min(left.toMillis(), interval.toMillis()));
                }
                value = probe.get();
                if (value.isPresent()) {
                    return value.get();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AwaitTimeoutException(what + " (interrupted)", timeout);
        }
    }

    /**
     * As {@link #await}, for what is nearly always there already: one look first, which then costs one query
     * instead of an await's two (the chain's height, then the look).
     */
    private <T> T lookThenAwait(String what, Duration timeout, java.util.function.Predicate<LedgerEvent> wakeOn,
            java.util.function.Supplier<Optional<T>> probe, java.util.function.Supplier<String> standing) {
        return probe.get().orElseGet(() -> await(what, timeout, wakeOn, probe, standing));
    }

    /** @return whether {@code e} decided a proposal of {@code round} of {@code taskId}: FINAL, DISPUTED or FAILED */
    private static boolean decides(LedgerEvent e, String taskId, int round) {
        return e.parts().stream().anyMatch(p ->
                (p instanceof LedgerEvent.ModelFinal f && f.taskId().equals(taskId) && f.round() == round)
                || (p instanceof LedgerEvent.RoundDisputed d && d.taskId().equals(taskId) && d.round() == round)
                || (p instanceof LedgerEvent.RoundFailed f && f.taskId().equals(taskId) && f.round() == round));
    }

    /** An event that ends round {@code round}'s OPEN state: its close, its merged close-and-propose, its failure. */
    private static boolean closes(LedgerEvent e, String taskId, int round) {
        return e.parts().stream().anyMatch(p ->
                (p instanceof LedgerEvent.RoundClosed c && c.taskId().equals(taskId) && c.round() == round)
                || (p instanceof LedgerEvent.ModelProposed m && m.taskId().equals(taskId) && m.round() == round)
                || (p instanceof LedgerEvent.RoundFailed f && f.taskId().equals(taskId) && f.round() == round));
    }

    /** @return whether {@code e} opened a round of {@code taskId} (alone, or as a part of a merged step) */
    private static boolean opens(LedgerEvent e, String taskId) {
        return e.parts().stream().anyMatch(p -> p instanceof LedgerEvent.RoundOpened o && o.taskId().equals(taskId));
    }

    /** Where the ledger stands, for a timeout's message; null when it cannot be read now. */
    private static String standingOrNull(java.util.function.Supplier<String> standing) {
        try {
            return standing.get();
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    /** A task's latest round, for a person: its state and, while a proposal waits, its attestations. */
    private String latestRoundStanding(String taskId) {
        TaskRecord task = task(taskId);
        if (task.lastRound() == 0) {
            return "task '" + taskId + "' has no round yet";
        }
        RoundRecord r = round(taskId, task.lastRound());
        String head = "round " + r.round() + " (from model version " + r.baseVersion() + ") is " + r.state();
        return switch (r.state()) {
            case OPEN -> head + " until " + Instant.ofEpochSecond(r.deadline()) + "; the coordinator closes it";
            case CLOSED -> head + " with " + r.accepted().size() + " accepted updates; no proposal yet from the aggregator";
            case PROPOSED, DISPUTED -> {
                ProposalRecord proposal = calls.evaluate(TransactionName.GET_PROPOSAL, ProposalRecord.class, taskId,
                        r.round(), r.proposalSeq());
                Quorum.Tally tally = Quorum.tally(task, proposal, calls.evaluateList(TransactionName.LIST_ATTESTATIONS,
                        AttestationRecord.class, taskId, r.round(), r.proposalSeq()));
                yield head + ": proposal " + r.proposalSeq() + " has " + tally.agreeing().size() + " AGREE and "
                        + tally.disagreeing().size() + " DISAGREE of a quorum of " + task.attestationQuorum()
                        + " organisations' verifiers other than the proposer's " + proposal.msp()
                        + (tally.outcome() == Quorum.Outcome.OPEN ? "" : "; decided, waiting for a resolveRound");
            }
            case FINAL, FAILED -> head;
        };
    }

    // ---- roles --------------------------------------------------------------------------------------

    private final class TrainerImpl implements Trainer {
        private final String taskId;
        /** The task's payload limit, fixed for the task's life; read once. */
        private long payloadLimit = -1;
        /** The task's rule, read with the payload limit: its codec says how updates are encoded. */
        private RuleSpec rule;
        /** This trainer's identity id, the contributor of its updates (seeds the stochastic rounding). */
        private String contributor;
        /** Error feedback of a top-k task: per coordinate what committed updates left out, added to the next. */
        private double[] residual = new double[0];
        /** The buffer this trainer last submitted to (buffered tasks): its next update goes to a later one. */
        private volatile int lastBuffer;
        /** Base version of each round this trainer has seen open; fixed for the round's life. */
        private final Map<Integer, Long> baseVersions = new java.util.concurrent.ConcurrentHashMap<>();

        TrainerImpl(String taskId) {
            this.taskId = taskId;
        }

        @Override
        public RoundRecord awaitOpenRound(Duration timeout) {
            RoundRecord open = await("an open round of task '" + taskId + "'", timeout,
                    e -> opens(e, taskId), () -> {
                TaskRecord task = task(taskId);
                if (task.lastRound() == 0) {
                    return Optional.empty();
                }
                RoundRecord round = round(taskId, task.lastRound());
                return round.state() == RoundState.OPEN ? Optional.of(round) : Optional.empty();
            }, () -> latestRoundStanding(taskId));
            baseVersions.put(open.round(), open.baseVersion());
            return open;
        }

        /**
         * Round {@code number} once this organisation's peer has committed it: a round another
         * organisation just opened reaches this peer a moment after the opener's peer.
         */
        private RoundRecord awaitRoundOnOwnPeer(int number) {
            return onOwnPeer("round " + number, e -> opens(e, taskId), () -> round(taskId, number));
        }

        /**
         * What {@code read} reads, once this organisation's peer has committed it: a record another organisation
         * just wrote reaches this peer a moment after the writer's. Nearly always there at the first look, which
         * then costs one query instead of an await's two.
         */
        private <T> T onOwnPeer(String what, java.util.function.Predicate<LedgerEvent> wakeOn,
                java.util.function.Supplier<T> read) {
            java.util.function.Supplier<Optional<T>> look = () -> {
                try {
                    return Optional.of(read.get());
                } catch (ContractRefusedException e) {
                    if (e.code() == ErrorCode.NOT_FOUND) {
                        return Optional.empty(); // not committed on this peer yet
                    }
                    throw e;
                }
            };
            return lookThenAwait(what + " of task '" + taskId + "' on this organisation's peer", ROUND_REACHES_PEER,
                    wakeOn, look, () -> latestRoundStanding(taskId));
        }

        @Override
        public VerifiedModel currentModel() {
            return verifiedModel(taskId, task(taskId).currentVersion());
        }

        @Override
        public Receipt<UpdateRecord> submitUpdate(int round, Model update, long samples) {
            return submit(round, update, samples, Optional.empty(), OptionalLong.empty());
        }

        @Override
        public Receipt<UpdateRecord> submitBuffered(VerifiedModel trainedFrom, Model update, long samples,
                Duration timeout) {
            Objects.requireNonNull(trainedFrom, "trainedFrom");
            Objects.requireNonNull(update, "update");
            int maxStaleness = task(taskId).rule().spec().maxStaleness();
            if (maxStaleness == 0) {
                throw new IllegalStateException("task '" + taskId + "' runs synchronous rounds (its rule has no"
                        + " max_staleness): submit with submitUpdate");
            }
            Instant until = clock.instant().plus(timeout);
            int after = lastBuffer;
            while (true) {
                int closedBefore = after;
                RoundRecord open = await("an open buffer of task '" + taskId + "' after buffer " + closedBefore,
                        remaining(until), e -> opens(e, taskId), () -> {
                            TaskRecord task = task(taskId);
                            if (task.lastRound() <= closedBefore) {
                                return Optional.empty();
                            }
                            RoundRecord round = round(taskId, task.lastRound());
                            return round.state() == RoundState.OPEN ? Optional.of(round) : Optional.empty();
                        }, () -> latestRoundStanding(taskId));
                baseVersions.put(open.round(), open.baseVersion());
                long behind = open.baseVersion() - trainedFrom.version();
                // A buffer opened by proposeAndOpen has the last buffer's proposal as its base, not FINAL yet; one
                // opened on a proposal that was not agreed, or that another proposal of its version superseded,
                // will fail, and the next buffer, opened from the FINAL model, takes the update.
                Model base = null;
                if (behind != 0) {
                    try {
                        base = baseModel(taskId, open);
                    } catch (BaseNotAgreedException notAgreed) {
                        // left null: skip this buffer
                    }
                } else if (trainedFrom.record().hash().equals(open.baseModelHash())) {
                    base = trainedFrom.model();
                }
                if (base == null) {
                    after = open.round();
                    continue;
                }
                // Too stale an update is sent as it is: the chaincode refuses it with STALE_BASE_MODEL.
                Model rebased = behind < 0 || behind > maxStaleness ? update
                        : StalenessWeights.rebase(update, trainedFrom.model(), base);
                try {
                    Receipt<UpdateRecord> receipt = submit(open.round(), rebased, samples, Optional.of(base),
                            OptionalLong.of(trainedFrom.version()));
                    lastBuffer = open.round();
                    if (admitted(open.round(), receipt.record(), until)) {
                        return receipt;
                    }
                } catch (ContractRefusedException e) {
                    if (e.code() != ErrorCode.ROUND_NOT_OPEN) {
                        throw e;
                    }
                } catch (org.fedledger.sdk.errors.CommitInvalidatedException e) {
                    if (!e.retryable()) {
                        throw e;
                    }
                }
                // That buffer closed first, left the update over its capacity, or failed: the next one takes it.
                after = open.round();
            }
        }

        /** @return the time left until {@code until}, zero once it has passed */
        private Duration remaining(Instant until) {
            Duration left = Duration.between(clock.instant(), until);
            return left.isNegative() ? Duration.ZERO : left;
        }

        /**
         * Waits until buffer {@code round} is closed, then says whether its accepted set holds
         * {@code update}: not when it was over the buffer's capacity or the buffer failed.
         */
        private boolean admitted(int round, UpdateRecord update, Instant until) {
            RoundRecord closed = await("the close of buffer " + round + " of task '" + taskId + "', which holds"
                    + " this trainer's update", remaining(until), e -> closes(e, taskId, round), () -> {
                        RoundRecord r = round(taskId, round);
                        return r.state() == RoundState.OPEN ? Optional.empty() : Optional.of(r);
                    }, () -> latestRoundStanding(taskId));
            return closed.accepted().stream().anyMatch(a -> a.contributor().equals(update.contributor())
                    && a.hash().equals(update.hash()));
        }

        /**
         * Encodes {@code update} in the task's update codec and submits it. A compressed codec encodes the
         * offsets from the round's base model ({@code base}, or read and verified here), rounding
         * stochastically from the seed of this task, round and identity; a top-k codec adds what earlier
         * updates left out (error feedback) and keeps what this one leaves out once it is committed.
         */
        private Receipt<UpdateRecord> submit(int round, Model update, long samples, Optional<Model> base,
                OptionalLong trainedFromVersion) {
            if (payloadLimit < 0) {
                TaskRecord task = task(taskId);
                rule = task.rule().spec();
                payloadLimit = Math.min(task.maxPayloadBytes(), TransportLimits.MAX_PAYLOAD_BYTES);
            }
            UpdateCodec codec = rule.codec();
            byte[] payload;
            double[] left = new double[0];
            if (codec.kind() == CodecKind.FLOAT32) {
                payload = ModelCodec.encode(update);
            } else {
                long baseVersion = baseVersions.computeIfAbsent(round, r -> awaitRoundOnOwnPeer(r).baseVersion());
                Model from = base.orElseGet(() -> verifiedModel(taskId, baseVersion).model());
                if (contributor == null) {
                    contributor = whoAmI().id();
                }
                boolean feedback = codec.kind() == CodecKind.TOPK;
                CodedUpdate coded = codec.encode(update, from, rule.scaleBits(),
                        UpdateCodec.seed(taskId, round, contributor), feedback ? residual : new double[0]);
                payload = coded.bytes();
                left = feedback ? coded.residual() : left;
            }
            if (payload.length > payloadLimit) {
                throw new PayloadTooLargeException(payload.length, payloadLimit);
            }
            long baseVersion = trainedFromVersion.orElseGet(
                    () -> baseVersions.computeIfAbsent(round, r -> awaitRoundOnOwnPeer(r).baseVersion()));
            // A hierarchical task's update goes to the trainer's own organisation only: its peers alone endorse it.
            List<String> endorsers = rule.hierarchical() ? List.of(connection.identity().mspId())
                    : taskOrganisations(taskId);
            Receipt<UpdateRecord> receipt = calls.submitPayload(TransactionName.SUBMIT_UPDATE,
                    chunks(TransientKeys.UPDATE_PREFIX, payload), endorsers, UpdateRecord.class, taskId,
                    round, ContentHash.of(payload).hex(), samples, baseVersion);
            residual = left;
            return receipt;
        }

        @Override
        public Receipt<UpdateRecord> trainRound(int round, LocalTraining training) {
            RoundRecord open = awaitRoundOnOwnPeer(round);
            baseVersions.putIfAbsent(round, open.baseVersion());
            // The round's base: a FINAL model, or the previous round's proposal it was opened on. A peer
            // this call fails over to may not have committed it yet: then it waits, as for the round.
            Base base = onOwnPeer("the base model of round " + round, e -> true, () -> base(taskId, open));
            Model global = base.model();
            LocalTraining.Result result;
            try {
                result = training.train(global);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("local training for round " + round + " of task '" + taskId
                        + "' failed: " + e.getMessage(), e);
            }
            if (base.proposedIn() != null) {
                awaitOwnAgreement(round, base.proposedIn());
            }
            return submit(round, result.update(), result.samples(), Optional.of(global), OptionalLong.empty());
        }

        /**
         * Before an update trained from a proposal leaves this trainer: waits until its own organisation's
         * verifier has attested AGREE to that proposal, or the proposal became FINAL (docs/round-modes.md).
         * A model nobody this trainer trusts has recomputed could be crafted to make updates reveal data.
         */
        private void awaitOwnAgreement(int round, RoundRecord previous) {
            int seq = previous.proposalSeq();
            String mine = connection.identity().mspId();
            // Its verifier has nearly always attested by the time the trainer has trained.
            lookThenAwait(mine + "'s verdict on proposal " + seq + " of round " + previous.round() + " of task '" + taskId
                    + "'", BASE_AGREEMENT_WAIT, e -> e.parts().stream().anyMatch(p -> p instanceof LedgerEvent.ModelAttested a
                            && a.taskId().equals(taskId) && a.round() == previous.round() && a.msp().equals(mine))
                            || decides(e, taskId, previous.round()),
                    () -> {
                        List<AttestationRecord> attestations;
                        try {
                            attestations = calls.evaluateList(TransactionName.LIST_ATTESTATIONS,
                                    AttestationRecord.class, taskId, previous.round(), seq);
                        } catch (ContractRefusedException e) {
                            if (e.code() == ErrorCode.NOT_FOUND) {
                                return Optional.empty(); // a peer that has not committed the proposal yet
                            }
                            throw e;
                        }
                        for (AttestationRecord a : attestations) {
                            if (a.msp().equals(mine)) {
                                if (a.verdict() == Verdict.AGREE) {
                                    return Optional.of(Boolean.TRUE);
                                }
                                throw new BaseNotAgreedException(taskId, round, "the verifier of " + mine
                                        + " disagreed with (" + a.verifier() + ")");
                            }
                        }
                        RoundRecord now = round(taskId, previous.round());
                        if (now.state() == RoundState.FINAL && now.proposalSeq() == seq) {
                            return Optional.of(Boolean.TRUE);
                        }
                        if (now.state() != RoundState.PROPOSED || now.proposalSeq() != seq) {
                            throw new BaseNotAgreedException(taskId, round, "did not become FINAL (round "
                                    + previous.round() + " is " + now.state() + " with proposal " + now.proposalSeq() + ")");
                        }
                        return Optional.empty();
                    }, () -> latestRoundStanding(taskId));
        }

        @Override
        public Receipt<UpdateRecord> trainRoundPrivately(int round, PrivateTraining training) {
            Objects.requireNonNull(training, "training");
            DpMechanism mechanism = privacy().ofTask(taskId).map(TaskPrivacyRecord::mechanism).orElseThrow(
                    () -> new IllegalStateException("task '" + taskId + "' declares no differential privacy; train"
                            + " its rounds with trainRound"));
            return trainRound(round, global -> training.train(global, mechanism));
        }

        @Override
        public VerifiedModel awaitModel(long version, Duration timeout) {
            await("global model version " + version + " of task '" + taskId + "'", timeout,
                    e -> e.parts().stream().anyMatch(p ->
                            (p instanceof LedgerEvent.ModelFinal f && f.taskId().equals(taskId))
                            || (p instanceof LedgerEvent.RoundFailed r && r.taskId().equals(taskId))),
                    () -> {
                        TaskRecord task = task(taskId);
                        if (task.currentVersion() >= version) {
                            return Optional.of(Boolean.TRUE);
                        }
                        refuseIfFailed(task, version);
                        return Optional.empty();
                    }, () -> latestRoundStanding(taskId));
            return verifiedModel(taskId, version);
        }

        /**
         * Throws when the round that was to make {@code version} FAILED: the latest round from
         * {@code version - 1} this trainer saw open or submitted to, or else the task's latest round.
         * A round opened after a failed one, from the same base, is another chance only for those
         * who join it, so a trainer that took part in the failed round hears of the failure.
         */
        private void refuseIfFailed(TaskRecord task, long version) {
            int candidate = baseVersions.entrySet().stream().filter(e -> e.getValue() == version - 1)
                    .mapToInt(Map.Entry::getKey).max().orElse(task.lastRound());
            if (candidate == 0) {
                return;
            }
            RoundRecord r = round(taskId, candidate);
            if (r.baseVersion() == version - 1 && r.state() == RoundState.FAILED) {
                // A round that failed at its close accepted nothing; one that failed undecided kept its set.
                throw new RoundFailedException(taskId, r.round(), task.minUpdates(), r.txId(), !r.accepted().isEmpty());
            }
        }
    }

    private final class AggregatorImpl implements Aggregator {
        private final String taskId;

        AggregatorImpl(String taskId) {
            this.taskId = taskId;
        }

        @Override
        public Aggregation aggregate(int round) {
            TaskRecord task = taskTerms(taskId);
            RoundRecord r = round(taskId, round);
            if (r.state() == RoundState.OPEN) {
                if (!closesWithProposal(task)) {
                    throw new IllegalStateException("round " + round + " of task '" + taskId + "' is OPEN and its"
                            + " aggregate depends on its close: close it first");
                }
                // A full round closes with its proposal: aggregate the accepted set that close fixes.
                r = RoundInputs.closedOver(task, r, calls.evaluateList(TransactionName.LIST_UPDATES, UpdateRecord.class,
                        taskId, round), r.openedAt(), r.txId());
            }
            return Client.this.aggregate(task, r, task.rule().spec());
        }

        @Override
        public boolean closesWithProposal() {
            return closesWithProposal(taskTerms(taskId));
        }

        private boolean closesWithProposal(TaskRecord task) {
            return RoundInputs.closesWithProposal(task, privacy(taskId), incentiveRules(task));
        }

        @Override
        public Receipt<PartialSumRecord> publishPartialSum(int round) {
            TaskRecord task = task(taskId);
            List<UpdateRecord> internal = calls.evaluateList(TransactionName.LIST_INTERNAL_UPDATES, UpdateRecord.class,
                    taskId, round);
            if (internal.isEmpty()) {
                throw new IllegalStateException("no trainer of " + connection.identity().mspId() + " submitted to round "
                        + round + " of task '" + taskId + "'");
            }
            byte[] sum = partialSumOf(task, internal);
            return calls.submitPayload(TransactionName.PUBLISH_PARTIAL_SUM, chunks(TransientKeys.UPDATE_PREFIX, sum),
                    taskOrganisations(taskId), PartialSumRecord.class, taskId, round, ContentHash.of(sum).hex(),
                    RecordJson.write(internal));
        }

        @Override
        public Receipt<ProposalRecord> propose(Aggregation aggregation) {
            return propose(TransactionName.PROPOSE_MODEL, aggregation);
        }

        @Override
        public boolean pipelines() {
            TaskRecord task = taskTerms(taskId);
            return RoundInputs.pipelines(task, privacy(taskId), incentiveRules(task));
        }

        @Override
        public Receipt<ProposalRecord> proposeAndOpen(Aggregation aggregation) {
            return propose(TransactionName.PROPOSE_AND_OPEN, aggregation);
        }

        private Receipt<ProposalRecord> propose(TransactionName transaction, Aggregation aggregation) {
            byte[] output = ModelCodec.encode(aggregation.output());
            return calls.submitPayload(transaction, chunks(TransientKeys.MODEL_PREFIX, output),
                    taskOrganisations(taskId), ProposalRecord.class, taskId, aggregation.round(),
                    RecordJson.write(aggregation.manifest()));
        }
    }

    /** Reads a round's verified inputs and base model, runs {@code rule} and builds the manifest. */
    private Aggregation aggregate(TaskRecord task, RoundRecord round, RuleSpec rule) {
        Model base = baseModel(task.taskId(), round);
        RoundAggregate computed;
        if (task.rule().spec().hierarchical()) {
            // the organisations' attested partial sums, merged: exact FedAvg over every trainer's update
            computed = HierarchicalRoundInputs.merge(task, round, partialSums(task.taskId(), round.round()), base,
                    p -> partialSumPayload(p));
        } else if (privacy(task.taskId()).isPresent()) {
            // a secure round: exact FedAvg over the survivors, from their masked updates and the reveals
            computed = SecureRoundInputs.unmask(task, round, secureRecords(task.taskId(), round.round()), base,
                    a -> updatePayload(task.taskId(), round.round(), a.contributor(), a.hash()));
        } else {
            List<AcceptedUpdate> inKeyOrder = new java.util.ArrayList<>(round.accepted());
            inKeyOrder.sort(java.util.Comparator.comparing(AcceptedUpdate::key)); // the order the aggregation reads
            try (BatchedReads<AcceptedUpdate> inputs = updatePayloads(task.taskId(), round.round(), inKeyOrder)) {
                computed = RoundInputs.aggregate(task, round, rule, base, inputs::next);
            }
        }
        computedModels.put(computed.manifest().outputHash(), computed.output());
        return new Aggregation(computed.manifest(), computed.output());
    }

    /**
     * The round's base model: one this client computed itself whose hash is the round's base model hash
     * (a verifier recomputed last round's output, which became this round's base), or else read from this
     * organisation's peer and checked against that hash, the round record's.
     */
    private Model baseModel(String taskId, RoundRecord round) {
        Model known = computedModels.get(round.baseModelHash());
        return known != null ? known : base(taskId, round).model();
    }

    /**
     * A round's base model and where it comes from.
     *
     * @param model the model, verified against the round's base model hash
     * @param proposedIn the previous round, when the base is its proposal that is not FINAL yet (the round
     *     was opened by {@code proposeAndOpen}); null when the base is a FINAL global model
     */
    private record Base(Model model, RoundRecord proposedIn) {
    }

    /**
     * {@link #baseModel}, telling whether the base is the previous round's proposal: a round opened on a
     * proposal ({@code proposeAndOpen}) whose round is not FINAL yet trains from that proposal's output.
     *
     * @throws BaseNotAgreedException when that proposal was disputed, failed, or proposed again otherwise
     */
    private Base base(String taskId, RoundRecord round) {
        RoundRecord previous = round.round() > 1 ? round(taskId, round.round() - 1) : null;
        boolean onProposal = previous != null && previous.baseVersion() + 1 == round.baseVersion()
                && previous.state() != RoundState.FINAL;
        if (onProposal && previous.state() != RoundState.PROPOSED) {
            throw new BaseNotAgreedException(taskId, round.round(), "was not agreed (round " + previous.round()
                    + " is " + previous.state() + ")");
        }
        Model model = computedModels.get(round.baseModelHash());
        if (model == null) {
            byte[] bytes = onProposal
                    ? calls.evaluateBytes(TransactionName.READ_PROPOSAL_PAYLOAD, taskId, previous.round(),
                            previous.proposalSeq())
                    : calls.evaluateBytes(TransactionName.READ_MODEL_PAYLOAD, taskId, round.baseVersion());
            if (!onProposal) {
                Payloads.verify("the base model of round " + round.round() + " of task '" + taskId + "'", bytes,
                        round.baseModelHash());
            } else if (!ContentHash.of(bytes).equals(round.baseModelHash())) {
                throw new BaseNotAgreedException(taskId, round.round(), "was proposed again with another model"
                        + " (round " + previous.round() + "'s proposal " + previous.proposalSeq() + ")");
            }
            model = ModelCodec.decode(bytes);
            computedModels.put(round.baseModelHash(), model);
        }
        return new Base(model, onProposal ? previous : null);
    }

    /** The last few models this client computed, by their hash: content-addressed, so never stale. */
    private final Map<ContentHash, Model> computedModels = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(8, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<ContentHash, Model> eldest) {
                    return size() > 4;
                }
            });

    private final class VerifierImpl implements Verifier {
        private final String taskId;

        VerifierImpl(String taskId) {
            this.taskId = taskId;
        }

        @Override
        public Receipt<PartialSumRecord> attestPartialSum(int round) {
            String msp = connection.identity().mspId();
            PartialSumRecord published = partialSums(taskId, round).stream().filter(p -> p.msp().equals(msp))
                    .findFirst().orElseThrow(() -> new IllegalStateException(msp + " published no partial sum of round "
                            + round + " of task '" + taskId + "'"));
            ContentHash recomputed = ContentHash.of(partialSumOf(task(taskId), published.updates()));
            if (!recomputed.equals(published.hash())) {
                throw new IntegrityException("the partial sum of " + msp + " in round " + round + " of task '" + taskId
                        + "'", published.hash(), recomputed);
            }
            return calls.submit(TransactionName.ATTEST_PARTIAL_SUM, Map.of(), PartialSumRecord.class, taskId, round, msp,
                    recomputed.hex());
        }

        @Override
        public Verification verify(int round, int seq) {
            TaskRecord task = taskTerms(taskId);
            RoundRecord r = roundAsProposed(round, seq);
            ProposalRecord proposal = proposal(taskId, round, seq);
            ContentHash claimed = proposal.outputHash();
            try {
                // The chaincode's own manifest checks, run here offline, then the aggregation itself.
                RoundInputs.closedRound(task, r).check(proposal.manifest());
                Aggregation recomputed = aggregate(task, r, proposal.manifest().rule());
                ContentHash computed = recomputed.manifest().outputHash();
                if (!recomputed.manifest().equals(proposal.manifest())) {
                    return new Verification(round, seq, Verdict.DISAGREE, computed,
                            Optional.of("the manifest differs from the one recomputed from the round's inputs"));
                }
                return computed.equals(claimed) ? new Verification(round, seq, Verdict.AGREE, computed, Optional.empty())
                        : new Verification(round, seq, Verdict.DISAGREE, computed, Optional.of("recomputed output "
                                + computed.hex() + " differs from the proposed " + claimed.hex()));
            } catch (ManifestMismatchException | ModelFormatException | IllegalStateException e) {
                return new Verification(round, seq, Verdict.DISAGREE, claimed, Optional.of(e.getMessage()));
            }
        }

        /**
         * The round as its proposal {@code seq} left it or later. A round record from before that proposal
         * (a peer behind the one that announced it) would make an honest proposal look wrong, so it is a
         * retryable failure to read, never a verdict.
         */
        private RoundRecord roundAsProposed(int round, int seq) {
            RoundRecord r = round(taskId, round);
            if (r.proposalSeq() < seq || r.state() == RoundState.OPEN || r.state() == RoundState.CLOSED) {
                throw new LedgerUnavailableException("round " + round + " of task '" + taskId + "' was read as "
                        + r.state() + " with proposal " + r.proposalSeq() + ", before its proposal " + seq
                        + ": the peer that answered is behind", null);
            }
            return r;
        }

        @Override
        public Verification verify(int round, int seq, ModelScorer scorer) {
            Objects.requireNonNull(scorer, "scorer");
            Optional<TaskIncentivesRecord> rules = incentives().rules(taskId);
            if (rules.isEmpty()) {
                return verify(round, seq);
            }
            if (!valuesRound(rules.get().rules(), round, scorer)) {
                // This organisation's private set does not cover the round: it verifies the output and values nothing.
                return verify(round, seq);
            }
            Verification v = verify(round, seq);
            if (v.verdict() != Verdict.AGREE) {
                return v;
            }
            TaskRecord task = task(taskId);
            RoundRecord r = roundAsProposed(round, seq);
            VerifiedModel base = verifiedModel(taskId, r.baseVersion());
            return v.withContributions(Contributions.compute(rules.get().rules().method(), rules.get().rules().scoring(), task, r,
                    task.rule().spec(), base.model(), a -> updatePayload(taskId, round, a.contributor(), a.hash()),
                    scorer));
        }

        /**
         * Whether this organisation values {@code round} on {@code scorer}: on a shared set, always (another set
         * is refused); on private sets, when its committed set covers the round (another set is refused).
         */
        private boolean valuesRound(IncentiveRules rules, int round, ModelScorer scorer) {
            ContentHash held = scorer.validationSetHash();
            if (!rules.privateValidation()) {
                if (!rules.validationSetHash().equals(held)) {
                    throw new ValidationSetMismatchException(taskId, rules.validationSetHash(), held);
                }
                return true;
            }
            Optional<ValidationSetRecord> mine = ownValidationSet();
            return mine.isPresent() && held(mine.get(), held).coversRound(round);
        }

        @Override
        public ValidationSetRecord commitValidationSet(ModelScorer scorer) {
            ContentHash held = Objects.requireNonNull(scorer, "scorer").validationSetHash();
            Optional<ValidationSetRecord> mine = ownValidationSet();
            if (mine.isEmpty()) {
                try {
                    return calls.submit(TransactionName.COMMIT_VALIDATION_SET, Map.of(), ValidationSetRecord.class,
                            taskId, held.hex()).record();
                } catch (ContractRefusedException e) {
                    // Another identity of this organisation (its verifier service) committed meanwhile.
                    mine = e.code() == ErrorCode.ALREADY_EXISTS ? ownValidationSet() : Optional.empty();
                    if (mine.isEmpty()) {
                        throw e;
                    }
                }
            }
            return held(mine.get(), held);
        }

        /** @return this organisation's committed private validation set for the task, if any */
        private Optional<ValidationSetRecord> ownValidationSet() {
            String msp = whoAmI().msp();
            return incentives().validationSets(taskId).stream().filter(v -> v.msp().equals(msp)).findFirst();
        }

        /** @return {@code committed}, when it is the set held; a mismatch otherwise */
        private ValidationSetRecord held(ValidationSetRecord committed, ContentHash held) {
            if (!committed.validationSetHash().equals(held)) {
                throw new ValidationSetMismatchException(taskId, committed.validationSetHash(), held);
            }
            return committed;
        }

        @Override
        public Receipt<AttestationRecord> attest(Verification v) {
            if (v.contributions().isPresent()) {
                return calls.submit(TransactionName.ATTEST_MODEL_WITH_CONTRIBUTIONS, Map.of(), AttestationRecord.class,
                        taskId, v.round(), v.seq(), v.verdict().name(), v.computedHash().hex(),
                        RecordJson.write(v.contributions().get()));
            }
            return calls.submit(TransactionName.ATTEST_MODEL, Map.of(), AttestationRecord.class, taskId, v.round(), v.seq(),
                    v.verdict().name(), v.computedHash().hex());
        }

        @Override
        public Quorum.Tally tally(int round, int seq) {
            TaskRecord task = taskTerms(taskId);
            ProposalRecord proposal = proposal(taskId, round, seq);
            List<AttestationRecord> attestations = calls.evaluateList(TransactionName.LIST_ATTESTATIONS,
                    AttestationRecord.class, taskId, round, seq);
            Optional<TaskIncentivesRecord> rules = incentiveRules(task);
            if (rules.isEmpty()) {
                return Quorum.tally(task, proposal, attestations);
            }
            return Quorum.tally(task, rules.get().rules(), proposal, attestations,
                    incentives().attested(taskId, round, seq));
        }

        @Override
        public Receipt<RoundRecord> resolve(int round) {
            return calls.submit(TransactionName.RESOLVE_ROUND, Map.of(), RoundRecord.class, taskId, round);
        }

        @Override
        public Optional<Receipt<RoundRecord>> closeIfOverdue(int round) {
            RoundRecord r = round(taskId, round);
            if (r.state() != RoundState.OPEN || clock.instant().getEpochSecond() <= r.deadline()) {
                return Optional.empty();
            }
            try {
                return Optional.of(calls.submit(TransactionName.CLOSE_ROUND, Map.of(), RoundRecord.class, taskId, round));
            } catch (ContractRefusedException e) {
                // Another organisation's verifier closed it first.
                if (e.code() == ErrorCode.INVALID_STATE) {
                    return Optional.empty();
                }
                throw e;
            }
        }
    }

    private final class AuditorImpl implements Auditor {
        @Override
        public Optional<SecureRoundRecords> secureRound(String taskId, int round) {
            return privacy(taskId).map(p -> secureRecords(taskId, round));
        }

        @Override
        public ParticipantRecord participant(String msp, String id) {
            return calls.evaluate(TransactionName.GET_PARTICIPANT, ParticipantRecord.class,
                    Objects.requireNonNull(msp, "msp"), Objects.requireNonNull(id, "id"));
        }

        @Override
        public TaskRecord task(String taskId) {
            return Client.this.task(taskId);
        }

        @Override
        public RoundRecord round(String taskId, int round) {
            return Client.this.round(taskId, round);
        }

        @Override
        public List<UpdateRecord> updates(String taskId, int round) {
            return calls.evaluateList(TransactionName.LIST_UPDATES, UpdateRecord.class, taskId, round);
        }

        @Override
        public List<UpdateRecord> contributorHistory(String contributorId) {
            return calls.evaluateList(TransactionName.CONTRIBUTOR_HISTORY, UpdateRecord.class, contributorId);
        }

        @Override
        public ProposalRecord proposal(String taskId, int round, int seq) {
            return Client.this.proposal(taskId, round, seq);
        }

        @Override
        public List<AttestationRecord> attestations(String taskId, int round, int seq) {
            return calls.evaluateList(TransactionName.LIST_ATTESTATIONS, AttestationRecord.class, taskId, round, seq);
        }

        @Override
        public ModelRecord model(String taskId, long version) {
            return calls.evaluate(TransactionName.GET_GLOBAL_MODEL, ModelRecord.class, taskId, version);
        }

        @Override
        public VerifiedModel verifiedModel(String taskId, long version) {
            return Client.this.verifiedModel(taskId, version);
        }

        @Override
        public byte[] updatePayload(String taskId, int round, String contributorId) {
            ContentHash hash = updates(taskId, round).stream().filter(u -> u.contributor().equals(contributorId)).findFirst()
                    .orElseThrow(() -> new ContractRefusedException(ErrorCode.NOT_FOUND, "no update of " + contributorId
                            + " in round " + round + " of task '" + taskId + "'", null, null)).hash();
            return Client.this.updatePayload(taskId, round, contributorId, hash);
        }

        @Override
        public byte[] updatePayload(UpdateRecord update) {
            return Client.this.updatePayload(update.taskId(), update.round(), update.contributor(), update.hash());
        }

        @Override
        public List<PartialSumRecord> partialSums(String taskId, int round) {
            return Client.this.partialSums(taskId, round);
        }

        @Override
        public byte[] partialSumPayload(PartialSumRecord partial) {
            return Client.this.partialSumPayload(partial);
        }

        @Override
        public long blockHeight() {
            return calls.withRetry("block height", connection::blockHeight, false);
        }

        @Override
        public byte[] block(long number) {
            return calls.withRetry("block " + number, () -> connection.block(number), false);
        }
    }

    @Override
    public String toString() {
        return "FedLedger[" + connection.identity() + "]";
    }
}

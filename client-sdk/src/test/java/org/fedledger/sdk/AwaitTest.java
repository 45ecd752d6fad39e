package org.fedledger.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import org.fedledger.protocol.key.PayloadLayout;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.core.model.Tensor;
import org.fedledger.protocol.event.LedgerEvent;
import org.fedledger.protocol.record.AttestationRecord;
import org.fedledger.protocol.record.ModelRecord;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.RoundState;
import org.fedledger.protocol.record.RuleRecord;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.record.TensorSpecRecord;
import org.fedledger.protocol.record.Verdict;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.sdk.errors.AwaitTimeoutException;
import org.fedledger.sdk.errors.RoundFailedException;
import org.fedledger.sdk.ledger.ChaincodeEventRecord;
import org.fedledger.sdk.ledger.Committed;
import org.fedledger.sdk.ledger.EventPosition;
import org.fedledger.sdk.ledger.EventStream;
import org.fedledger.sdk.ledger.LedgerIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Awaits look again when the event they wait for is committed, fall back to polling where events do
 * not arrive, and time out. One of the two intervals is an hour in each test, so only the path under
 * test can end the wait (a broken one hangs until the test's timeout fails it). A wait that must time
 * out does so by the SDK's clock, given here as one that moves on at every look, not by the wall clock.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AwaitTest {
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Model MODEL = Model.of(List.of(Tensor.of("w", new int[] {2}, new float[] {1, 2})));
    private static final byte[] BYTES = ModelCodec.encode(MODEL);
    private static final ContentHash HASH = ContentHash.of(BYTES);

    /** A ledger whose task's current version the test sets, with an event stream the test feeds. */
    private static final class ScriptedLedger extends EmptyChainConnection {
        final AtomicLong currentVersion = new AtomicLong();
        /** The task's rounds by number, each from model version 0; the highest is the task's latest. */
        final Map<Integer, RoundState> rounds = new ConcurrentHashMap<>(Map.of(1, RoundState.OPEN));
        /** The verdicts on proposal 1 of each round. */
        final List<Verdict> votes = new java.util.concurrent.CopyOnWriteArrayList<>();
        final AtomicInteger taskReads = new AtomicInteger();
        final Map<String, EventPosition> opened = new ConcurrentHashMap<>();
        final Semaphore streamOpened = new Semaphore(0);
        /** Released each time the stream is asked for its next event: the ones before it were handled. */
        final Semaphore askedForNext = new Semaphore(0);
        final BlockingQueue<ChaincodeEventRecord> events = new LinkedBlockingQueue<>();
        volatile boolean eventService = true;

        @Override
        public LedgerIdentity identity() {
            return new LedgerIdentity("Org1MSP", "pem");
        }

        @Override
        public long blockHeight() {
            return 7;
        }

        @Override
        public byte[] evaluate(TransactionName transaction, List<String> arguments) {
            return switch (transaction) {
                case GET_TASK -> {
                    taskReads.incrementAndGet();
                    yield json(new TaskRecord("t", List.of(new TensorSpecRecord("w", List.of(2))),
                            new RuleRecord("fedavg", null), 2, 3, 2, 600, 1000, 50, 4096,
                            List.of("Org1MSP", "Org2MSP"), "x509::CN=c::CN=ca", "Org1MSP", currentVersion.get(), HASH,
                            rounds.keySet().stream().mapToInt(Integer::intValue).max().orElse(0), "tx0", 1, PayloadLayout.PER_ORGANISATION));
                }
                case GET_ROUND -> {
                    int round = Integer.parseInt(arguments.get(1));
                    RoundState state = rounds.get(round);
                    yield json(new RoundRecord("t", round, state, 0, HASH, 100, 700,
                            state == RoundState.OPEN ? null : 701L, List.of(), List.of(), null,
                            state == RoundState.PROPOSED || state == RoundState.DISPUTED ? 1 : 0, List.of(),
                            "tx-round-" + round));
                }
                case LIST_ATTESTATIONS -> ("[" + String.join(",", votes.stream().map(v -> RecordJson.write(
                        new AttestationRecord("t", Integer.parseInt(arguments.get(1)), 1, "Org2MSP", "x509::CN=v::CN=ca",
                                v, HASH, "tx-vote", 702))).toList()) + "]").getBytes(StandardCharsets.UTF_8);
                case GET_PROPOSAL -> {
                    var manifest = org.fedledger.core.manifest.AggregationManifest.builder().taskId("t").round(1)
                            .baseModelHash(HASH)
                            .rule(org.fedledger.core.aggregation.RuleSpec.of(org.fedledger.core.aggregation.RuleName.FEDAVG))
                            .addInput(new org.fedledger.core.manifest.ManifestInput("k1", "x509::CN=t::CN=ca",
                                    HASH, 1, 1, 1))
                            .outputHash(HASH).build();
                    // Proposed by a third organisation, so that both of the task's organisations are eligible.
                    yield json(new org.fedledger.protocol.record.ProposalRecord("t", Integer.parseInt(arguments.get(1)), 1,
                            manifest, RecordJson.hash(manifest), HASH, BYTES.length, 1, "x509::CN=a::CN=ca", "Org3MSP", "tx-p",
                            701));
                }
                case GET_GLOBAL_MODEL -> json(new ModelRecord("t", Long.parseLong(arguments.get(1)), HASH, BYTES.length, 1,
                        1, 1, null, List.of("Org1MSP", "Org2MSP"), "tx1", 2));
                case READ_MODEL_PAYLOAD -> BYTES;
                default -> throw new IllegalStateException("not scripted: " + transaction);
            };
        }

        @Override
        public Committed submit(TransactionName transaction, List<String> arguments, Map<String, byte[]> transientData) {
            if (transaction != TransactionName.CLOSE_ROUND) {
                throw new IllegalStateException("an await submits nothing");
            }
            int round = Integer.parseInt(arguments.get(1));
            rounds.put(round, RoundState.FAILED);
            return new Committed("tx-close-" + round, 9, json(new RoundRecord("t", round, RoundState.FAILED, 0,
                    HASH, 100, 700, 701L, List.of(), List.of(), null, 0, List.of(), "tx-close-" + round)));
        }

        @Override
        public EventStream events(EventPosition from) {
            if (!eventService) {
                return super.events(from);
            }
            opened.put("from", from);
            streamOpened.release();
            return new EventStream() {
                private volatile boolean closed;
                private ChaincodeEventRecord next;

                @Override
                public boolean hasNext() {
                    askedForNext.release();
                    try {
                        while (!closed && next == null) {
                            next = events.poll(10, TimeUnit.MILLISECONDS);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                    return next != null;
                }

                @Override
                public ChaincodeEventRecord next() {
                    ChaincodeEventRecord e = next;
                    next = null;
                    return e;
                }

                @Override
                public void close() {
                    closed = true;
                }
            };
        }

        void emit(LedgerEvent event) {
            events.add(new ChaincodeEventRecord(8, "tx-" + events.size(), event.name(),
                    RecordJson.write(event).getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static byte[] json(Record r) {
        return RecordJson.write(r).getBytes(StandardCharsets.UTF_8);
    }

    private static FedLedger client(ScriptedLedger ledger, Duration poll, Duration eventFallbackPoll) {
        return client(ledger, poll, eventFallbackPoll, Clock.systemUTC());
    }

    private static FedLedger client(ScriptedLedger ledger, Duration poll, Duration eventFallbackPoll, Clock clock) {
        return new Client(ledger, false, new Calls(ledger, RetryPolicy.none(), d -> Thread.sleep(d.toMillis())), poll,
                eventFallbackPoll, clock);
    }

    /** A client that polls every 10 ms, on a clock 40 ms further on at every look: a 100 ms wait ends in three. */
    private static FedLedger polling(ScriptedLedger ledger) {
        return client(ledger, Duration.ofMillis(10), Duration.ofMillis(10), stepping(Duration.ofMillis(40)));
    }

    /** A clock that moves on by {@code step} each time it is read, from the round's opening (epoch second 100). */
    private static Clock stepping(Duration step) {
        AtomicLong reads = new AtomicLong();
        return new Clock() {
            @Override
            public Instant instant() {
                return Instant.ofEpochSecond(100).plus(step.multipliedBy(reads.getAndIncrement()));
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }
        };
    }

    /** Starts a trainer's wait for model version 1 (an hour at most) that polls every 10 ms without events. */
    private static CompletableFuture<VerifiedModel> awaitModelOne(ScriptedLedger ledger) {
        FedLedger client = client(ledger, Duration.ofMillis(10), HOUR);
        return CompletableFuture.supplyAsync(() -> client.trainer("t").awaitModel(1, HOUR));
    }

    private static LedgerEvent.ModelFinal finalOf(String task, long version) {
        return new LedgerEvent.ModelFinal(task, (int) version, 1, version, HASH, List.of("Org2MSP", "Org3MSP"));
    }

    @Test
    void an_await_looks_again_when_its_event_is_committed_and_not_for_other_events() throws Exception {
        ScriptedLedger ledger = new ScriptedLedger();
        CompletableFuture<VerifiedModel> awaited = awaitModelOne(ledger);
        ledger.streamOpened.acquire();
        assertThat(ledger.opened.get("from")).as("listens from the height before its first look")
                .isEqualTo(EventPosition.startOf(7));

        ledger.emit(finalOf("another-task", 1));
        ledger.emit(new LedgerEvent.RoundOpened("t", 2, 1, 99));
        ledger.askedForNext.acquire(3); // both events handled
        assertThat(ledger.taskReads).as("only the first look; other events do not wake it").hasValue(1);
        assertThat(awaited).isNotDone();

        ledger.currentVersion.set(1);
        ledger.emit(finalOf("t", 1));
        VerifiedModel model = awaited.get(30, TimeUnit.SECONDS);
        assertThat(model.record().version()).isEqualTo(1);
        assertThat(model.model()).isEqualTo(MODEL);
        assertThat(ledger.taskReads).hasValue(2);
    }

    @Test
    void an_await_for_a_model_wakes_on_the_open_that_made_it_final() throws Exception {
        ScriptedLedger ledger = new ScriptedLedger();
        CompletableFuture<VerifiedModel> awaited = awaitModelOne(ledger);
        ledger.streamOpened.acquire();
        ledger.currentVersion.set(1);
        LedgerEvent.ModelFinal finalised = finalOf("t", 1);
        ledger.emit(new LedgerEvent.RoundAdvanced(finalised, new LedgerEvent.RoundOpened("t", 2, 1, 99)));
        assertThat(awaited.get(30, TimeUnit.SECONDS).record().version()).isEqualTo(1);
        assertThat(ledger.taskReads).as("woken by the event, not by a poll").hasValue(2);
    }

    @Test
    void without_an_event_service_an_await_polls() throws Exception {
        ScriptedLedger ledger = new ScriptedLedger();
        ledger.eventService = false;
        CompletableFuture<VerifiedModel> awaited = awaitModelOne(ledger);
        while (ledger.taskReads.get() < 3) {
            Thread.onSpinWait();
        }
        ledger.currentVersion.set(1);
        assertThat(awaited.get(30, TimeUnit.SECONDS).record().version()).isEqualTo(1);
    }

    @Test
    void an_await_whose_event_subscription_fails_falls_back_to_polling() throws Exception {
        ScriptedLedger ledger = new ScriptedLedger();
        CompletableFuture<VerifiedModel> awaited = awaitModelOne(ledger);
        ledger.streamOpened.acquire();
        // An event this SDK does not know stops the subscription; the await must not wait an hour.
        ledger.events.add(new ChaincodeEventRecord(8, "tx-new", "SomethingNewer", "{}".getBytes(StandardCharsets.UTF_8)));
        ledger.currentVersion.set(1);
        assertThat(awaited.get(30, TimeUnit.SECONDS).record().version()).isEqualTo(1);
    }

    @Test
    void an_await_that_sees_nothing_times_out_naming_what_it_waited_for() {
        ScriptedLedger ledger = new ScriptedLedger();
        FedLedger client = polling(ledger);
        AwaitTimeoutException e = catchThrowableOfType(AwaitTimeoutException.class,
                () -> client.trainer("t").awaitModel(1, Duration.ofMillis(100)));
        assertThat(e).hasMessageContaining("global model version 1 of task 't'");
        assertThat(ledger.taskReads.get()).isGreaterThan(1);
    }

    @Test
    void a_trainer_waiting_for_a_model_hears_at_once_that_its_round_failed() throws Exception {
        ScriptedLedger ledger = new ScriptedLedger();
        CompletableFuture<VerifiedModel> awaited = awaitModelOne(ledger);
        ledger.streamOpened.acquire();
        ledger.rounds.put(1, RoundState.FAILED);
        ledger.emit(new LedgerEvent.RoundFailed("t", 1, 1));
        Throwable failure = catchThrowableOfType(java.util.concurrent.ExecutionException.class,
                () -> awaited.get(30, TimeUnit.SECONDS)).getCause();
        assertThat(failure).isInstanceOf(RoundFailedException.class)
                .hasMessage("round 1 of task 't' FAILED: its deadline passed with fewer than 2 updates; the next model "
                        + "comes from a round opened after it, from the same base model");
        RoundFailedException e = (RoundFailedException) failure;
        assertThat(e.round()).isEqualTo(1);
        assertThat(e.minUpdates()).isEqualTo(2);
        assertThat(e.transactionId()).contains("tx-round-1");
        assertThat(e.retryable()).isFalse();
    }

    @Test
    void a_trainer_that_took_part_in_a_failed_round_hears_of_it_after_the_next_round_opened() {
        ScriptedLedger ledger = new ScriptedLedger();
        Trainer trainer = client(ledger, Duration.ofMillis(10), Duration.ofMillis(10)).trainer("t");
        assertThat(trainer.awaitOpenRound(Duration.ofSeconds(5)).round()).isEqualTo(1);
        ledger.rounds.put(1, RoundState.FAILED);
        ledger.rounds.put(2, RoundState.OPEN);
        RoundFailedException e = catchThrowableOfType(RoundFailedException.class,
                () -> trainer.awaitModel(1, Duration.ofSeconds(5)));
        assertThat(e.round()).isEqualTo(1);

        // A trainer that never saw round 1 waits for round 2, which may still make version 1.
        Trainer newcomer = polling(ledger).trainer("t");
        AwaitTimeoutException timeout = catchThrowableOfType(AwaitTimeoutException.class,
                () -> newcomer.awaitModel(1, Duration.ofMillis(100)));
        assertThat(timeout.standing()).hasValueSatisfying(v -> assertThat(v).startsWith("round 2 (from model version 0) is OPEN until "));
    }

    @Test
    void a_timed_out_wait_for_a_model_says_how_far_the_attestations_got() {
        ScriptedLedger ledger = new ScriptedLedger();
        ledger.rounds.put(1, RoundState.PROPOSED);
        ledger.votes.add(Verdict.AGREE);
        FedLedger client = polling(ledger);
        AwaitTimeoutException e = catchThrowableOfType(AwaitTimeoutException.class,
                () -> client.trainer("t").awaitModel(1, Duration.ofMillis(100)));
        assertThat(e).hasMessage("global model version 1 of task 't' did not happen within PT0.1S; round 1 (from model "
                + "version 0) is PROPOSED: proposal 1 has 1 AGREE and 0 DISAGREE of a quorum of 2 organisations' verifiers"
                + " other than the proposer's Org3MSP");
        assertThat(e.standing()).isPresent();
    }

    @Test
    void an_await_times_out_when_the_sdks_clock_passes_its_timeout_not_the_wall_clock() {
        ScriptedLedger ledger = new ScriptedLedger();
        // Ten minutes to wait, a minute gone at every look: the wait ends after about ten polls of 10 ms.
        FedLedger client = client(ledger, Duration.ofMillis(10), Duration.ofMillis(10), stepping(Duration.ofMinutes(1)));
        AwaitTimeoutException e = catchThrowableOfType(AwaitTimeoutException.class,
                () -> client.trainer("t").awaitModel(1, Duration.ofMinutes(10)));
        assertThat(e.waited()).isEqualTo(Duration.ofMinutes(10));
        assertThat(ledger.taskReads.get()).isBetween(2, 20);
    }

    @Test
    void a_verifier_closes_a_round_as_overdue_only_once_the_sdks_clock_is_past_its_deadline() {
        ScriptedLedger ledger = new ScriptedLedger();
        Clock atDeadline = Clock.fixed(Instant.ofEpochSecond(700), ZoneOffset.UTC);
        assertThat(client(ledger, HOUR, HOUR, atDeadline).verifier("t").closeIfOverdue(1)).isEmpty();
        assertThat(ledger.rounds).containsEntry(1, RoundState.OPEN);

        Clock afterIt = Clock.fixed(Instant.ofEpochSecond(701), ZoneOffset.UTC);
        assertThat(client(ledger, HOUR, HOUR, afterIt).verifier("t").closeIfOverdue(1))
                .hasValueSatisfying(r -> assertThat(r.record().state()).isEqualTo(RoundState.FAILED));
    }

    @Test
    void a_client_reads_time_from_the_clock_it_was_given() {
        Clock fixed = Clock.fixed(Instant.ofEpochSecond(42), ZoneOffset.UTC);
        assertThat(FedLedger.over(new ScriptedLedger(), RetryPolicy.none(), fixed).clock()).isSameAs(fixed);
        assertThat(FedLedger.over(new ScriptedLedger()).clock().getZone()).isEqualTo(ZoneOffset.UTC);
    }
}

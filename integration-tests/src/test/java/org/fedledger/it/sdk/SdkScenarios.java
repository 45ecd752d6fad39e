package org.fedledger.it.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fedledger.audit.TaskAudit;
import org.fedledger.audit.report.AuditReport;
import org.fedledger.audit.report.AuditVerdict;
import org.fedledger.core.aggregation.AggregationInput;
import org.fedledger.core.aggregation.AggregationRules;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.aggregation.StalenessWeights;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.it.fabric.ForwardingConnection;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.event.LedgerEvent;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.RoundState;
import org.fedledger.protocol.record.UpdateRecord;
import org.fedledger.protocol.record.Verdict;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.sdk.Aggregation;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.Receipt;
import org.fedledger.sdk.RetryPolicy;
import org.fedledger.sdk.TaskDefinition;
import org.fedledger.sdk.Verification;
import org.fedledger.sdk.VerifiedModel;
import org.fedledger.sdk.errors.CommitStatusUnknownException;
import org.fedledger.sdk.errors.ContractRefusedException;
import org.fedledger.sdk.events.FileCheckpointer;
import org.fedledger.sdk.events.ProtocolEvent;
import org.fedledger.sdk.events.Subscription;
import org.fedledger.sdk.ledger.Committed;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.fedledger.sdk.payload.IntegrityException;
import org.fedledger.sdk.testing.SdkParticipants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK's scenarios for every role, written once and run on every ledger: each subclass says how
 * a person of an organisation connects. Everything goes through the SDK's public API.
 */
public abstract class SdkScenarios extends ConsortiumScenarios {

    /**
     * Lets the ledger's time and the SDK's pass {@code deadline}: at once where the test holds the
     * ledger's clock, by waiting where it cannot (a real network time-stamps with the real clock).
     */
    protected abstract void passDeadline(java.time.Instant deadline) throws InterruptedException;

    /**
     * Whether organisation {@code org}'s peer stores {@code bytes} anywhere in its private data (on a real
     * network: anywhere in its data folder).
     */
    protected abstract boolean peerHolds(int org, byte[] bytes) throws java.io.IOException;

    /**
     * Waits until every organisation's peer holds the blocks below {@code height}, so the next step,
     * often endorsed on another organisation's peer, reads what the auditor's peer already read. A
     * single-ledger test has nothing to wait for.
     */
    protected void awaitEveryPeerBelow(long height) {
    }

    /** Whether {@code haystack} contains {@code needle} as consecutive bytes. */
    protected static boolean containsBytes(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private String newTask(TaskDefinition.Builder definition) {
        TaskDefinition task = definition.build();
        people().coordinator.coordinator().createTask(task);
        return task.taskId();
    }

    /**
     * A call on a closed connection, directly or through the SDK, fails at once: it is not a ledger that is
     * down for a while, so nothing spends a retry budget on it (a shut-down gRPC channel never comes back).
     */
    @Test
    void a_call_on_a_closed_connection_fails_at_once_and_is_not_retried() {
        LedgerConnection connection = connect(2, "User1");
        assertThat(connection.blockHeight()).isPositive();
        connection.close();
        assertThat(catchThrowableOfType(IllegalStateException.class,
                () -> connection.evaluate(TransactionName.WHO_AM_I, List.of()))).hasMessageContaining("closed");
        assertThat(catchThrowableOfType(IllegalStateException.class,
                () -> connection.submit(TransactionName.REQUEST_ROLES, List.of("trainer"), Map.of())))
                .hasMessageContaining("closed");

        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        LedgerConnection counted = new org.fedledger.it.fabric.ForwardingConnection(connect(2, "User1"), true) {
            @Override
            public byte[] evaluate(TransactionName transaction, List<String> arguments) {
                calls.incrementAndGet();
                return super.evaluate(transaction, arguments);
            }
        };
        FedLedger sdk = FedLedger.over(counted); // the application's connection: the application closes it
        assertThat(sdk.whoAmI().msp()).isEqualTo("Org2MSP");
        counted.close();
        assertThat(catchThrowableOfType(IllegalStateException.class, () -> sdk.auditor().task("no-such-task")))
                .hasMessageContaining("closed");
        assertThat(calls).as("the call before the close and one attempt after it, not retried").hasValue(2);
    }

    @Test
    void three_organisations_train_a_round_and_every_trainer_receives_the_verified_final_model() {
        SdkParticipants p = people();
        String task = newTask(SdkParticipants.task("final"));
        p.coordinator.coordinator().openRound(task);

        // Each trainer waits for the open round, starts from the verified global model and submits.
        float seed = 1f;
        for (FedLedger trainer : p.trainers()) {
            RoundRecord round = trainer.trainer(task).awaitOpenRound(Duration.ofSeconds(30));
            VerifiedModel base = trainer.trainer(task).currentModel();
            assertThat(base.version()).isZero();
            Receipt<UpdateRecord> receipt = trainer.trainer(task).submitUpdate(round.round(), SdkParticipants.model(seed),
                    (long) (100 * seed));
            assertThat(receipt.record().hash()).isEqualTo(ModelCodec.hash(SdkParticipants.model(seed)));
            assertThat(receipt.transactionId()).isEqualTo(receipt.record().txId());
            seed++;
        }
        p.coordinator.coordinator().closeRound(task, 1);

        // The aggregator proposes; two other organisations' verifiers recompute, agree and attest.
        Aggregation next = p.aggregator.aggregator(task).aggregate(1);
        p.aggregator.aggregator(task).propose(next);
        for (FedLedger verifier : List.of(p.verifier2, p.verifier3)) {
            Verification v = verifier.verifier(task).verify(1, 1);
            assertThat(v.verdict()).as(v.reason().orElse("")).isEqualTo(Verdict.AGREE);
            verifier.verifier(task).attest(v);
        }
        // Attestations decide nothing by themselves: a resolution by anyone with a role in the task does.
        assertThat(p.auditor.auditor().round(task, 1).state()).isEqualTo(RoundState.PROPOSED);
        assertThat(p.verifier3.verifier(task).resolve(1).record().state()).isEqualTo(RoundState.FINAL);
        assertThat(p.auditor.auditor().round(task, 1).state()).isEqualTo(RoundState.FINAL);

        VerifiedModel v1 = p.trainer1.trainer(task).awaitModel(1, Duration.ofSeconds(30));
        assertThat(v1.model()).isEqualTo(next.output());
        assertThat(v1.record().attestedBy()).containsExactly("Org2MSP", "Org3MSP");
        assertThat(p.auditor.auditor().verifiedModel(task, 1).record().hash()).isEqualTo(next.manifest().outputHash());
    }

    /**
     * Issue 25 item 1 on this ledger: the proposal on the full round closes it, and the owner's next
     * open makes it FINAL, with no closeRound and no resolveRound; every trainer still gets the verified
     * model and the next round (the chaincode's MergedTransitionsTest settles the races).
     */
    @Test
    void a_full_round_closes_with_its_proposal_and_the_owners_next_open_makes_it_final() {
        SdkParticipants p = people();
        String task = newTask(SdkParticipants.task("merged"));
        p.coordinator.coordinator().openRound(task);
        p.trainer1.trainer(task).submitUpdate(1, SdkParticipants.model(1f), 100);
        p.trainer2.trainer(task).submitUpdate(1, SdkParticipants.model(2f), 200);

        // Two of three updates: the round is not full, and a proposal does not close it.
        Aggregation early = p.aggregator.aggregator(task).aggregate(1);
        ContractRefusedException notFull = catchThrowableOfType(ContractRefusedException.class,
                () -> p.aggregator.aggregator(task).propose(early));
        assertThat(notFull.code()).isEqualTo(ErrorCode.INVALID_STATE);

        p.trainer3.trainer(task).submitUpdate(1, SdkParticipants.model(3f), 300);
        Aggregation next = p.aggregator.aggregator(task).aggregate(1);
        p.aggregator.aggregator(task).propose(next);
        RoundRecord proposed = p.auditor.auditor().round(task, 1);
        assertThat(proposed.state()).isEqualTo(RoundState.PROPOSED);
        assertThat(proposed.accepted()).hasSize(3);

        for (FedLedger verifier : List.of(p.verifier2, p.verifier3)) {
            Verification v = verifier.verifier(task).verify(1, 1);
            assertThat(v.verdict()).as(v.reason().orElse("")).isEqualTo(Verdict.AGREE);
            verifier.verifier(task).attest(v);
        }
        RoundRecord second = p.coordinator.coordinator().openRound(task).record();
        assertThat(second.round()).isEqualTo(2);
        assertThat(second.baseVersion()).isEqualTo(1);
        assertThat(second.baseModelHash()).isEqualTo(next.manifest().outputHash());
        assertThat(p.auditor.auditor().round(task, 1).state()).isEqualTo(RoundState.FINAL);
        VerifiedModel v1 = p.trainer2.trainer(task).awaitModel(1, Duration.ofSeconds(30));
        assertThat(v1.model()).isEqualTo(next.output());
        assertThat(v1.record().attestedBy()).containsExactly("Org2MSP", "Org3MSP");
        assertThat(p.trainer3.trainer(task).awaitOpenRound(Duration.ofSeconds(30)).round()).isEqualTo(2);
    }

    /**
     * Pipelined rounds on this ledger (docs/round-modes.md): the proposal of round 1 opens round 2 on
     * it; trainers read the proposed model from their own peer and train round 2 while the verifiers
     * check round 1, but each submits only once its own organisation's verifier has agreed; round 2's
     * proposal is refused until round 1 has its quorum, then makes round 1 FINAL; the audit replays
     * both models.
     */
    @Test
    void a_pipelined_round_trains_from_the_proposal_and_the_next_proposal_makes_it_final() throws Exception {
        SdkParticipants p = people();
        String task = newTask(SdkParticipants.task("pipelined"));
        assertThat(p.aggregator.aggregator(task).pipelines()).isTrue();
        p.coordinator.coordinator().openRound(task);
        float seed = 1f;
        for (FedLedger trainer : p.trainers()) {
            trainer.trainer(task).submitUpdate(1, SdkParticipants.model(seed), (long) (100 * seed));
            seed++;
        }
        Aggregation first = proposedAndOpened(p, task);

        // Org1 (the proposer's organisation, which does not count) and Org2 agree: their trainers submit.
        List<Model> bases = new CopyOnWriteArrayList<>();
        for (int k = 0; k < 2; k++) {
            FedLedger verifier = List.of(p.verifier1, p.verifier2).get(k);
            verifier.verifier(task).attest(verifier.verifier(task).verify(1, 1));
            float s = seed++;
            p.trainers().get(k).trainer(task).trainRound(2, global -> {
                bases.add(global);
                return new org.fedledger.sdk.LocalTraining.Result(SdkParticipants.model(s), 100);
            });
        }
        assertThat(bases).containsExactly(first.output(), first.output());
        p.coordinator.coordinator().closeRound(task, 2);
        Aggregation next = p.aggregator.aggregator(task).aggregate(2);
        ContractRefusedException early = catchThrowableOfType(ContractRefusedException.class,
                () -> p.aggregator.aggregator(task).proposeAndOpen(next));
        assertThat(early.code()).isEqualTo(ErrorCode.INVALID_STATE);

        p.verifier3.verifier(task).attest(p.verifier3.verifier(task).verify(1, 1));
        p.aggregator.aggregator(task).proposeAndOpen(next);
        assertThat(p.auditor.auditor().round(task, 1).state()).isEqualTo(RoundState.FINAL);
        assertThat(p.auditor.auditor().round(task, 2).state()).isEqualTo(RoundState.PROPOSED);
        assertThat(p.auditor.auditor().round(task, 3).baseModelHash()).isEqualTo(next.manifest().outputHash());
        VerifiedModel v1 = p.trainer2.trainer(task).awaitModel(1, Duration.ofSeconds(30));
        assertThat(v1.model()).isEqualTo(first.output());

        for (FedLedger verifier : List.of(p.verifier2, p.verifier3)) {
            verifier.verifier(task).attest(verifier.verifier(task).verify(2, 1));
        }
        assertThat(p.verifier3.verifier(task).resolve(2).record().state()).isEqualTo(RoundState.FINAL);
        AuditReport report = TaskAudit.of(p.auditor).run(task);
        assertThat(report.findings()).isEmpty();
        assertThat(report.verdict()).isEqualTo(AuditVerdict.PASS);
    }

    /**
     * The attack pipelining opens, written as a test: an aggregator of the owner organisation proposes a
     * crafted model and opens the next round on it, so that trainers train from it before any verifier
     * has looked. A trainer trains, but its update never leaves it while its own organisation's verifier
     * has not agreed; that verifier disagrees, and nothing is submitted.
     */
    @Test
    void a_trainer_never_submits_an_update_trained_from_a_proposal_its_organisation_disputes() throws Exception {
        SdkParticipants p = people();
        String task = newTask(SdkParticipants.task("crafted-base"));
        p.coordinator.coordinator().openRound(task);
        float seed = 1f;
        for (FedLedger trainer : p.trainers()) {
            trainer.trainer(task).submitUpdate(1, SdkParticipants.model(seed), (long) (100 * seed));
            seed++;
        }
        Aggregation honest = p.aggregator.aggregator(task).aggregate(1);
        Model crafted = SdkParticipants.model(42f);
        var m = honest.manifest();
        p.aggregator.aggregator(task).proposeAndOpen(new Aggregation(
                org.fedledger.core.manifest.AggregationManifest.builder().taskId(m.taskId()).round(m.round())
                        .baseModelHash(m.baseModelHash()).rule(m.rule()).inputs(m.inputs()).exclusions(m.exclusions())
                        .outputHash(ModelCodec.hash(crafted)).build(), crafted));

        AtomicBoolean trained = new AtomicBoolean();
        java.util.concurrent.CompletableFuture<Receipt<UpdateRecord>> submit = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> p.trainer3.trainer(task).trainRound(2, global -> {
                    trained.set(global.equals(crafted));
                    return new org.fedledger.sdk.LocalTraining.Result(SdkParticipants.model(7f), 100);
                }));
        Verification v = p.verifier3.verifier(task).verify(1, 1);
        assertThat(v.verdict()).isEqualTo(Verdict.DISAGREE);
        p.verifier3.verifier(task).attest(v);

        Throwable refused = catchThrowableOfType(java.util.concurrent.ExecutionException.class,
                () -> submit.get(60, java.util.concurrent.TimeUnit.SECONDS)).getCause();
        assertThat(refused).isInstanceOf(org.fedledger.sdk.errors.BaseNotAgreedException.class)
                .hasMessageContaining("Org3MSP");
        assertThat(trained).isTrue();
        assertThat(p.auditor.auditor().updates(task, 2)).isEmpty();
    }

    /**
     * An aggregator reads a round's updates with one batch query rather than one query each (each a
     * signed proposal on Fabric), and every payload in the batch is still checked against its record.
     */
    @Test
    void an_aggregator_reads_a_rounds_updates_in_one_query_and_a_byte_altered_in_it_is_an_integrity_error() {
        SdkParticipants p = people();
        String task = newTask(SdkParticipants.task("batched"));
        p.coordinator.coordinator().openRound(task);
        p.trainer1.trainer(task).submitUpdate(1, SdkParticipants.model(1f), 10);
        p.trainer2.trainer(task).submitUpdate(1, SdkParticipants.model(5f), 30);
        p.coordinator.coordinator().closeRound(task, 1);
        Map<TransactionName, Integer> reads = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicBoolean alter = new AtomicBoolean();
        LedgerConnection counting = new ForwardingConnection(p.connection(p.aggregator), false) {
            @Override
            public byte[] evaluate(TransactionName transaction, List<String> arguments) {
                reads.merge(transaction, 1, Integer::sum);
                byte[] bytes = super.evaluate(transaction, arguments);
                if (alter.get() && transaction == TransactionName.READ_UPDATE_PAYLOADS) {
                    bytes[bytes.length - 1] ^= 0x01; // the last byte of the last payload
                }
                return bytes;
            }
        };

        Aggregation batched = FedLedger.over(counting).aggregator(task).aggregate(1);
        assertThat(batched.manifest().outputHash()).isEqualTo(p.aggregator.aggregator(task).aggregate(1).manifest()
                .outputHash());
        assertThat(reads.get(TransactionName.READ_UPDATE_PAYLOADS)).as("batch queries").isEqualTo(1);
        assertThat(reads).as("single payload queries").doesNotContainKey(TransactionName.READ_UPDATE_PAYLOAD);

        alter.set(true);
        IntegrityException e = catchThrowableOfType(IntegrityException.class,
                () -> FedLedger.over(counting).aggregator(task).aggregate(1));
        assertThat(e).as("an altered payload inside a batch").isNotNull();
        assertThat(e.actual()).isNotEqualTo(e.expected());
    }

    @Test
    void a_verifier_recomputes_a_manipulated_proposal_and_disagrees() {
        SdkParticipants p = people();
        String task = newTask(SdkParticipants.task("forged"));
        p.coordinator.coordinator().openRound(task);
        p.trainer1.trainer(task).submitUpdate(1, SdkParticipants.model(1f), 10);
        p.trainer2.trainer(task).submitUpdate(1, SdkParticipants.model(5f), 30);
        p.coordinator.coordinator().closeRound(task, 1);
        Aggregation honest = p.aggregator.aggregator(task).aggregate(1);
        var forgedOutput = SdkParticipants.model(42f);
        var m = honest.manifest();
        var forgedManifest = org.fedledger.core.manifest.AggregationManifest.builder().taskId(m.taskId()).round(m.round())
                .baseModelHash(m.baseModelHash()).rule(m.rule()).inputs(m.inputs()).exclusions(m.exclusions())
                .outputHash(ModelCodec.hash(forgedOutput)).build();
        p.aggregator.aggregator(task).propose(new Aggregation(forgedManifest, forgedOutput));

        Verification v = p.verifier3.verifier(task).verify(1, 1);
        assertThat(v.verdict()).isEqualTo(Verdict.DISAGREE);
        assertThat(v.computedHash()).isEqualTo(honest.manifest().outputHash());
        assertThat(p.verifier3.verifier(task).attest(v).record().verdict()).isEqualTo(Verdict.DISAGREE);
    }

    @Test
    void refusals_reach_the_caller_as_the_chaincode_error_code() {
        SdkParticipants p = people();
        String task = newTask(SdkParticipants.task("refusals"));
        p.coordinator.coordinator().openRound(task);
        ContractRefusedException stranger = catchThrowableOfType(ContractRefusedException.class,
                () -> p.stranger.trainer(task).submitUpdate(1, SdkParticipants.model(1f), 10));
        assertThat(stranger.code()).isEqualTo(ErrorCode.UNKNOWN_IDENTITY);
        assertThat(stranger.retryable()).isFalse();

        p.trainer2.trainer(task).submitUpdate(1, SdkParticipants.model(2f), 10);
        ContractRefusedException duplicate = catchThrowableOfType(ContractRefusedException.class,
                () -> p.trainer2.trainer(task).submitUpdate(1, SdkParticipants.model(3f), 10));
        assertThat(duplicate.code()).isEqualTo(ErrorCode.DUPLICATE_UPDATE);

        ContractRefusedException wrongRole = catchThrowableOfType(ContractRefusedException.class,
                () -> p.trainer2.coordinator().openRound(task));
        assertThat(wrongRole.code()).isEqualTo(ErrorCode.FORBIDDEN);
    }

    @Test
    void a_model_whose_bytes_were_altered_on_the_way_is_refused_with_an_integrity_error() {
        SdkParticipants p = people();
        String task = newTask(SdkParticipants.task("altered"));
        // A storage node (here: the connection) swaps one byte of the payload it returns.
        LedgerConnection tampering = new ForwardingConnection(p.connection(p.trainer3), false) {
            @Override
            public byte[] evaluate(TransactionName transaction, List<String> arguments) {
                byte[] bytes = super.evaluate(transaction, arguments);
                if (transaction == TransactionName.READ_MODEL_PAYLOAD) {
                    bytes[bytes.length - 1] ^= 0x01;
                }
                return bytes;
            }
        };
        FedLedger trainer = FedLedger.over(tampering);
        IntegrityException e = catchThrowableOfType(IntegrityException.class, () -> trainer.trainer(task).currentModel());
        assertThat(e).isNotNull();
        assertThat(e.expected()).isEqualTo(ContentHash.of(ModelCodec.encode(SdkParticipants.model(0f))));
        assertThat(e.actual()).isNotEqualTo(e.expected());
    }

    @Test
    void a_submit_whose_commit_status_was_lost_is_retried_and_reports_the_single_existing_record() {
        SdkParticipants p = people();
        String task = newTask(SdkParticipants.task("lost"));
        p.coordinator.coordinator().openRound(task);
        // The first submit commits, but the answer is lost on the way back.
        AtomicBoolean lost = new AtomicBoolean();
        List<String> committedIds = new ArrayList<>();
        LedgerConnection flaky = new ForwardingConnection(p.connection(p.trainer1), false) {
            @Override
            protected Committed afterSubmit(Committed committed) {
                committedIds.add(committed.transactionId());
                if (lost.compareAndSet(false, true)) {
                    throw new CommitStatusUnknownException(committed.transactionId(), null);
                }
                return committed;
            }
        };
        FedLedger trainer = FedLedger.over(flaky, RetryPolicy.of(3, Duration.ofMillis(10), Duration.ofMillis(50)));
        Receipt<UpdateRecord> receipt = trainer.trainer(task).submitUpdate(1, SdkParticipants.model(7f), 70);

        assertThat(committedIds).hasSize(2);
        assertThat(receipt.record().txId()).as("the record is the first, committed submit's").isEqualTo(committedIds.get(0));
        List<UpdateRecord> updates = p.auditor.auditor().updates(task, 1);
        assertThat(updates).hasSize(1);
        assertThat(updates.get(0)).isEqualTo(receipt.record());
    }

    @Test
    void a_checkpointed_subscription_resumes_after_a_restart_without_missing_or_repeating_an_event(@TempDir Path dir)
            throws Exception {
        SdkParticipants p = people();
        String task = newTask(SdkParticipants.task("events"));
        long start = p.coordinator.coordinator().openRound(task).blockNumber();
        p.trainer1.trainer(task).submitUpdate(1, SdkParticipants.model(1f), 10);

        Path checkpoint = dir.resolve("listener.checkpoint");
        List<ProtocolEvent> first = twoEventsOf(p, checkpoint, start, task);
        assertThat(first).extracting(e -> e.event().getClass().getSimpleName()).containsExactly("RoundOpened",
                "UpdateAccepted");

        // While the listener is down, the round moves on; the restarted listener sees exactly that.
        p.trainer2.trainer(task).submitUpdate(1, SdkParticipants.model(2f), 10);
        p.coordinator.coordinator().closeRound(task, 1);
        List<ProtocolEvent> second = twoEventsOf(p, checkpoint, 0, task);
        assertThat(second).extracting(e -> e.event().getClass().getSimpleName()).containsExactly("UpdateAccepted",
                "RoundClosed");
        assertThat(second.get(0).transactionId()).isNotEqualTo(first.get(1).transactionId());
    }

    @Test
    void another_organisation_waits_for_a_block_before_reading_and_a_block_not_yet_cut_times_out() {
        SdkParticipants p = people();
        String task = newTask(SdkParticipants.task("await"));
        long block = p.coordinator.coordinator().openRound(task).blockNumber();
        Receipt<UpdateRecord> r = p.trainer2.trainer(task).submitUpdate(1, SdkParticipants.model(2f), 20);
        p.verifier3.awaitBlock(r.blockNumber(), Duration.ofSeconds(30));
        assertThat(p.verifier3.auditor().updates(task, 1)).containsExactly(r.record());
        assertThat(r.blockNumber()).isGreaterThan(block);

        org.fedledger.sdk.errors.AwaitTimeoutException e = catchThrowableOfType(
                org.fedledger.sdk.errors.AwaitTimeoutException.class,
                () -> p.verifier3.awaitBlock(r.blockNumber() + 1000, Duration.ofSeconds(2)));
        assertThat(e).isNotNull();
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void a_trainer_waiting_for_the_model_of_a_round_that_fails_hears_it_and_joins_the_next_round() throws Exception {
        SdkParticipants p = people();
        String task = newTask(SdkParticipants.task("fails").roundDuration(Duration.ofSeconds(2)));
        p.coordinator.coordinator().openRound(task);
        var trainer = p.trainer1.trainer(task);
        RoundRecord round = trainer.awaitOpenRound(Duration.ofSeconds(30));
        trainer.submitUpdate(round.round(), SdkParticipants.model(1f), 10);
        // The trainer waits far longer than the test may take: only the failure can end its wait.
        java.util.concurrent.CompletableFuture<VerifiedModel> next = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> trainer.awaitModel(round.baseVersion() + 1, Duration.ofMinutes(10)));

        // One update of the two needed: once the deadline has passed, verifiers of two organisations declare
        // it overdue and the second declaration fails the round.
        passDeadline(java.time.Instant.ofEpochSecond(round.deadline()));
        assertThat(p.verifier2.verifier(task).closeIfOverdue(round.round())).hasValueSatisfying(
                r -> assertThat(r.record().state()).isEqualTo(RoundState.OPEN));
        assertThat(p.verifier3.verifier(task).closeIfOverdue(round.round())).hasValueSatisfying(
                r -> assertThat(r.record().state()).isEqualTo(RoundState.FAILED));

        Throwable failure = catchThrowableOfType(java.util.concurrent.ExecutionException.class,
                () -> next.get(2, java.util.concurrent.TimeUnit.MINUTES)).getCause();
        assertThat(failure).isInstanceOf(org.fedledger.sdk.errors.RoundFailedException.class);
        var failed = (org.fedledger.sdk.errors.RoundFailedException) failure;
        assertThat(failed.round()).isEqualTo(round.round());
        assertThat(failed.minUpdates()).isEqualTo(2);
        assertThat(failed.transactionId()).contains(p.auditor.auditor().round(task, round.round()).txId());

        // The coordinator opens the next round from the same model; the trainer joins it.
        p.coordinator.coordinator().openRound(task);
        RoundRecord again = trainer.awaitOpenRound(Duration.ofSeconds(30));
        assertThat(again.round()).isEqualTo(round.round() + 1);
        assertThat(again.baseVersion()).isEqualTo(round.baseVersion());
    }

    /**
     * Buffered rounds (issue 25 item 2, docs/round-modes.md) on this ledger: a straggler's update
     * trained one version back is rebased onto the buffer's base, admitted and weighed down by the exact
     * staleness weight, the verifiers agree and the audit replays it.
     */
    @Test
    void a_buffered_task_takes_a_stale_update_rebased_and_weighed_down_and_the_audit_replays_it() throws Exception {
        SdkParticipants p = people();
        RuleSpec rule = RuleSpec.parse("exact_fedavg:scale_bits=24,max_staleness=2"); // L = lcm(1, 2, 3) = 6
        String task = newTask(SdkParticipants.task("buffered").rule(rule).maxOrgSharePercent(100));
        p.coordinator.coordinator().openRound(task);
        VerifiedModel straggling = p.trainer3.trainer(task).currentModel(); // version 0, trained on for long
        var first = List.of(submitBuffered(p.trainer1, task, p.trainer1.trainer(task).currentModel(),
                SdkParticipants.model(1f), 100), submitBuffered(p.trainer2, task,
                        p.trainer2.trainer(task).currentModel(), SdkParticipants.model(2f), 100));
        awaitUpdates(p, task, 1, 2);
        finalise(p, task, 1);
        for (var f : first) {
            assertThat(f.get(2, java.util.concurrent.TimeUnit.MINUTES).record().round()).isEqualTo(1);
        }

        p.coordinator.coordinator().openRound(task);
        VerifiedModel v1 = p.trainer1.trainer(task).awaitModel(1, Duration.ofSeconds(30));
        Model fresh = SdkParticipants.model(4f);
        Model late = SdkParticipants.model(3f);
        var a = submitBuffered(p.trainer1, task, v1, fresh, 100);
        var b = submitBuffered(p.trainer3, task, straggling, late, 300);
        awaitUpdates(p, task, 2, 2);
        p.coordinator.coordinator().closeRound(task, 2);
        assertThat(a.get(2, java.util.concurrent.TimeUnit.MINUTES).record().round()).isEqualTo(2);
        Model expected = staleAdmittedInRoundTwo(p, task, rule, b, straggling, late, fresh, v1.model());
        assertThat(finalise(p, task, 2).output()).isEqualTo(expected);
        AuditReport report = TaskAudit.of(p.auditor).run(task);
        assertThat(report.findings()).isEmpty();
        assertThat(report.verdict()).isEqualTo(AuditVerdict.PASS);
    }

    /**
     * Pipelined buffers (issue 25, items 1 and 2) on this ledger: the full buffer's proposal opens the next
     * buffer on its output; a straggler still holding the FINAL model submits to it, its update rebased onto
     * the proposal (read from its own peer and checked against the buffer's base hash) and admitted one version
     * staler; the next proposal makes the first buffer FINAL once two other organisations agreed, its output
     * exact FedAvg of the two at their staleness weights; the audit replays both buffers.
     */
    @Test
    void a_pipelined_buffer_takes_an_update_from_the_final_model_rebased_onto_the_proposal() throws Exception {
        SdkParticipants p = people();
        RuleSpec rule = RuleSpec.parse("exact_fedavg:scale_bits=24,max_staleness=2"); // L = lcm(1, 2, 3) = 6
        String task = newTask(SdkParticipants.task("buffered-pipelined").rule(rule).updates(2, 2)
                .maxOrgSharePercent(100));
        assertThat(p.aggregator.aggregator(task).pipelines()).isTrue();
        p.coordinator.coordinator().openRound(task);
        VerifiedModel straggling = p.trainer3.trainer(task).currentModel(); // version 0, trained on for long
        p.trainer1.trainer(task).submitUpdate(1, SdkParticipants.model(1f), 100);
        p.trainer2.trainer(task).submitUpdate(1, SdkParticipants.model(2f), 100);
        awaitUpdates(p, task, 1, 2);
        Aggregation first = proposedAndOpened(p, task);

        Model late = SdkParticipants.model(3f);
        var stale = submitBuffered(p.trainer3, task, straggling, late, 300);
        Model fresh = SdkParticipants.model(4f);
        awaitUpdates(p, task, 2, 1);
        p.trainer1.trainer(task).submitUpdate(2, fresh, 100); // trained from the proposal, the buffer's base
        awaitUpdates(p, task, 2, 2);
        p.coordinator.coordinator().closeRound(task, 2);
        for (FedLedger verifier : List.of(p.verifier2, p.verifier3)) {
            verifier.verifier(task).attest(verifier.verifier(task).verify(1, 1));
        }
        Aggregation next = p.aggregator.aggregator(task).aggregate(2);
        p.aggregator.aggregator(task).proposeAndOpen(next);
        assertThat(p.auditor.auditor().round(task, 1).state()).isEqualTo(RoundState.FINAL);
        assertThat(p.auditor.auditor().round(task, 3).baseModelHash()).isEqualTo(next.manifest().outputHash());

        assertThat(next.output()).isEqualTo(staleAdmittedInRoundTwo(p, task, rule, stale, straggling, late, fresh,
                first.output()));

        for (FedLedger verifier : List.of(p.verifier2, p.verifier3)) {
            verifier.verifier(task).attest(verifier.verifier(task).verify(2, 1));
        }
        assertThat(p.verifier3.verifier(task).resolve(2).record().state()).isEqualTo(RoundState.FINAL);
        AuditReport report = TaskAudit.of(p.auditor).run(task);
        assertThat(report.findings()).isEmpty();
        assertThat(report.verdict()).isEqualTo(AuditVerdict.PASS);
    }

    /** A buffered update that a full buffer leaves over its capacity is not lost: the next buffer admits it. */
    @Test
    void a_buffered_update_left_over_capacity_goes_to_the_next_buffer_rebased() throws Exception {
        SdkParticipants p = people();
        String task = newTask(SdkParticipants.task("overflow").rule(RuleSpec.parse("fedavg:max_staleness=1"))
                .updates(2, 2).maxOrgSharePercent(100));
        p.coordinator.coordinator().openRound(task);
        Map<FedLedger, java.util.concurrent.CompletableFuture<Receipt<UpdateRecord>>> submits =
                new java.util.LinkedHashMap<>();
        float seed = 1f;
        for (FedLedger trainer : p.trainers()) {
            submits.put(trainer, submitBuffered(trainer, task, trainer.trainer(task).currentModel(),
                    SdkParticipants.model(seed++), 100));
        }
        awaitUpdates(p, task, 1, 3);
        RoundRecord closed = p.coordinator.coordinator().closeRound(task, 1).record();
        assertThat(closed.accepted()).hasSize(2);
        assertThat(closed.overCapacity()).hasSize(1);
        String left = closed.overCapacity().get(0).contributor();
        finalise(p, task, 1);
        p.coordinator.coordinator().openRound(task);
        awaitUpdates(p, task, 2, 1);
        String leftMsp = p.auditor.auditor().updates(task, 1).stream().filter(u -> u.contributor().equals(left))
                .findFirst().orElseThrow().msp();
        FedLedger other = leftMsp.equals("Org1MSP") ? p.trainer2 : p.trainer1; // an admitted trainer
        other.trainer(task).submitUpdate(2, SdkParticipants.model(9f), 100);
        p.coordinator.coordinator().closeRound(task, 2);

        for (var e : submits.entrySet()) {
            UpdateRecord u = e.getValue().get(2, java.util.concurrent.TimeUnit.MINUTES).record();
            assertThat(u.round()).isEqualTo(u.contributor().equals(left) ? 2 : 1);
            assertThat(u.baseVersion()).isZero();
        }
        assertThat(p.auditor.auditor().round(task, 2).accepted()).extracting(x -> x.contributor(), x -> x.samples())
                .contains(org.assertj.core.groups.Tuple.tuple(left, 100L)); // 100 * 2 / (1 + 1)
        assertThat(finalise(p, task, 2).manifest().inputs()).hasSize(2);
    }

    @Test
    void a_buffered_update_that_finds_its_buffer_past_the_deadline_goes_to_the_next_buffer() throws Exception {
        SdkParticipants p = people();
        String task = newTask(SdkParticipants.task("rollover").rule(RuleSpec.parse("fedavg:max_staleness=1"))
                .roundDuration(Duration.ofSeconds(6)));
        RoundRecord first = p.coordinator.coordinator().openRound(task).record();
        var trainer = p.trainer2.trainer(task);
        VerifiedModel from = trainer.currentModel();
        passDeadline(java.time.Instant.ofEpochSecond(first.deadline()));

        // Refused as not open, the update waits for a later buffer: none opens within the timeout.
        catchThrowableOfType(org.fedledger.sdk.errors.AwaitTimeoutException.class,
                () -> trainer.submitBuffered(from, SdkParticipants.model(2f), 50, Duration.ofSeconds(2)));
        assertThat(p.auditor.auditor().updates(task, 1)).isEmpty();

        assertThat(p.coordinator.coordinator().closeRound(task, 1).record().state()).isEqualTo(RoundState.FAILED);
        var submitted = submitBuffered(p.trainer2, task, from, SdkParticipants.model(2f), 50);
        p.coordinator.coordinator().openRound(task);
        awaitUpdates(p, task, 2, 1);
        p.trainer1.trainer(task).submitUpdate(2, SdkParticipants.model(1f), 50);
        p.coordinator.coordinator().closeRound(task, 2);
        Receipt<UpdateRecord> receipt = submitted.get(2, java.util.concurrent.TimeUnit.MINUTES);
        assertThat(receipt.record().round()).isEqualTo(2);
        assertThat(receipt.record().hash()).isEqualTo(ModelCodec.hash(SdkParticipants.model(2f)));
    }

    /**
     * Hierarchical rounds (issue 25 item 3, docs/round-modes.md) on this ledger: two trainers of Org1 submit
     * to Org1's internal collection only (nothing public, no other organisation's peer stores a byte of
     * them), Org1's aggregator publishes their exact partial sum, Org1's verifier (a second identity)
     * recomputes and attests it, the close admits it, the other organisations' verifiers agree on the
     * merge, which equals flat exact FedAvg over both updates bit for bit, and the audit passes.
     */
    @Test
    void a_hierarchical_round_keeps_updates_in_their_organisation_and_its_partial_sum_merges_to_flat_exact_fedavg()
            throws Exception {
        SdkParticipants p = people();
        FedLedger trainer1b = p.register(1, "User5", org.fedledger.protocol.record.Role.TRAINER);
        String task = newTask(SdkParticipants.task("hierarchical")
                .rule(RuleSpec.parse("exact_fedavg:scale_bits=24,hierarchical=1")).maxOrgSharePercent(100));
        p.coordinator.coordinator().openRound(task);
        Model a = SdkParticipants.model(1.2345678f);
        Model b = SdkParticipants.model(-2.7182817f);
        p.trainer1.trainer(task).submitUpdate(1, a, 100);
        trainer1b.trainer(task).submitUpdate(1, b, 300);
        assertThat(p.auditor.auditor().updates(task, 1)).as("public updates before the partial sum").isEmpty();

        var published = p.aggregator.aggregator(task).publishPartialSum(1).record();
        assertThat(published.updates()).hasSize(2);
        assertThat(published.samples()).isEqualTo(400);
        assertThat(p.verifier1.verifier(task).attestPartialSum(1).record().attestedBy()).isNotNull();
        assertThat(p.auditor.auditor().updates(task, 1)).hasSize(2);
        Aggregation next = finalise(p, task, 1);

        VerifiedModel base = p.trainer1.trainer(task).awaitModel(0, Duration.ofSeconds(30));
        Model flat = AggregationRules.of(RuleSpec.parse("exact_fedavg:scale_bits=24")).aggregate(List.of(
                new AggregationInput("a", ContentHash.of(ModelCodec.encode(a)), a, 100),
                new AggregationInput("b", ContentHash.of(ModelCodec.encode(b)), b, 300)), base.model())
                .orElseThrow().model();
        assertThat(ModelCodec.encode(next.output())).isEqualTo(ModelCodec.encode(flat));
        byte[] aBytes = java.util.Arrays.copyOfRange(ModelCodec.encode(a), ModelCodec.encode(a).length - 24,
                ModelCodec.encode(a).length); // its six float32 values
        assertThat(peerHolds(1, aBytes)).as("Org1's peer holds its trainer's update").isTrue();
        assertThat(peerHolds(2, aBytes)).as("Org2's peer holds Org1's internal update").isFalse();
        assertThat(peerHolds(3, aBytes)).as("Org3's peer holds Org1's internal update").isFalse();
        AuditReport report = TaskAudit.of(p.auditor).run(task);
        assertThat(report.findings()).isEmpty();
        assertThat(report.verdict()).isEqualTo(AuditVerdict.PASS);
    }

    /**
     * Issue 25, a robust rule inside an organisation: under {@code org_median} Org1 publishes its three
     * trainers' coordinate-wise median (times their samples), so one trainer boosting its update a
     * thousandfold moves nothing: the global model is the honest median, where the sum would follow the boost.
     */
    @Test
    void a_hierarchical_round_with_org_median_publishes_each_organisations_median_and_a_boosted_trainer_moves_nothing()
            throws Exception {
        SdkParticipants p = people();
        FedLedger trainer1b = p.register(1, "User5", org.fedledger.protocol.record.Role.TRAINER);
        FedLedger trainer1c = p.register(1, "User6", org.fedledger.protocol.record.Role.TRAINER);
        String task = newTask(SdkParticipants.task("org-median")
                .rule(RuleSpec.parse("exact_fedavg:scale_bits=24,hierarchical=1,org_median=1")).maxOrgSharePercent(100));
        p.coordinator.coordinator().openRound(task);
        Model a = SdkParticipants.model(1.25f);
        Model b = SdkParticipants.model(2.5f);
        Model boosted = SdkParticipants.model(1000f);
        p.trainer1.trainer(task).submitUpdate(1, a, 100);
        trainer1b.trainer(task).submitUpdate(1, b, 300);
        trainer1c.trainer(task).submitUpdate(1, boosted, 50);
        assertThat(p.aggregator.aggregator(task).publishPartialSum(1).record().samples()).isEqualTo(450);
        p.verifier1.verifier(task).attestPartialSum(1);
        Aggregation next = finalise(p, task, 1);

        float[] out = flatten(next.output());
        float[] x = flatten(a);
        float[] y = flatten(b);
        float[] z = flatten(boosted);
        for (int k = 0; k < out.length; k++) {
            float[] column = {x[k], y[k], z[k]};
            java.util.Arrays.sort(column);
            assertThat((double) out[k]).as("coordinate %d: the median, to the code's resolution", k)
                    .isCloseTo(column[1], org.assertj.core.data.Offset.offset(1e-6 + Math.abs(column[1]) * 1e-6));
        }
        AuditReport report = TaskAudit.of(p.auditor).run(task);
        assertThat(report.findings()).isEmpty();
        assertThat(report.verdict()).isEqualTo(AuditVerdict.PASS);
    }

    private static float[] flatten(Model m) {
        int n = Math.toIntExact(m.parameterCount());
        float[] out = new float[n];
        int k = 0;
        for (org.fedledger.core.model.Tensor t : m.tensors()) {
            for (int j = 0; j < t.size(); j++) {
                out[k++] = t.value(j);
            }
        }
        return out;
    }

    /** {@code Trainer.submitBuffered}, which returns once a buffer admitted the update, on another thread. */
    private static java.util.concurrent.CompletableFuture<Receipt<UpdateRecord>> submitBuffered(FedLedger trainer,
            String task, VerifiedModel from, Model update, long samples) {
        return java.util.concurrent.CompletableFuture.supplyAsync(
                () -> trainer.trainer(task).submitBuffered(from, update, samples, Duration.ofMinutes(2)));
    }

    /** Waits (at most 60 s) until round {@code round} of {@code task} holds {@code n} updates. */
    private void awaitUpdates(SdkParticipants p, String task, int round, int n) throws InterruptedException {
        long until = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                if (p.auditor.auditor().updates(task, round).size() >= n) {
                    // Buffered submits return only after this: the next endorsing peer may lag the auditor's.
                    awaitEveryPeerBelow(p.auditor.auditor().blockHeight());
                    return;
                }
            } catch (ContractRefusedException notYet) {
                // the round is not on the auditor's peer yet
            }
            assertThat(System.nanoTime()).as("round %d of %s to hold %d updates", round, task, n).isLessThan(until);
            Thread.sleep(50);
        }
    }

    /**
     * Checks that the straggler's buffered submit landed in round 2 trained from version 0, rebased onto
     * {@code base}, and that round 2 admitted it at 900 beside the fresh update at 600 (samples 300 and 100,
     * {@code L = 6}); returns exact FedAvg of the two at those weights from {@code base}, round 2's expected output.
     */
    private static Model staleAdmittedInRoundTwo(SdkParticipants p, String task, RuleSpec rule,
            java.util.concurrent.CompletableFuture<Receipt<UpdateRecord>> submit, VerifiedModel straggling, Model late,
            Model fresh, Model base) throws Exception {
        UpdateRecord stale = submit.get(2, java.util.concurrent.TimeUnit.MINUTES).record();
        assertThat(stale.round()).isEqualTo(2);
        assertThat(stale.baseVersion()).isZero();
        Model rebased = StalenessWeights.rebase(late, straggling.model(), base);
        assertThat(stale.hash()).isEqualTo(ModelCodec.hash(rebased));
        assertThat(p.auditor.auditor().round(task, 2).accepted()).extracting(x -> x.samples())
                .containsExactlyInAnyOrder(600L, 900L); // 100 * 6 / 1 and 300 * 6 / 2
        return AggregationRules.of(rule).aggregate(List.of(
                new AggregationInput("a", ContentHash.of(ModelCodec.encode(fresh)), fresh, 600),
                new AggregationInput("b", ContentHash.of(ModelCodec.encode(rebased)), rebased, 900)), base)
                .orElseThrow().model();
    }

    /** Round 1 aggregated and proposed with {@code proposeAndOpen}: round 2 OPEN on its output, nothing FINAL yet. */
    private static Aggregation proposedAndOpened(SdkParticipants p, String task) {
        Aggregation first = p.aggregator.aggregator(task).aggregate(1);
        p.aggregator.aggregator(task).proposeAndOpen(first);
        RoundRecord second = p.trainer3.trainer(task).awaitOpenRound(Duration.ofSeconds(30));
        assertThat(second.round()).isEqualTo(2);
        assertThat(second.baseVersion()).isEqualTo(1);
        assertThat(second.baseModelHash()).isEqualTo(first.manifest().outputHash());
        assertThat(p.auditor.auditor().task(task).currentVersion()).isZero();
        return first;
    }

    /** Closes the round if it is still OPEN, then aggregates it, proposes, has two other organisations agree, resolves. */
    private static Aggregation finalise(SdkParticipants p, String task, int round) {
        if (p.auditor.auditor().round(task, round).state() == RoundState.OPEN) {
            p.coordinator.coordinator().closeRound(task, round);
        }
        Aggregation next = p.aggregator.aggregator(task).aggregate(round);
        p.aggregator.aggregator(task).propose(next);
        for (FedLedger verifier : List.of(p.verifier2, p.verifier3)) {
            Verification v = verifier.verifier(task).verify(round, 1);
            assertThat(v.verdict()).as(v.reason().orElse("")).isEqualTo(Verdict.AGREE);
            verifier.verifier(task).attest(v);
        }
        assertThat(p.verifier3.verifier(task).resolve(round).record().state()).isEqualTo(RoundState.FINAL);
        return next;
    }

    private static String taskOf(ProtocolEvent e) {
        LedgerEvent event = e.event();
        if (event instanceof LedgerEvent.RoundOpened o) {
            return o.taskId();
        } else if (event instanceof LedgerEvent.UpdateAccepted u) {
            return u.taskId();
        } else if (event instanceof LedgerEvent.RoundClosed c) {
            return c.taskId();
        }
        return "";
    }

    /**
     * The auditor's listener, with {@code checkpoint}, from {@code startBlock}: the first two events of
     * {@code task} it handles (waited for on a latch, at most 30 s), after which it stops.
     */
    private static List<ProtocolEvent> twoEventsOf(SdkParticipants p, Path checkpoint, long startBlock, String task)
            throws InterruptedException {
        List<ProtocolEvent> events = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch arrived = new java.util.concurrent.CountDownLatch(2);
        Subscription subscription = p.auditor.events().subscribe(FileCheckpointer.at(checkpoint), startBlock, e -> {
            if (taskOf(e).equals(task)) {
                events.add(e);
                arrived.countDown();
            }
        });
        try {
            arrived.await(30, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            subscription.close();
        }
        assertThat(subscription.failure()).isEmpty();
        assertThat(events).hasSize(2);
        return events;
    }
}

package org.fedledger.it.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.fedledger.audit.TaskAudit;
import org.fedledger.audit.report.AuditReport;
import org.fedledger.audit.report.AuditVerdict;
import org.fedledger.audit.report.VersionEntry;
import org.fedledger.audit.report.VersionReplay;
import org.fedledger.core.aggregation.AggregationInput;
import org.fedledger.core.aggregation.ExactSum;
import org.fedledger.core.aggregation.FixedPointUpdate;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.aggregation.UpdateCodec;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.embedded.EmbeddedLedger;
import org.fedledger.protocol.event.LedgerEvent;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.RoundState;
import org.fedledger.protocol.record.Quorum;
import org.fedledger.protocol.record.RuleRecord;
import org.fedledger.protocol.record.UpdateRecord;
import org.fedledger.protocol.record.Verdict;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.LocalTraining;
import org.fedledger.sdk.TaskDefinition;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.fedledger.sdk.rounds.RoundDriver;
import org.fedledger.sdk.rounds.RoundOutcome;
import org.fedledger.sdk.rounds.ProposalCheck;
import org.fedledger.sdk.rounds.RoundPolicy;
import org.fedledger.sdk.rounds.RoundStrategy;
import org.fedledger.sdk.testing.SdkParticipants;
import org.fedledger.sdk.verifier.VerifierService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The round driver on the embedded ledger, with every organisation's verifier service running (the
 * proposer's organisation's resolves a round once every other organisation has attested): a
 * coordinator that restarts at any step picks the task up where the ledger says it stands, and a round
 * proceeds with the trainers that answer. A task under exact FedAvg runs the same way: its record
 * carries the rule with its scale, the verifier services recompute and attest it, the audit replays
 * it, and partial sums over another grouping of the round's updates merge to its final model.
 */
class RoundDriverOnEmbeddedTest {
    private final EmbeddedLedger ledger = EmbeddedLedger.builder().inMemory().build();
    private final List<VerifierService> services = new ArrayList<>();
    private SdkParticipants people;
    private String task;

    @TempDir
    Path state;

    private LedgerConnection connect(int org, String user) {
        var organisation = ledger.organisation("Org" + org + "MSP");
        return ledger.connect("Admin".equals(user) ? organisation.admin() : organisation.client(user));
    }

    private final Queue<VerifierService.Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private long taskBlock;

    @BeforeEach
    void consortiumWithVerifiers() {
        people = SdkParticipants.register(this::connect);
        TaskDefinition definition = SdkParticipants.task("driver").build();
        taskBlock = people.coordinator.coordinator().createTask(definition).blockNumber();
        task = definition.taskId();
        startVerifiers(RoundStrategy.standard(), "standard");
    }

    /** Every organisation's verifier service, each with {@code strategy}, in fresh state folders. */
    private void startVerifiers(RoundStrategy strategy, String stateName) {
        services.forEach(VerifierService::close);
        services.clear();
        for (FedLedger v : List.of(people.verifier1, people.verifier2, people.verifier3)) {
            services.add(VerifierService.start(v, state.resolve(stateName).resolve(v.whoAmI().msp()), taskBlock,
                    outcomes::add, strategy));
        }
    }

    @AfterEach
    void close() {
        services.forEach(VerifierService::close);
        people.close();
        ledger.close();
    }

    /** A fresh driver, as a coordinator process that just (re)started would build it. */
    private RoundDriver restartedDriver(int expected) {
        return RoundDriver.of(people.coordinator, task, RoundPolicy.expecting(expected)
                .collectFor(Duration.ofSeconds(30)).decideWithin(Duration.ofSeconds(30)));
    }

    private void train(FedLedger trainer, int round, float seed, long samples) {
        trainer.trainer(task).trainRound(round, global -> new LocalTraining.Result(SdkParticipants.model(seed), samples));
    }

    @Test
    void a_whole_round_runs_from_open_to_final_with_every_trainer() throws Exception {
        RoundDriver driver = restartedDriver(3);
        RoundRecord open = driver.open();
        assertThat(open.state()).isEqualTo(RoundState.OPEN);
        float seed = 1f;
        for (FedLedger trainer : people.trainers()) {
            train(trainer, open.round(), seed++, 100);
        }
        RoundOutcome outcome = driver.runRound();
        assertThat(outcome.isFinal()).isTrue();
        assertThat(outcome.round().round()).isEqualTo(open.round());
        assertThat(outcome.model().orElseThrow().version()).isEqualTo(1);
        assertThat(people.auditor.auditor().task(task).currentVersion()).isEqualTo(1);
    }

    /**
     * One organisation's verification fails once, as when its ledger is briefly unreachable: the service
     * tries the proposal again at its next poll, so the quorum (which needs every organisation but the
     * proposer's) is still reached instead of the round waiting out its window.
     */
    @Test
    void a_verifier_service_whose_verification_failed_once_attests_at_its_next_poll() {
        java.util.concurrent.atomic.AtomicBoolean failedOnce = new java.util.concurrent.atomic.AtomicBoolean();
        RoundStrategy standard = RoundStrategy.standard();
        RoundStrategy failingOnce = new RoundStrategy() {
            @Override
            public org.fedledger.sdk.Aggregation aggregate(FedLedger ledger, String taskId, int round) {
                return standard.aggregate(ledger, taskId, round);
            }

            @Override
            public org.fedledger.sdk.Verification verify(FedLedger ledger, String taskId, int round, int seq) {
                if ("Org2MSP".equals(ledger.whoAmI().msp()) && failedOnce.compareAndSet(false, true)) {
                    throw new IllegalStateException("the ledger is unreachable (injected once)");
                }
                return standard.verify(ledger, taskId, round, seq);
            }
        };
        startVerifiers(failingOnce, "failing-once");
        RoundDriver driver = restartedDriver(3);
        RoundRecord open = driver.open();
        float seed = 1f;
        for (FedLedger trainer : people.trainers()) {
            train(trainer, open.round(), seed++, 100);
        }
        RoundOutcome outcome = driver.runRound();
        assertThat(failedOnce).isTrue();
        assertThat(outcome.isFinal()).isTrue();
        assertThat(outcomes).anySatisfy(o -> assertThat(o).isInstanceOf(VerifierService.Outcome.Failed.class));
        assertThat(people.auditor.auditor().attestations(task, open.round(), 1))
                .extracting(a -> a.msp()).contains("Org2MSP", "Org3MSP");
    }

    /**
     * Issue 25 item 1: a full round closes with its proposal and the next open makes it FINAL, so a
     * round's own commits are its open, its updates, one proposal and the attestations; no
     * closeRound, no resolveRound, and the audit replays it all.
     */
    @Test
    void a_full_round_closes_with_its_proposal_and_the_next_open_makes_it_final() throws Exception {
        Queue<org.fedledger.sdk.events.ProtocolEvent> seen = new ConcurrentLinkedQueue<>();
        java.util.concurrent.CountDownLatch lastFinal = new java.util.concurrent.CountDownLatch(1);
        var subscription = people.auditor.events().subscribe(
                org.fedledger.sdk.events.FileCheckpointer.at(state.resolve("events")), taskBlock, e -> {
                    seen.add(e);
                    if (e.event() instanceof LedgerEvent.ModelFinal f && f.round() == 2) {
                        lastFinal.countDown();
                    }
                });
        RoundDriver driver = restartedDriver(3);
        for (int round = 1; round <= 2; round++) {
            RoundRecord open = driver.open();
            assertThat(open.round()).isEqualTo(round);
            assertThat(open.baseVersion()).isEqualTo(round - 1);
            float seed = round;
            for (FedLedger trainer : people.trainers()) {
                train(trainer, round, seed++, 100);
            }
            RoundRecord proposed = driver.collect(round);
            assertThat(proposed.state()).isEqualTo(RoundState.PROPOSED);
            assertThat(proposed.accepted()).hasSize(3);
            RoundOutcome outcome = round == 1 ? driver.advance(round) : driver.awaitDecision(round);
            assertThat(outcome.isFinal()).isTrue();
            assertThat(outcome.model().orElseThrow().version()).isEqualTo(round);
        }
        assertThat(lastFinal.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        subscription.close();

        List<String> firstRound = seen.stream().filter(e -> roundOf(e.event()) == 1).map(e -> e.event().name())
                .filter(n -> !n.equals("ModelAttested") && !n.equals("UpdateAccepted")).toList();
        assertThat(firstRound).containsExactly("RoundOpened", "ModelProposed", "RoundAdvanced");
        List<String> secondRound = seen.stream().filter(e -> roundOf(e.event()) == 2).map(e -> e.event().name())
                .filter(n -> !n.equals("ModelAttested") && !n.equals("UpdateAccepted")).toList();
        // Round 2 was opened by the RoundAdvanced that made round 1 FINAL; it is the last, so the driver
        // resolves it itself once the attestations decide it.
        assertThat(secondRound).containsExactly("ModelProposed", "ModelFinal");
        assertThat(seen).filteredOn(e -> e.event() instanceof LedgerEvent.RoundAdvanced)
                .extracting(e -> ((LedgerEvent.RoundAdvanced) e.event()).opened().round()).containsExactly(2);
        // The proposer's organisation's verifier attests too, though it never counts: when its attestation
        // reaches the ledger after the round became FINAL, that attestation alone is invalidated.
        var codes = org.fedledger.it.attest.ValidationCodes.from(people.auditor.auditor(), taskBlock);
        assertThat(codes.keySet()).isSubsetOf(org.hyperledger.fabric.protos.peer.TxValidationCode.VALID,
                org.hyperledger.fabric.protos.peer.TxValidationCode.MVCC_READ_CONFLICT);
        assertThat(codes.getOrDefault(org.hyperledger.fabric.protos.peer.TxValidationCode.MVCC_READ_CONFLICT, 0L))
                .isLessThanOrEqualTo(2); // one per round at most
        AuditReport report = TaskAudit.of(people.auditor).run(task);
        assertThat(report.findings()).isEmpty();
        assertThat(report.verdict()).isEqualTo(AuditVerdict.PASS);
        assertThat(report.lineage()).extracting(VersionEntry::replay)
                .containsExactly(VersionReplay.MATCH, VersionReplay.MATCH, VersionReplay.INITIAL);
    }

    /** The round an event is about; for RoundAdvanced, the round it made FINAL. */
    private static int roundOf(LedgerEvent e) {
        if (e instanceof LedgerEvent.RoundOpened o) {
            return o.round();
        } else if (e instanceof LedgerEvent.ModelProposed p) {
            return p.round();
        } else if (e instanceof LedgerEvent.ModelFinal f) {
            return f.round();
        } else if (e instanceof LedgerEvent.RoundClosed c) {
            return c.round();
        } else if (e instanceof LedgerEvent.RoundAdvanced a) {
            return a.finalised().round();
        }
        return 0; // updates and attestations: not counted here
    }

    @Test
    void pipelined_rounds_train_from_the_proposal_and_each_proposal_makes_the_previous_round_final() throws Exception {
        Queue<org.fedledger.sdk.events.ProtocolEvent> seen = new ConcurrentLinkedQueue<>();
        java.util.concurrent.CountDownLatch lastFinal = new java.util.concurrent.CountDownLatch(1);
        var subscription = people.auditor.events().subscribe(
                org.fedledger.sdk.events.FileCheckpointer.at(state.resolve("events")), taskBlock, e -> {
                    seen.add(e);
                    if (e.event().parts().stream().anyMatch(p -> p instanceof LedgerEvent.ModelFinal f && f.round() == 3)) {
                        lastFinal.countDown();
                    }
                });
        RoundDriver driver = restartedDriver(3);
        RoundRecord open = driver.open();
        List<Model> bases = new ArrayList<>();
        for (int round = 1; round <= 3; round++) {
            assertThat(open.round()).isEqualTo(round);
            assertThat(open.baseVersion()).isEqualTo(round - 1);
            float seed = round;
            for (FedLedger trainer : people.trainers()) {
                float s = seed++;
                trainer.trainer(task).trainRound(round, global -> {
                    synchronized (bases) {
                        bases.add(global);
                    }
                    return new LocalTraining.Result(SdkParticipants.model(s), 100);
                });
            }
            if (round < 3) {
                open = driver.pipeline(round);
                assertThat(people.auditor.auditor().round(task, round).state()).isEqualTo(RoundState.PROPOSED);
                // The next round trains from this round's proposal, not yet FINAL.
                assertThat(people.auditor.auditor().task(task).currentVersion()).isEqualTo(round - 1);
            } else {
                driver.propose(driver.collect(round).round());
            }
            if (round > 1) {
                assertThat(people.auditor.auditor().round(task, round - 1).state()).isEqualTo(RoundState.FINAL);
            }
        }
        RoundOutcome outcome = driver.awaitDecision(3);
        assertThat(outcome.model().orElseThrow().version()).isEqualTo(3);
        // Every trainer of round r trained from round r-1's proposal, which became model version r-1.
        for (int version = 1; version <= 2; version++) {
            Model made = people.auditor.auditor().verifiedModel(task, version).model();
            assertThat(bases.subList(3 * version, 3 * version + 3)).containsOnly(made);
        }
        assertThat(lastFinal.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        subscription.close();
        assertThat(seen).filteredOn(e -> e.event() instanceof LedgerEvent.ProposalPipelined)
                .extracting(e -> (LedgerEvent.ProposalPipelined) e.event())
                .extracting(pp -> pp.proposed().round(), pp -> pp.finalised() == null ? 0 : pp.finalised().round(),
                        pp -> pp.opened() == null ? 0 : pp.opened().round())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 0, 2), org.assertj.core.groups.Tuple.tuple(2, 1, 3),
                        org.assertj.core.groups.Tuple.tuple(3, 2, 0));
        assertThat(seen).noneMatch(e -> e.event() instanceof LedgerEvent.RoundOpened o && o.round() > 1);
        AuditReport report = TaskAudit.of(people.auditor).run(task);
        assertThat(report.findings()).isEmpty();
        assertThat(report.verdict()).isEqualTo(AuditVerdict.PASS);
        assertThat(report.lineage()).extracting(VersionEntry::replay).containsExactly(VersionReplay.MATCH,
                VersionReplay.MATCH, VersionReplay.MATCH, VersionReplay.INITIAL);
    }

    @Test
    void a_round_opened_on_a_disputed_proposal_fails_and_the_driver_opens_one_from_the_final_model() {
        Model other = SdkParticipants.model(42f);
        RoundStrategy lyingOnce = ForgingStrategy.forging(other, 1);
        RoundDriver driver = RoundDriver.of(people.coordinator, task, RoundPolicy.expecting(3)
                .collectFor(Duration.ofSeconds(2)).decideWithin(Duration.ofSeconds(30)), lyingOnce);
        RoundRecord open = driver.open();
        float seed = 1f;
        for (FedLedger trainer : people.trainers()) {
            train(trainer, open.round(), seed++, 100);
        }
        RoundRecord second = driver.pipeline(1);
        assertThat(second.round()).isEqualTo(2);
        assertThat(second.baseModelHash()).isEqualTo(ModelCodec.hash(other));
        // Every organisation's verifier service disagrees with the forged proposal: no trainer submits.
        List<Model> bases = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (FedLedger trainer : people.trainers()) {
            float s = seed++;
            assertThatThrownBy(() -> trainer.trainer(task).trainRound(2, global -> {
                bases.add(global);
                return new LocalTraining.Result(SdkParticipants.model(s), 100);
            })).isInstanceOf(org.fedledger.sdk.errors.BaseNotAgreedException.class);
        }
        assertThat(bases).containsOnly(other);
        assertThat(people.auditor.auditor().updates(task, 2)).isEmpty();

        // Round 1's forged proposal is disputed and proposed again honestly: round 2's base is never FINAL.
        RoundRecord third = driver.pipeline(2);
        RoundRecord first = people.auditor.auditor().round(task, 1);
        assertThat(first.state()).isEqualTo(RoundState.FINAL);
        assertThat(first.proposalSeq()).isEqualTo(2);
        assertThat(people.auditor.auditor().round(task, 2).state()).isEqualTo(RoundState.FAILED);
        assertThat(people.auditor.auditor().round(task, 2).proposalSeq()).isZero();
        assertThat(third.round()).isEqualTo(3);
        assertThat(third.state()).isEqualTo(RoundState.OPEN);
        assertThat(third.baseVersion()).isEqualTo(1);
        assertThat(third.baseModelHash()).isEqualTo(people.auditor.auditor().verifiedModel(task, 1).record().hash());
        assertThat(third.baseModelHash()).isNotEqualTo(ModelCodec.hash(other));
    }

    @Test
    void a_coordinator_restarted_after_the_close_proposes_instead_of_opening_again() {
        people.coordinator.coordinator().openRound(task);
        train(people.trainer1, 1, 1f, 100);
        train(people.trainer2, 1, 2f, 100);
        people.coordinator.coordinator().closeRound(task, 1);

        RoundOutcome outcome = restartedDriver(3).runRound();
        assertThat(outcome.round().round()).isEqualTo(1);
        assertThat(outcome.round().state()).isEqualTo(RoundState.FINAL);
        assertThat(people.auditor.auditor().task(task).lastRound()).isEqualTo(1);
    }

    @Test
    void a_coordinator_restarted_after_proposing_only_awaits_the_verifiers() {
        people.coordinator.coordinator().openRound(task);
        train(people.trainer1, 1, 1f, 100);
        train(people.trainer3, 1, 3f, 100);
        people.coordinator.coordinator().closeRound(task, 1);
        var aggregator = people.aggregator.aggregator(task);
        aggregator.propose(aggregator.aggregate(1));

        RoundOutcome outcome = restartedDriver(3).runRound();
        assertThat(outcome.isFinal()).isTrue();
        assertThat(people.auditor.auditor().round(task, 1).proposalSeq()).isEqualTo(1);
    }

    @Test
    void a_round_proceeds_with_the_trainers_that_answer_when_one_stays_silent() {
        RoundDriver driver = RoundDriver.of(people.coordinator, task, RoundPolicy.expecting(3)
                .collectFor(Duration.ZERO).decideWithin(Duration.ofSeconds(30)));
        RoundRecord open = driver.open();
        train(people.trainer1, open.round(), 1f, 100);
        train(people.trainer2, open.round(), 2f, 100);

        RoundOutcome outcome = driver.runRound();
        assertThat(outcome.isFinal()).isTrue();
        assertThat(outcome.round().accepted()).hasSize(2);
    }

    @Test
    void the_next_call_opens_the_next_round_from_the_new_model() {
        RoundDriver driver = restartedDriver(2);
        RoundRecord first = driver.open();
        train(people.trainer1, first.round(), 1f, 100);
        train(people.trainer2, first.round(), 2f, 100);
        driver.runRound();

        RoundRecord second = driver.open();
        assertThat(second.round()).isEqualTo(2);
        assertThat(second.baseVersion()).isEqualTo(1);
        assertThat(second.state()).isEqualTo(RoundState.OPEN);
    }

    @Test
    void verifiers_requiring_three_organisations_fail_an_aggregate_of_two_and_make_one_of_three_final() {
        startVerifiers(RoundStrategy.standard().requiring(ProposalCheck.atLeastOrganisations(3)), "three-orgs");
        RoundDriver driver = restartedDriver(2);
        RoundRecord open = driver.open();
        train(people.trainer1, open.round(), 1f, 100);
        train(people.trainer2, open.round(), 2f, 100);

        RoundOutcome two = driver.runRound();
        // Each proposal recomputes correctly and is disputed; the driver proposes again until the round fails.
        assertThat(two.isFinal()).isFalse();
        assertThat(two.round().proposalSeq()).isEqualTo(Quorum.MAX_PROPOSALS_PER_ROUND);
        for (int seq = 1; seq <= Quorum.MAX_PROPOSALS_PER_ROUND; seq++) {
            ContentHash proposed = people.auditor.auditor().proposal(task, open.round(), seq).outputHash();
            // One DISAGREE of Org2 or Org3 already makes the quorum of two unreachable, so the driver may
            // propose again before the other attestations commit; those that come late are refused. Every
            // attestation that did commit disagrees, and at least one eligible organisation's did.
            var attestations = people.auditor.auditor().attestations(task, open.round(), seq);
            assertThat(attestations).extracting(a -> a.msp()).containsAnyOf("Org2MSP", "Org3MSP");
            assertThat(attestations).allSatisfy(a -> {
                assertThat(a.verdict()).isEqualTo(Verdict.DISAGREE);
                // The objection is a policy, not a miscalculation: each computed the proposal's hash.
                assertThat(a.computedHash()).isEqualTo(proposed);
            });
        }
        assertThat(outcomes).filteredOn(VerifierService.Outcome.Attested.class::isInstance)
                .allSatisfy(o -> assertThat(((VerifierService.Outcome.Attested) o).verification().reason())
                        .hasValueSatisfying(r -> assertThat(r).contains("inputs of 2 organisation(s)")));

        RoundRecord next = restartedDriver(3).open();
        float seed = 1f;
        for (FedLedger trainer : people.trainers()) {
            train(trainer, next.round(), seed++, 100);
        }
        RoundOutcome three = restartedDriver(3).runRound();
        assertThat(three.isFinal()).isTrue();
        assertThat(three.round().round()).isEqualTo(next.round());
    }

    /**
     * A driver's strategy that proposes {@code other} in place of its first {@code forgedAggregations}
     * aggregates (with their honest manifests otherwise) and then the honest ones; it verifies honestly.
     */
    @Test
    void a_driver_whose_strategy_proposes_another_model_is_disputed_until_the_round_fails() {
        Model other = SdkParticipants.model(42f);
        RoundStrategy lying = ForgingStrategy.forging(other, Integer.MAX_VALUE);
        RoundDriver driver = RoundDriver.of(people.coordinator, task, RoundPolicy.expecting(3)
                .collectFor(Duration.ofSeconds(30)).decideWithin(Duration.ofSeconds(30)), lying);
        RoundRecord open = driver.open();
        float seed = 1f;
        for (FedLedger trainer : people.trainers()) {
            train(trainer, open.round(), seed++, 100);
        }

        RoundOutcome outcome = driver.runRound();
        assertThat(outcome.isFinal()).isFalse();
        assertThat(outcome.round().proposalSeq()).isEqualTo(Quorum.MAX_PROPOSALS_PER_ROUND);
        // The first DISAGREE of Org2 or Org3 disputes the proposal; later attestations may come too late.
        assertThat(people.auditor.auditor().attestations(task, open.round(), 1)).isNotEmpty()
                .allSatisfy(a -> assertThat(a.verdict()).isEqualTo(Verdict.DISAGREE));
        assertThat(people.auditor.auditor().task(task).currentVersion()).isZero();
    }

    @Test
    void a_round_under_exact_fedavg_is_attested_final_and_replayed_by_the_audit() {
        RuleSpec exact = RuleSpec.of(RuleName.EXACT_FEDAVG, Map.of(RuleSpec.SCALE_BITS, "24"));
        TaskDefinition definition = SdkParticipants.task("exact").rule(exact).build();
        people.coordinator.coordinator().createTask(definition);
        String exactTask = definition.taskId();
        assertThat(people.auditor.auditor().task(exactTask).rule()).isEqualTo(RuleRecord.of(exact));
        RoundDriver driver = RoundDriver.of(people.coordinator, exactTask, RoundPolicy.expecting(3)
                .collectFor(Duration.ofSeconds(30)).decideWithin(Duration.ofSeconds(30)));
        int round = driver.open().round();
        float seed = 1f;
        long samples = 70;
        for (FedLedger trainer : people.trainers()) {
            Model update = SdkParticipants.model(seed++);
            long declared = samples;
            trainer.trainer(exactTask).trainRound(round, global -> new LocalTraining.Result(update, declared));
            samples += 45;
        }

        RoundOutcome outcome = driver.runRound();

        assertThat(outcome.isFinal()).isTrue();
        assertThat(people.auditor.auditor().attestations(exactTask, round, 1)).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(a -> assertThat(a.verdict()).isEqualTo(Verdict.AGREE));
        List<AggregationInput> inputs = new ArrayList<>();
        for (UpdateRecord u : people.auditor.auditor().updates(exactTask, round)) {
            byte[] bytes = people.auditor.auditor().updatePayload(u);
            inputs.add(new AggregationInput(u.contributor(), ContentHash.of(bytes), ModelCodec.decode(bytes),
                    u.samples()));
        }
        Model base = definition.initialModel();
        ExactSum last = ExactSum.of(exact, inputs.subList(2, 3), base);
        ExactSum firstTwo = ExactSum.of(exact, List.of(inputs.get(1), inputs.get(0)), base);
        assertThat(ModelCodec.hash(last.merge(firstTwo).result().orElseThrow().model()))
                .isEqualTo(ModelCodec.hash(outcome.model().orElseThrow().model()));
        AuditReport report = TaskAudit.of(people.auditor).run(exactTask);
        assertThat(report.findings()).isEmpty();
        assertThat(report.verdict()).isEqualTo(AuditVerdict.PASS);
        assertThat(report.lineage()).extracting(VersionEntry::replay)
                .containsExactly(VersionReplay.MATCH, VersionReplay.INITIAL);
    }

    @Test
    void compressed_updates_run_to_final_carry_their_error_feedback_and_are_replayed_by_the_audit() {
        RuleSpec topk = RuleSpec.of(RuleName.EXACT_FEDAVG, Map.of(RuleSpec.SCALE_BITS, "24", RuleSpec.CODEC, "topk/0.5"));
        TaskDefinition definition = SdkParticipants.task("topk").rule(topk).build();
        people.coordinator.coordinator().createTask(definition);
        String topkTask = definition.taskId();
        RoundDriver driver = RoundDriver.of(people.coordinator, topkTask, RoundPolicy.expecting(3)
                .collectFor(Duration.ofSeconds(30)).decideWithin(Duration.ofSeconds(30)));
        int round = driver.open().round();
        float seed = 1f;
        for (FedLedger trainer : people.trainers()) {
            Model update = SdkParticipants.model(seed++);
            trainer.trainer(topkTask).trainRound(round, global -> new LocalTraining.Result(update, 50));
        }
        RoundOutcome first = driver.runRound();
        assertThat(first.isFinal()).isTrue();

        // Round 2: the trainers send their base model back unchanged; what reaches the ledger is the part of
        // round 1's updates that top-k left out (error feedback), so the global model moves on.
        Model base = first.model().orElseThrow().model();
        int second = driver.open().round();
        for (FedLedger trainer : people.trainers()) {
            trainer.trainer(topkTask).trainRound(second, global -> new LocalTraining.Result(global, 50));
        }
        UpdateCodec codec = topk.codec();
        for (UpdateRecord u : people.auditor.auditor().updates(topkTask, second)) {
            byte[] bytes = people.auditor.auditor().updatePayload(u);
            assertThat(u.size()).isEqualTo(codec.encodedSize(base.schema()));
            assertThat(codec.decode(bytes, base, 24)).isNotEqualTo(FixedPointUpdate.of(base, 24));
        }
        RoundOutcome next = driver.runRound();
        assertThat(next.isFinal()).isTrue();
        assertThat(next.model().orElseThrow().record().hash()).isNotEqualTo(first.model().orElseThrow().record().hash());
        AuditReport report = TaskAudit.of(people.auditor).run(topkTask);
        assertThat(report.findings()).isEmpty();
        assertThat(report.verdict()).isEqualTo(AuditVerdict.PASS);
    }
}

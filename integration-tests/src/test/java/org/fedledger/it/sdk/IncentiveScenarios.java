package org.fedledger.it.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.fedledger.audit.TaskAudit;
import org.fedledger.audit.report.AuditReport;
import org.fedledger.audit.report.AuditVerdict;
import org.fedledger.audit.report.Finding;
import org.fedledger.audit.report.FindingCode;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.Model;
import org.fedledger.it.fabric.ForwardingConnection;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.record.AcceptedUpdate;
import org.fedledger.protocol.record.ContributionMethod;
import org.fedledger.protocol.record.ContributionScore;
import org.fedledger.protocol.record.ContributionVector;
import org.fedledger.protocol.record.CreditRecord;
import org.fedledger.protocol.record.IncentiveRules;
import org.fedledger.protocol.record.PenaltyKind;
import org.fedledger.protocol.record.PenaltyRecord;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.ReputationRecord;
import org.fedledger.protocol.record.ReputationScore;
import org.fedledger.protocol.record.RoundContributionsRecord;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.LocalTraining;
import org.fedledger.sdk.TaskDefinition;
import org.fedledger.sdk.incentives.ModelScorer;
import org.fedledger.sdk.incentives.ValidationSetMismatchException;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.fedledger.sdk.rounds.RoundDriver;
import org.fedledger.sdk.rounds.RoundOutcome;
import org.fedledger.sdk.rounds.RoundPolicy;
import org.fedledger.sdk.rounds.RoundStrategy;
import org.fedledger.sdk.testing.SdkParticipants;
import org.fedledger.sdk.verifier.VerifierService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24 end to end, on every ledger: a task with Shapley incentives, every organisation's verifier
 * service computing the contributions on the committed validation set and attesting them with the
 * model, the round FINAL only on a quorum of both, credits and reputation written by it.
 */
public abstract class IncentiveScenarios {
    /**
     * A toy validation set: 100 thresholds {@code k / 20}; a model classifies sample {@code k}
     * correctly when its first kernel weight exceeds the threshold.
     */
    static final class Thresholds implements ModelScorer {
        private final int samples;
        private final int per;

        Thresholds(int samples) {
            this(samples, 20);
        }

        /** {@code samples} thresholds {@code k / per}: another organisation's private set. */
        Thresholds(int samples, int per) {
            this.samples = samples;
            this.per = per;
        }

        @Override
        public ContentHash validationSetHash() {
            ByteBuffer bytes = ByteBuffer.allocate(per == 20 ? 4 : 8).putInt(samples);
            return ContentHash.of((per == 20 ? bytes : bytes.putInt(per)).array());
        }

        @Override
        public long correct(Model model) {
            float w = model.tensor("dense/kernel").orElseThrow().values()[0];
            long n = 0;
            for (int k = 0; k < samples; k++) {
                n += w > k / (float) per ? 1 : 0;
            }
            return n;
        }

        /** Sample {@code k}'s loss is how far the first kernel weight falls short of its threshold, in micro-nats. */
        @Override
        public long lossMicros(Model model) {
            float w = model.tensor("dense/kernel").orElseThrow().values()[0];
            long total = 0;
            for (int k = 0; k < samples; k++) {
                total += Math.min(ContributionScore.MAX_SAMPLE_LOSS_MICROS, Math.round(Math.max(0.0, k / 20.0 - w) * 1e6));
            }
            return total;
        }
    }

    private final List<VerifierService> services = new ArrayList<>();
    private final Queue<VerifierService.Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final Thresholds validation = new Thresholds(100);
    private SdkParticipants people;
    private String task;
    private long taskBlock;

    @TempDir
    Path state;

    /**
     * @param org the organisation, 1..3
     * @param user the person's user name ("Admin" for the organisation's admin)
     * @return the person's connection to the ledger under test
     */
    protected abstract LedgerConnection connect(int org, String user);

    /** Closes the ledger under test, if the scenarios own it. */
    protected void closeLedger() {
    }

    @BeforeEach
    void incentivesTask() {
        people = SdkParticipants.register(this::connect);
        TaskDefinition definition = SdkParticipants.task("incentives")
                .incentives(new IncentiveRules(ContributionMethod.SHAPLEY, validation.validationSetHash(), 10)).build();
        taskBlock = people.coordinator.coordinator().createTask(definition).blockNumber();
        task = definition.taskId();
    }

    private void startVerifiers(ModelScorer scorer) {
        startVerifiers(scorer, scorer, scorer);
    }

    /** Each organisation's verifier service values on its own scorer, in organisation order. */
    private void startVerifiers(ModelScorer... scorers) {
        List<FedLedger> verifiers = List.of(people.verifier1, people.verifier2, people.verifier3);
        for (int k = 0; k < verifiers.size(); k++) {
            FedLedger v = verifiers.get(k);
            ModelScorer scorer = scorers[k];
            services.add(VerifierService.start(v, state.resolve(v.whoAmI().msp()), taskBlock, outcomes::add,
                    RoundStrategy.scoring(id -> scorer)));
        }
    }

    @AfterEach
    void close() {
        services.forEach(VerifierService::close);
        people.close();
        closeLedger();
    }

    private RoundOutcome round(float... seeds) {
        return round(task, seeds);
    }

    private RoundOutcome round(String task, float... seeds) {
        RoundDriver driver = RoundDriver.of(people.coordinator, task, RoundPolicy.expecting(seeds.length)
                .collectFor(Duration.ofSeconds(30)).decideWithin(Duration.ofSeconds(30)));
        int round = driver.open().round();
        for (int i = 0; i < seeds.length; i++) {
            float seed = seeds[i];
            people.trainers().get(i).trainer(task).trainRound(round,
                    global -> new LocalTraining.Result(SdkParticipants.model(seed), 100));
        }
        return driver.runRound();
    }

    @Test
    void a_round_is_final_with_the_contributions_every_verifier_computed_and_credits_follow_them() {
        startVerifiers(validation);
        RoundOutcome outcome = round(1f, 2f, -3f);
        assertThat(outcome.isFinal()).isTrue();

        RoundContributionsRecord agreed = people.auditor.incentives().agreed(task, 1).orElseThrow();
        assertThat(agreed.agreeing()).hasSize(2);
        assertThat(agreed.dissenting()).isEmpty();
        assertThat(agreed.contributions().method()).isEqualTo(ContributionMethod.SHAPLEY);
        assertThat(agreed.contributions().scale()).isEqualTo(6);
        // Efficiency, exactly: the scaled values sum to 3! (v(all) - v(none)).
        TaskRecord t = people.auditor.auditor().task(task);
        long all = validation.correct(people.auditor.auditor().verifiedModel(task, t.currentVersion()).model());
        long none = validation.correct(people.auditor.auditor().verifiedModel(task, 0).model());
        assertThat(agreed.contributions().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(6 * (all - none));

        String attacker = people.trainer3.whoAmI().id();
        int a = agreed.contributions().contributors().indexOf(attacker);
        assertThat(agreed.contributions().values().get(a)).isNegative();
        List<CreditRecord> credits = people.auditor.incentives().credits(task);
        assertThat(credits).extracting(CreditRecord::contributor).containsExactlyInAnyOrderElementsOf(
                agreed.contributions().contributors());
        for (CreditRecord c : credits) {
            int i = agreed.contributions().contributors().indexOf(c.contributor());
            assertThat(c.contributionCredit()).isEqualTo(Math.max(0, agreed.contributions().values().get(i)) * 10 / 6);
        }
        ReputationRecord bad = people.auditor.incentives().reputation(attacker);
        for (FedLedger honest : List.of(people.trainer1, people.trainer2)) {
            assertThat(people.auditor.incentives().reputation(honest.whoAmI().id()).reputation())
                    .isGreaterThan(bad.reputation());
        }
        assertThat(bad.reputation()).isLessThan(ReputationRecord.INITIAL);
    }

    @Test
    void a_task_scored_by_validation_loss_shares_out_the_loss_in_micro_nats_and_credits_per_nat() {
        TaskDefinition definition = SdkParticipants.task("incentives-loss").incentives(new IncentiveRules(
                ContributionMethod.SHAPLEY, validation.validationSetHash(), 10).withScore(ContributionScore.LOG_LOSS))
                .build();
        people.coordinator.coordinator().createTask(definition);
        String lossTask = definition.taskId();
        startVerifiers(validation);

        RoundOutcome outcome = round(lossTask, 1f, 2f, -3f);

        assertThat(outcome.isFinal()).isTrue();
        assertThat(people.auditor.incentives().rules(lossTask).orElseThrow().rules().scoring())
                .isEqualTo(ContributionScore.LOG_LOSS);
        RoundContributionsRecord agreed = people.auditor.incentives().agreed(lossTask, 1).orElseThrow();
        assertThat(agreed.contributions().scale()).isEqualTo(6_000_000);
        // Efficiency, exactly: the scaled values sum to 3! (v(all) - v(none)), v = minus the loss.
        TaskRecord t = people.auditor.auditor().task(lossTask);
        long lossAll = validation.lossMicros(people.auditor.auditor().verifiedModel(lossTask, t.currentVersion()).model());
        long lossNone = validation.lossMicros(people.auditor.auditor().verifiedModel(lossTask, 0).model());
        assertThat(agreed.contributions().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(6 * (lossNone - lossAll));
        int a = agreed.contributions().contributors().indexOf(people.trainer3.whoAmI().id());
        assertThat(agreed.contributions().values().get(a)).isNegative();
        for (CreditRecord c : people.auditor.incentives().credits(lossTask)) {
            int i = agreed.contributions().contributors().indexOf(c.contributor());
            assertThat(c.contributionCredit()).as("10 credits per nat")
                    .isEqualTo(Math.max(0, agreed.contributions().values().get(i)) * 10 / 6_000_000);
        }
        assertThat(people.auditor.incentives().credits(lossTask)).anySatisfy(c -> assertThat(c.contributionCredit())
                .isPositive());
    }

    /**
     * Creates a task with {@code rules} (two negative rounds suspend for one round), starts the verifier
     * services, and plays two rounds in which trainer 3 harms the model, so that the second penalises it.
     *
     * @return the task id; trainer 3 is suspended from its round 3
     */
    private String taskWithTrainer3Suspended(String name, IncentiveRules rules) {
        TaskDefinition definition = SdkParticipants.task(name).incentives(rules).build();
        people.coordinator.coordinator().createTask(definition);
        String id = definition.taskId();
        startVerifiers(validation);
        assertThat(round(id, 1f, 2f, -3f).isFinal()).isTrue();
        assertThat(round(id, 2f, 1f, -2f).isFinal()).isTrue();
        assertThat(people.auditor.incentives().penalties(id, 2)).singleElement()
                .satisfies(p -> assertThat(p.subject()).isEqualTo(people.trainer3.whoAmI().id()));
        return id;
    }

    @Test
    void scored_by_rank_a_suspended_trainer_ranks_last_in_the_round_it_sits_out_and_the_audit_replays_it() {
        String rankTask = taskWithTrainer3Suspended("incentives-rank", new IncentiveRules(ContributionMethod.SHAPLEY,
                validation.validationSetHash(), 10, 2, 1, false).withReputationScore(ReputationScore.RANK));
        String attacker = people.trainer3.whoAmI().id();
        long before = people.auditor.incentives().reputation(attacker).reputation();
        assertThat(round(rankTask, 1f, 2f).isFinal()).as("round 3, the attacker suspended").isTrue();

        ReputationRecord after = people.auditor.incentives().reputation(attacker);
        assertThat(after.reputation()).as("ranked last, below both").isEqualTo(7 * before / 8);
        assertThat(after.lastRound()).isEqualTo(3);
        AuditReport report = TaskAudit.of(people.auditor).run(rankTask);
        assertThat(report.findings()).isEmpty();
        assertThat(report.verdict()).isEqualTo(AuditVerdict.PASS);
    }

    /**
     * Scored by share, a trainer suspended for its negative streak is not scored in the round it sits out:
     * its reputation stays as its last round left it, the others' move, and the audit replays it.
     */
    @Test
    void scored_by_share_a_suspended_trainer_keeps_its_reputation_in_the_round_it_sits_out_and_the_audit_replays_it() {
        String shareTask = taskWithTrainer3Suspended("incentives-share-suspended", new IncentiveRules(
                ContributionMethod.SHAPLEY, validation.validationSetHash(), 10, 2, 1, false)
                .withReputationScore(ReputationScore.SHARE).withReputationMemory(4));
        String attacker = people.trainer3.whoAmI().id();
        ReputationRecord before = people.auditor.incentives().reputation(attacker);
        assertThat(round(shareTask, 1f, 2f).isFinal()).as("round 3, the attacker suspended").isTrue();

        assertThat(people.auditor.incentives().reputation(attacker)).as("not scored: the record is unchanged")
                .isEqualTo(before);
        ReputationRecord other = people.auditor.incentives().reputation(people.trainer1.whoAmI().id());
        assertThat(other.lastRound()).as("the trainers in the round are scored").isEqualTo(3);
        assertThat(other.lastTaskId()).isEqualTo(shareTask);
        AuditReport report = TaskAudit.of(people.auditor).run(shareTask);
        assertThat(report.findings()).isEmpty();
        assertThat(report.verdict()).isEqualTo(AuditVerdict.PASS);
    }

    /**
     * Scored by share with a memory of four rounds: each contributor's reputation moves to the mean of its
     * scores (here from whatever it held before the task), each score half plus half its share of the round's
     * total absolute contribution, so the trainer that harms the model scores below the half and below both
     * others; the ledger's reputations are exactly that, and the audit replays them.
     */
    @Test
    void scored_by_share_a_reputation_averages_each_rounds_share_of_the_contribution_over_the_tasks_memory() {
        IncentiveRules rules = new IncentiveRules(ContributionMethod.SHAPLEY, validation.validationSetHash(), 10, 0, 0,
                false).withReputationScore(ReputationScore.SHARE).withReputationMemory(4);
        TaskDefinition definition = SdkParticipants.task("incentives-share").incentives(rules).build();
        people.coordinator.coordinator().createTask(definition);
        String shareTask = definition.taskId();
        startVerifiers(validation);
        String attacker = people.trainer3.whoAmI().id();

        for (int round = 1; round <= 2; round++) {
            java.util.Map<String, ReputationRecord> before = new java.util.HashMap<>();
            for (FedLedger trainer : List.of(people.trainer1, people.trainer2, people.trainer3)) {
                String id = trainer.whoAmI().id();
                before.put(id, people.auditor.incentives().reputation(id));
            }
            assertThat(round(shareTask, 1f, 2f, -3f).isFinal()).isTrue();
            ContributionVector agreed = people.auditor.incentives().agreed(shareTask, round).orElseThrow().contributions();
            List<Long> scores = org.fedledger.protocol.incentives.Settlement.roundScores(agreed, List.of(), List.of(),
                    rules);
            long attackerScore = scores.get(agreed.contributors().indexOf(attacker));
            assertThat(attackerScore).as("round %d", round).isLessThan(ReputationRecord.MAX / 2);
            assertThat(scores).as("round %d", round).allSatisfy(s -> assertThat(s).isGreaterThanOrEqualTo(attackerScore));
            for (int i = 0; i < agreed.contributors().size(); i++) {
                String who = agreed.contributors().get(i);
                ReputationRecord was = before.get(who);
                assertThat(people.auditor.incentives().reputation(who).reputation()).as("%s in round %d", who, round)
                        .isEqualTo(org.fedledger.protocol.incentives.Settlement.nextReputation(was.reputation(),
                                scores.get(i), was.rounds(), 4));
            }
        }
        AuditReport report = TaskAudit.of(people.auditor).run(shareTask);
        assertThat(report.findings()).isEmpty();
        assertThat(report.verdict()).isEqualTo(AuditVerdict.PASS);
    }

    @Test
    void an_update_out_of_line_with_its_round_is_marked_and_ranked_last_and_the_audit_replays_the_mark() {
        TaskDefinition definition = SdkParticipants.task("incentives-out-of-line")
                .rule(org.fedledger.core.aggregation.RuleSpec.of(org.fedledger.core.aggregation.RuleName.FEDAVG,
                        java.util.Map.of("clip_norm", "1000")))
                .incentives(new IncentiveRules(ContributionMethod.SHAPLEY, validation.validationSetHash(), 10)
                        .withReputationScore(ReputationScore.RANK).withOutOfLine(3, null)).build();
        people.coordinator.coordinator().createTask(definition);
        String marked = definition.taskId();
        startVerifiers(validation);
        String attacker = people.trainer3.whoAmI().id();

        // Each update declares 100 samples; the third moves the model twenty times as far as the first.
        long before = people.auditor.incentives().reputation(attacker).reputation(); // other tasks may have moved it
        assertThat(round(marked, 1f, 2f, 20f).isFinal()).isTrue();

        RoundContributionsRecord agreed = people.auditor.incentives().agreed(marked, 1).orElseThrow();
        assertThat(agreed.outOfLine()).containsExactly(attacker);
        long attackers = people.auditor.incentives().reputation(attacker).reputation();
        assertThat(attackers).as("ranked last of three: scored 0").isEqualTo(7 * before / 8);
        AuditReport report = TaskAudit.of(people.auditor).run(marked);
        assertThat(report.findings()).isEmpty();
        // The report shows the round as replayed: each contributor's value, mark and reputation, and the credits.
        assertThat(report.incentives()).hasSize(3).allSatisfy(e -> {
            int i = agreed.contributions().contributors().indexOf(e.contributor());
            assertThat(e.value()).isEqualTo(agreed.contributions().values().get(i));
            assertThat(e.outOfLine()).isEqualTo(e.contributor().equals(attacker));
            assertThat(e.reputation()).isEqualTo(people.auditor.incentives().reputation(e.contributor()).reputation());
        });
        assertThat(report.credits()).extracting(org.fedledger.audit.report.CreditEntry::contributionCredit)
                .containsExactlyElementsOf(people.auditor.incentives().credits(marked).stream()
                        .map(CreditRecord::contributionCredit).toList());

        // A peer drops the mark on its way to the auditor: the replay of the round's contributions differs.
        FedLedger lying = auditorReading(TransactionName.GET_ROUND_CONTRIBUTIONS, answer -> {
            RoundContributionsRecord r = RecordJson.read(answer, RoundContributionsRecord.class);
            return RecordJson.toBytes(new RoundContributionsRecord(r.taskId(), r.round(), r.seq(), r.contributions(),
                    r.contributionsHash(), r.agreeing(), r.dissenting(), r.txId(), r.timestamp(), null));
        });
        AuditReport tampered = TaskAudit.of(lying).run(marked);
        assertThat(tampered.verdict()).isEqualTo(AuditVerdict.FAIL);
        assertThat(tampered.findings(FindingCode.INCENTIVES_MISMATCH)).singleElement()
                .satisfies(f -> assertThat(f.subject()).isEqualTo("round contributions"));
    }

    /**
     * Clipping to norm 5 cuts most of trainer 3's update off (it moves the model twenty times as far as the
     * others) in two rounds in a row: the rule set it aside, which penalises it although its contribution is
     * positive. The task's penalty lowers its weight to a tenth for one round instead of suspending it, and
     * costs it 5 credits; the audit replays the marks, the penalty and the lowered weight.
     */
    @Test
    void rounds_the_rule_set_aside_penalise_by_a_lowered_weight_and_a_credit_cost_and_the_audit_replays_them() {
        TaskDefinition definition = SdkParticipants.task("incentives-set-aside")
                .rule(org.fedledger.core.aggregation.RuleSpec.of(org.fedledger.core.aggregation.RuleName.FEDAVG,
                        java.util.Map.of("clip_norm", "5")))
                .incentives(new IncentiveRules(ContributionMethod.SHAPLEY, validation.validationSetHash(), 10, 2, 1,
                        false).withSetAside(500).withPenaltyEffects(5L, 100)).build();
        people.coordinator.coordinator().createTask(definition);
        String aside = definition.taskId();
        startVerifiers(validation);
        String attacker = people.trainer3.whoAmI().id();

        assertThat(round(aside, 1f, 2f, 20f).isFinal()).isTrue();
        assertThat(round(aside, 1f, 2f, 20f).isFinal()).isTrue();
        for (int r = 1; r <= 2; r++) {
            RoundContributionsRecord agreed = people.auditor.incentives().agreed(aside, r).orElseThrow();
            assertThat(agreed.setAside()).as("round %s", r).containsExactly(attacker);
            assertThat(agreed.contributions().values().get(agreed.contributions().contributors().indexOf(attacker)))
                    .as("valued positively").isPositive();
        }
        assertThat(people.auditor.incentives().penalties(aside, 2)).singleElement().satisfies(p -> {
            assertThat(p.subject()).isEqualTo(attacker);
            assertThat(p.kind()).isEqualTo(PenaltyKind.SET_ASIDE_ROUNDS);
            assertThat(p.suspendedUntilRound()).isZero();
            assertThat(p.weightPermille()).isEqualTo(100);
            assertThat(p.creditCost()).isEqualTo(5L);
        });
        assertThat(round(aside, 1f, 2f, 20f).isFinal()).as("round 3: the attacker submits").isTrue();
        assertThat(people.auditor.auditor().round(aside, 3).accepted()).allSatisfy(a -> assertThat(a.samples())
                .as(a.contributor()).isEqualTo(a.contributor().equals(attacker) ? 10L : 100L));
        assertThat(people.auditor.incentives().credits(aside)).filteredOn(c -> c.contributor().equals(attacker))
                .singleElement().satisfies(c -> assertThat(c.penaltyCredit()).isEqualTo(5L));

        AuditReport report = TaskAudit.of(people.auditor).run(aside);
        assertThat(report.findings()).isEmpty();
        assertThat(report.verdict()).isEqualTo(AuditVerdict.PASS);

        // A peer hides the penalty's weight from the auditor: the replay of round 2's penalties differs.
        FedLedger hiding = auditorReading(TransactionName.LIST_PENALTIES, answer -> RecordJson.toBytes(
                RecordJson.readList(answer, PenaltyRecord.class).stream().map(p -> !p.subject().equals(attacker) ? p
                        : new PenaltyRecord(p.taskId(), p.round(), p.subject(), p.kind(), p.evidence(),
                                p.suspendedUntilRound(), p.txId(), p.creditCost(), null, null)).toList()));
        assertThat(TaskAudit.of(hiding).run(aside).findings(FindingCode.INCENTIVES_MISMATCH)).singleElement()
                .satisfies(f -> assertThat(f.subject()).isEqualTo("penalties of round 2"));
        // A peer shows round 3 admitting the attacker at its full weight: the replay names the weight.
        FedLedger raising = auditorReading(TransactionName.GET_ROUND, answer -> {
            RoundRecord r = RecordJson.read(answer, RoundRecord.class);
            List<AcceptedUpdate> full = r.accepted().stream().map(a -> !a.contributor().equals(attacker) ? a
                    : new AcceptedUpdate(a.key(), a.contributor(), a.hash(), 100)).toList();
            return RecordJson.toBytes(r.round() != 3 ? r : new RoundRecord(r.taskId(), r.round(), r.state(),
                    r.baseVersion(), r.baseModelHash(), r.openedAt(), r.deadline(), r.closedAt(), full, r.overCapacity(),
                    r.overCapacityUnlisted(), r.proposalSeq(), r.deadlineVotes(), r.txId()));
        });
        assertThat(TaskAudit.of(raising).run(aside).findings(FindingCode.INCENTIVES_MISMATCH))
                .anySatisfy(f -> assertThat(f.subject()).isEqualTo("admitted weight of " + attacker));
    }

    /**
     * With reputation weights the close of each round admits an update at its samples scaled by its contributor's
     * reputation at that close. The audit replays every close from the reputations the chain shows before it and
     * names a weight that does not follow them.
     */
    @Test
    void with_reputation_weights_a_close_weighs_each_update_by_its_contributors_reputation_and_the_audit_replays_it() {
        String weighted = shapleyTask("incentives-weighted", true);
        startVerifiers(validation);
        String third = people.trainer3.whoAmI().id();

        assertThat(round(weighted, 1f, 2f, 20f).isFinal()).isTrue();
        java.util.Map<String, Long> afterFirst = reputationsOf(weighted, 1);
        assertThat(round(weighted, 1f, 2f, 20f).isFinal()).isTrue();
        assertWeighedBy(weighted, 2, afterFirst);

        AuditReport report = TaskAudit.of(people.auditor).run(weighted);
        assertThat(report.findings()).isEmpty();

        // A peer shows round 2 admitting the third trainer one sample heavier than its reputation allows.
        assertThat(TaskAudit.of(admittingHeavier(2, third)).run(weighted).findings(FindingCode.INCENTIVES_MISMATCH))
                .anySatisfy(f -> assertThat(f.subject()).isEqualTo("admitted weight of " + third));
    }

    /**
     * A reputation another task moves between two rounds of a task with reputation weights: the second
     * round's close weighs by the moved value, and the audit of the first task replays that close and the
     * reputations its rounds wrote from the chain (the last write before each transaction, whichever task made
     * it), so a weight one sample above the moved reputation's is still named.
     */
    @Test
    void a_reputation_another_task_moved_between_two_rounds_is_replayed_from_the_chain() {
        String weighted = shapleyTask("incentives-weighted-moved", true);
        String other = shapleyTask("incentives-moving", false);
        startVerifiers(validation);
        String third = people.trainer3.whoAmI().id();

        assertThat(round(weighted, 1f, 2f, 20f).isFinal()).isTrue();
        java.util.Map<String, Long> afterFirst = reputationsOf(weighted, 1);
        assertThat(round(other, 20f, 2f, 1f).isFinal()).isTrue();
        java.util.Map<String, Long> moved = reputationsOf(weighted, 1);
        assertThat(moved).as("the other task's round moved a reputation").isNotEqualTo(afterFirst);
        assertThat(round(weighted, 1f, 2f, 20f).isFinal()).isTrue();
        assertWeighedBy(weighted, 2, moved);

        assertThat(TaskAudit.of(people.auditor).run(weighted).findings()).isEmpty();
        assertThat(TaskAudit.of(admittingHeavier(2, third)).run(weighted).findings(FindingCode.INCENTIVES_MISMATCH))
                .anySatisfy(f -> assertThat(f.subject()).isEqualTo("admitted weight of " + third));
    }

    /** Creates a Shapley-valued task on the shared validation set, its close weighing by reputation or not; returns its id. */
    private String shapleyTask(String name, boolean reputationWeights) {
        TaskDefinition definition = SdkParticipants.task(name).maxOrgSharePercent(100).incentives(new IncentiveRules(
                ContributionMethod.SHAPLEY, validation.validationSetHash(), 10, 0, 0, reputationWeights)).build();
        people.coordinator.coordinator().createTask(definition);
        return definition.taskId();
    }

    /** Asserts that {@code round} admitted each of the three updates at 100 samples scaled by {@code reputations}. */
    private void assertWeighedBy(String taskId, int round, java.util.Map<String, Long> reputations) {
        assertThat(people.auditor.auditor().round(taskId, round).accepted()).hasSize(3).allSatisfy(a -> assertThat(
                a.samples()).as(a.contributor()).isEqualTo(org.fedledger.protocol.incentives.Settlement.reputationWeight(
                        100, reputations.get(a.contributor()))));
    }

    /** @return the current reputation of each contributor admitted to {@code round} of {@code taskId} */
    private java.util.Map<String, Long> reputationsOf(String taskId, int round) {
        java.util.Map<String, Long> reputations = new java.util.HashMap<>();
        people.auditor.auditor().round(taskId, round).accepted().forEach(a -> reputations.put(a.contributor(),
                people.auditor.incentives().reputation(a.contributor()).reputation()));
        return reputations;
    }

    /** @return the auditor's client behind a peer that shows {@code round} admitting {@code contributor} one sample heavier */
    private FedLedger admittingHeavier(int round, String contributor) {
        return auditorReading(TransactionName.GET_ROUND, answer -> {
            RoundRecord r = RecordJson.read(answer, RoundRecord.class);
            List<AcceptedUpdate> heavier = r.accepted().stream().map(a -> !a.contributor().equals(contributor) ? a
                    : new AcceptedUpdate(a.key(), a.contributor(), a.hash(), a.samples() + 1)).toList();
            return RecordJson.toBytes(r.round() != round ? r : new RoundRecord(r.taskId(), r.round(), r.state(),
                    r.baseVersion(), r.baseModelHash(), r.openedAt(), r.deadline(), r.closedAt(), heavier,
                    r.overCapacity(), r.overCapacityUnlisted(), r.proposalSeq(), r.deadlineVotes(), r.txId()));
        });
    }

    /**
     * The weighted median with reputation weights (issue 24, item 4): each round's manifest weighs every input
     * by the weight its close admitted it with, its samples scaled by its contributor's reputation, and the
     * global model is the coordinate-wise median of that weight, which every verifier reproduces and the audit
     * replays bit for bit.
     */
    @Test
    void a_weighted_median_with_reputation_weights_takes_the_median_of_the_admitted_weight() {
        runsOnTheAdmittedWeight("incentives-weighted-median", org.fedledger.core.aggregation.RuleSpec.of(
                org.fedledger.core.aggregation.RuleName.WEIGHTED_MEDIAN));
    }

    /**
     * The weighted trimmed mean with reputation weights (issue 24, item 4): as the weighted median, the cut at
     * each end a third of the admitted weight, so that how much of each trainer's value is kept follows its
     * reputation.
     */
    @Test
    void a_weighted_trimmed_mean_with_reputation_weights_cuts_the_admitted_weight() {
        runsOnTheAdmittedWeight("incentives-weighted-trimmed", org.fedledger.core.aggregation.RuleSpec.parse(
                "weighted_trimmed_mean:beta=0.34"));
    }

    /**
     * Runs two rounds of a Shapley task with reputation weights under {@code rule}; checks that the second
     * round's manifest weighs each input by its admitted weight (not all the declared samples), that the global
     * model is {@code rule} over those weights and that the audit passes.
     */
    private void runsOnTheAdmittedWeight(String name, org.fedledger.core.aggregation.RuleSpec rule) {
        TaskDefinition definition = SdkParticipants.task(name).maxOrgSharePercent(100).rule(rule)
                .incentives(new IncentiveRules(ContributionMethod.SHAPLEY, validation.validationSetHash(), 10, 0, 0,
                        true)).build();
        people.coordinator.coordinator().createTask(definition);
        String task = definition.taskId();
        startVerifiers(validation);
        float[] seeds = {1f, 2f, 20f};

        assertThat(round(task, seeds).isFinal()).isTrue();
        assertThat(round(task, seeds).isFinal()).isTrue();

        RoundRecord second = people.auditor.auditor().round(task, 2);
        List<org.fedledger.core.aggregation.AggregationInput> inputs = new ArrayList<>();
        for (AcceptedUpdate a : second.accepted()) {
            int trainer = 0;
            while (!people.trainers().get(trainer).whoAmI().id().equals(a.contributor())) {
                trainer++;
            }
            inputs.add(new org.fedledger.core.aggregation.AggregationInput(a.key(), a.hash(),
                    SdkParticipants.model(seeds[trainer]), a.samples()));
        }
        assertThat(inputs).extracting(org.fedledger.core.aggregation.AggregationInput::sampleCount)
                .as("weighed by reputation, not all at the 100 samples declared").anySatisfy(w -> assertThat(w)
                        .isNotEqualTo(100L));
        Model expected = org.fedledger.core.aggregation.AggregationRules.of(rule)
                .aggregate(inputs, people.auditor.auditor().verifiedModel(task, 1).model()).orElseThrow().model();
        assertThat(people.auditor.auditor().verifiedModel(task, 2).model()).isEqualTo(expected);
        assertThat(people.auditor.auditor().proposal(task, 2, second.proposalSeq()).manifest().inputs())
                .extracting(org.fedledger.core.manifest.ManifestInput::weightNumerator)
                .containsExactlyElementsOf(inputs.stream().sorted(java.util.Comparator.comparing(
                        org.fedledger.core.aggregation.AggregationInput::id)).map(
                        org.fedledger.core.aggregation.AggregationInput::sampleCount).toList());
        AuditReport report = TaskAudit.of(people.auditor).run(task);
        assertThat(report.findings()).isEmpty();
        assertThat(report.verdict()).isEqualTo(AuditVerdict.PASS);
    }

    /** Each organisation's private validation set, in organisation order: thresholds of three spacings. */
    private static final Thresholds[] PRIVATE_SETS = {new Thresholds(100, 40), new Thresholds(100, 20),
        new Thresholds(100, 10)};

    /** Creates a Shapley task valued on private validation sets; returns its id. */
    private String privateTask(String name) {
        TaskDefinition definition = SdkParticipants.task(name).incentives(IncentiveRules.onPrivateSets(
                ContributionMethod.SHAPLEY, 10)).build();
        people.coordinator.coordinator().createTask(definition);
        return definition.taskId();
    }

    /**
     * Private validation sets: each organisation commits its own set by hash before round 1 (two by the
     * SDK's call, the third by its verifier service on seeing the task created) and values on it; the round
     * is FINAL on the output, its contributions the median of the agreeing organisations'
     * vectors, nobody penalised for differing; the audit replays the median and names a valuer whose set
     * came too late.
     */
    @Test
    void on_private_validation_sets_each_organisation_values_on_its_own_and_the_round_takes_their_median() {
        String id = privateTask("incentives-private");
        Thresholds[] sets = PRIVATE_SETS;
        List<FedLedger> verifiers = List.of(people.verifier1, people.verifier2);
        for (int k = 0; k < 2; k++) {
            assertThat(verifiers.get(k).verifier(id).commitValidationSet(sets[k]).fromRound()).isEqualTo(1);
        }
        assertThat(people.verifier2.verifier(id).commitValidationSet(sets[1]).validationSetHash())
                .as("the same set again: the record, nothing written").isEqualTo(sets[1].validationSetHash());
        assertThatThrownBy(() -> people.verifier2.verifier(id).commitValidationSet(sets[0]))
                .isInstanceOf(ValidationSetMismatchException.class).hasMessageContaining(sets[1].validationSetHash().hex());
        // Org3 leaves it to its verifier service, which commits its set when it sees the task created.
        startVerifiers(sets);
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        // The service reports its commit once its submit returns, which can be after the auditor's peer has it.
        while ((people.auditor.incentives().validationSets(id).size() < 3 || outcomes.stream().filter(o -> o
                instanceof VerifierService.Outcome.ValidationSetCommitted c && c.taskId().equals(id)).count() < 3)
                && System.nanoTime() < until) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        assertThat(people.auditor.incentives().validationSets(id)).extracting(v -> v.msp() + " " + v.fromRound())
                .containsExactly("Org1MSP 1", "Org2MSP 1", "Org3MSP 1");
        assertThat(people.auditor.incentives().validationSets(id).get(2).validationSetHash())
                .isEqualTo(sets[2].validationSetHash());
        assertThat(outcomes).filteredOn(o -> o instanceof VerifierService.Outcome.ValidationSetCommitted c
                && c.taskId().equals(id)).hasSize(3);

        RoundOutcome outcome = round(id, 1f, 2f, -3f);

        assertThat(outcome.isFinal()).isTrue();
        RoundContributionsRecord agreed = people.auditor.incentives().agreed(id, 1).orElseThrow();
        int seq = agreed.seq();
        List<org.fedledger.protocol.record.ContributionAttestationRecord> attested =
                people.auditor.incentives().attested(id, 1, seq);
        assertThat(agreed.agreeing()).hasSizeGreaterThanOrEqualTo(2)
                .isSubsetOf(attested.stream().map(c -> c.msp()).toList());
        assertThat(attested.stream().map(c -> c.contributionsHash()).distinct().count())
                .as("organisations valuing on different data compute different vectors").isGreaterThan(1);
        assertThat(agreed.contributions()).isEqualTo(org.fedledger.protocol.incentives.PrivateValuation.median(
                attested.stream().filter(c -> agreed.agreeing().contains(c.msp())).map(c -> c.contributions()).toList()));
        assertThat(agreed.dissenting()).isEmpty();
        assertThat(people.auditor.incentives().penalties(id, 1)).isEmpty();
        int a = agreed.contributions().contributors().indexOf(people.trainer3.whoAmI().id());
        assertThat(agreed.contributions().values().get(a)).isNegative();

        AuditReport report = TaskAudit.of(people.auditor).run(id);
        assertThat(report.findings()).isEmpty();
        assertThat(report.verdict()).isEqualTo(AuditVerdict.PASS);
        // A peer shows the auditor one valuer's set as committed after round 1 opened: the replay names it.
        String valuer = agreed.agreeing().get(0);
        FedLedger late = auditorReading(TransactionName.LIST_VALIDATION_SETS, answer -> RecordJson.toBytes(
                RecordJson.readList(answer, org.fedledger.protocol.record.ValidationSetRecord.class).stream()
                        .map(v -> !v.msp().equals(valuer) ? v : new org.fedledger.protocol.record.ValidationSetRecord(
                                v.taskId(), v.msp(), v.validationSetHash(), 2, v.verifier(), v.txId(), v.timestamp()))
                        .toList()));
        assertThat(TaskAudit.of(late).run(id).findings(FindingCode.INCENTIVES_MISMATCH)).singleElement()
                .satisfies(f -> assertThat(f.subject()).isEqualTo("validation set of " + valuer));
    }

    /**
     * An organisation that commits its private set only after round 1 opened (a member joining late) still
     * verifies round 1's output, without valuing it, so the round does not wait for it; it values from round 2.
     */
    @Test
    void an_organisation_committing_its_private_set_late_verifies_the_round_without_valuing_it_and_values_the_next() {
        String id = privateTask("incentives-late");
        Thresholds[] sets = PRIVATE_SETS;
        people.verifier1.verifier(id).commitValidationSet(sets[0]);
        people.verifier2.verifier(id).commitValidationSet(sets[1]);
        RoundDriver driver = RoundDriver.of(people.coordinator, id, RoundPolicy.expecting(3)
                .collectFor(Duration.ofSeconds(30)).decideWithin(Duration.ofSeconds(30)));
        int round = driver.open().round();
        // Started after the open: Org3's service would otherwise commit its set first whenever it is quick.
        startVerifiers(sets);
        assertThat(people.verifier3.verifier(id).commitValidationSet(sets[2]).fromRound()).isEqualTo(2);
        float[] seeds = {1f, 2f, -3f};
        for (int i = 0; i < 3; i++) {
            float seed = seeds[i];
            people.trainers().get(i).trainer(id).trainRound(round,
                    global -> new LocalTraining.Result(SdkParticipants.model(seed), 100));
        }
        assertThat(driver.runRound().isFinal()).as("Org3's AGREE counts for the output").isTrue();
        RoundContributionsRecord first = people.auditor.incentives().agreed(id, 1).orElseThrow();
        assertThat(first.agreeing()).contains("Org2MSP").doesNotContain("Org3MSP");
        assertThat(people.auditor.incentives().attested(id, 1, first.seq())).extracting(c -> c.msp())
                .doesNotContain("Org3MSP");

        assertThat(round(id, 1f, 2f, -3f).isFinal()).isTrue();
        RoundContributionsRecord second = people.auditor.incentives().agreed(id, 2).orElseThrow();
        assertThat(second.agreeing()).contains("Org3MSP");
        assertThat(outcomes).noneMatch(o -> o instanceof VerifierService.Outcome.Failed f
                && f.error() instanceof ValidationSetMismatchException);
        assertThat(TaskAudit.of(people.auditor).run(id).verdict()).isEqualTo(AuditVerdict.PASS);
    }

    @Test
    void a_proposer_whose_output_the_verifiers_dispute_is_penalised_and_the_audit_replays_the_penalty() {
        startVerifiers(validation);
        RoundDriver driver = RoundDriver.of(people.coordinator, task, RoundPolicy.expecting(3)
                .collectFor(Duration.ofSeconds(30)).decideWithin(Duration.ofSeconds(30)),
                ForgingStrategy.forging(SdkParticipants.model(42f), 1));
        int round = driver.open().round();
        float[] seeds = {1f, 2f, -3f};
        for (int i = 0; i < seeds.length; i++) {
            float seed = seeds[i];
            people.trainers().get(i).trainer(task).trainRound(round,
                    global -> new LocalTraining.Result(SdkParticipants.model(seed), 100));
        }
        RoundOutcome outcome = driver.runRound();
        assertThat(outcome.isFinal()).as("proposed again honestly").isTrue();
        assertThat(outcome.round().proposalSeq()).isEqualTo(2);

        String proposer = people.auditor.auditor().proposal(task, round, 1).proposer();
        List<PenaltyRecord> penalties = people.auditor.incentives().penalties(task, round);
        assertThat(penalties).filteredOn(p -> p.kind() == PenaltyKind.PROPOSAL_DISPUTED).singleElement()
                .satisfies(p -> {
                    assertThat(p.subject()).isEqualTo(proposer);
                    assertThat(p.evidence().get(0).key()).isEqualTo(Keys.printable(Keys.proposal(task, round, 1)));
                    assertThat(p.evidence()).hasSizeGreaterThan(1).allSatisfy(e -> assertThat(e.key())
                            .contains(String.valueOf(round)));
                });
        AuditReport report = TaskAudit.of(people.auditor).run(task);
        // The forged proposal itself is a warning (disputed, not final); the incentives replay finds nothing.
        assertThat(report.verdict()).isEqualTo(AuditVerdict.WARN);
        assertThat(report.findings()).extracting(Finding::code).containsOnly(FindingCode.OUTPUT_MISMATCH);

        // A peer hides the penalty from the auditor: the replay names the disputed proposal it is missing.
        FedLedger lying = auditorReading(TransactionName.LIST_PENALTIES, answer -> RecordJson.toBytes(
                RecordJson.readList(answer, PenaltyRecord.class).stream()
                        .filter(p -> p.kind() != PenaltyKind.PROPOSAL_DISPUTED).toList()));
        AuditReport tampered = TaskAudit.of(lying).run(task);
        assertThat(tampered.verdict()).isEqualTo(AuditVerdict.FAIL);
        assertThat(tampered.findings(FindingCode.INCENTIVES_MISMATCH)).singleElement()
                .satisfies(f -> assertThat(f.subject()).isEqualTo("penalties of disputed proposals in round " + round));
    }

    @Test
    void the_audit_replays_contributions_credits_and_reputation_and_reports_a_tampered_credit() {
        startVerifiers(validation);
        assertThat(round(1f, 2f, -3f).isFinal()).isTrue();
        assertThat(round(2f, 1f, -2f).isFinal()).isTrue();
        AuditReport honest = TaskAudit.of(people.auditor).run(task);
        assertThat(honest.findings()).isEmpty();
        assertThat(honest.verdict()).isEqualTo(AuditVerdict.PASS);

        // A peer raises the attacker's contribution credit on its way to the auditor.
        String attacker = people.trainer3.whoAmI().id();
        FedLedger lying = auditorReading(TransactionName.LIST_CREDITS, answer -> {
            List<CreditRecord> credits = new ArrayList<>();
            for (CreditRecord c : RecordJson.readList(answer, CreditRecord.class)) {
                credits.add(!c.contributor().equals(attacker) ? c : new CreditRecord(c.taskId(), c.contributor(),
                        c.msp(), c.dataCredit(), c.contributionCredit() + 1000, c.rounds(), c.lastRound(),
                        c.negativeStreak(), c.txId()));
            }
            return RecordJson.toBytes(credits);
        });
        AuditReport tampered = TaskAudit.of(lying).run(task);
        assertThat(tampered.verdict()).isEqualTo(AuditVerdict.FAIL);
        assertThat(tampered.findings(FindingCode.INCENTIVES_MISMATCH)).singleElement()
                .satisfies(f -> assertThat(f.subject()).isEqualTo("credits of " + attacker));
    }

    /** The auditor's view through a peer that rewrites every answer to {@code transaction} with {@code rewrite}. */
    private FedLedger auditorReading(TransactionName transaction, java.util.function.Function<String, byte[]> rewrite) {
        return FedLedger.over(new ForwardingConnection(people.connection(people.auditor), false) {
            @Override
            public byte[] evaluate(TransactionName called, List<String> arguments) {
                byte[] answer = super.evaluate(called, arguments);
                return called != transaction ? answer : rewrite.apply(new String(answer, StandardCharsets.UTF_8));
            }
        });
    }

    @Test
    void a_verifier_given_another_validation_set_refuses_to_compute() {
        people.coordinator.coordinator().openRound(task);
        for (int i = 0; i < 3; i++) {
            float seed = i + 1;
            people.trainers().get(i).trainer(task).trainRound(1,
                    global -> new LocalTraining.Result(SdkParticipants.model(seed), 100));
        }
        people.coordinator.coordinator().closeRound(task, 1);
        var aggregator = people.aggregator.aggregator(task);
        aggregator.propose(aggregator.aggregate(1));
        assertThatThrownBy(() -> people.verifier2.verifier(task).verify(1, 1, new Thresholds(99)))
                .isInstanceOf(ValidationSetMismatchException.class)
                .satisfies(e -> assertThat(((ValidationSetMismatchException) e).committed())
                        .isEqualTo(validation.validationSetHash()));
        assertThat(people.verifier2.verifier(task).verify(1, 1, validation).contributions()).isPresent();
        assertThat(people.auditor.incentives().attested(task, 1, 1)).isEmpty();
    }

    @Test
    void a_task_without_incentives_has_no_rules_and_its_verifications_carry_no_contributions() {
        TaskDefinition plain = SdkParticipants.task("plain").build();
        people.coordinator.coordinator().createTask(plain);
        assertThat(people.auditor.incentives().rules(plain.taskId())).isEmpty();
        assertThat(people.auditor.incentives().rules(task)).isPresent();
    }
}

package org.fedledger.chaincode.incentives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fedledger.chaincode.Consortium.assertCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fedledger.chaincode.Consortium;
import org.fedledger.chaincode.errors.FedLedgerException;
import org.fedledger.chaincode.testing.TestIdentity;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.key.TransientKeys;
import org.fedledger.protocol.record.AcceptedUpdate;
import org.fedledger.protocol.record.ContributionMethod;
import org.fedledger.protocol.record.ContributionVector;
import org.fedledger.protocol.record.CreditRecord;
import org.fedledger.protocol.record.Evidence;
import org.fedledger.protocol.record.PenaltyKind;
import org.fedledger.protocol.record.PenaltyRecord;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.RoundContributionsRecord;
import org.fedledger.protocol.record.ReputationRecord;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.SuspensionRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 24 item 3: penalties for what the ledger proves, each naming its evidence. Trainer 3 of
 * Org3 (the attacker) has a negative agreed contribution; the task suspends after two such rounds in
 * a row for one round.
 */
class PenaltiesTest {
    private Consortium net = Consortium.fresh();

    @BeforeEach
    void taskSuspendingAfterTwoNegativeRounds() {
        net.registered().withTask(task(false));
    }

    private static String task(boolean reputationWeights) {
        return Consortium.taskJson(Map.of("incentives", Map.of("method", "SHAPLEY",
                "validationSetHash", ContentHash.of(new byte[] {1}).hex(), "creditPerSample", 1,
                "negativeRoundsToSuspend", 2, "suspensionRounds", 1, "reputationWeights", reputationWeights)));
    }

    /** The standard task, suspending after two rounds whose contribution is at least {@code permille} of the round's below zero. */
    private static String taskSuspendingBelow(int permille) {
        return Consortium.taskJson(Map.of("incentives", Map.of("method", "SHAPLEY",
                "validationSetHash", ContentHash.of(new byte[] {1}).hex(), "creditPerSample", 1,
                "negativeRoundsToSuspend", 2, "suspensionRounds", 1, "reputationWeights", false,
                "suspendBelowPermille", permille)));
    }

    private String submit(TestIdentity trainer, int round, float seed) {
        byte[] bytes = ModelCodec.encode(Consortium.model(seed));
        return net.submit(trainer, Consortium.chunks(TransientKeys.UPDATE_PREFIX, bytes, 1), t -> t.c().submitUpdate(
                t.ctx(), "mnist", String.valueOf(round), ContentHash.of(bytes).hex(), "100", String.valueOf(round - 1)));
    }

    /**
     * Runs round {@code round} with {@code trainers} to FINAL; Org2 and Org3 attest the attacker's
     * value as {@code attackerValue} and everyone else's as 6; Org1 attests {@code org1Value} for all.
     */
    private RoundContributionsRecord finalRound(int round, List<TestIdentity> trainers, long attackerValue,
            Long org1Value) {
        return finalRound(round, trainers, id -> id.equals(net.trainer3.id()) ? attackerValue : 6L, org1Value);
    }

    /** Runs round {@code round} with every trainer to FINAL, Org2 and Org3 attesting {@code valueOf} each contributor. */
    private RoundContributionsRecord finalRound(int round, java.util.function.ToLongFunction<String> valueOf) {
        return finalRound(round, all(), valueOf, null);
    }

    private RoundContributionsRecord finalRound(int round, List<TestIdentity> trainers,
            java.util.function.ToLongFunction<String> valueOf, Long org1Value) {
        net.openRound();
        for (TestIdentity t : trainers) {
            submit(t, round, trainers.indexOf(t) + 1f);
        }
        net.closeRound(net.coordinator, round);
        Consortium.Proposal p = net.aggregate(round, RuleSpec.of(RuleName.FEDAVG));
        net.propose(round, p);
        RoundRecord r = RecordJson.read(net.evaluate(net.auditor, t -> t.c().getRound(t.ctx(), "mnist",
                String.valueOf(round))), RoundRecord.class);
        List<String> who = r.accepted().stream().map(AcceptedUpdate::contributor).toList();
        List<Long> values = new ArrayList<>();
        List<Long> org1 = new ArrayList<>();
        for (String id : who) {
            values.add(valueOf.applyAsLong(id));
            org1.add(org1Value == null ? 6L : org1Value);
        }
        long scale = ContributionMethod.SHAPLEY.scale(who.size());
        ContributionVector agreed = new ContributionVector(ContributionMethod.SHAPLEY, scale, who, values);
        if (org1Value != null) {
            attest(net.verifier1, round, new ContributionVector(ContributionMethod.SHAPLEY, scale, who, org1), p);
        }
        attest(net.verifier2, round, agreed, p);
        attest(net.verifier3, round, agreed, p);
        assertThat(Consortium.json(net.resolve(net.coordinator, round))).containsEntry("state", "FINAL");
        return RecordJson.read(net.ledger.valueUtf8(Keys.roundContributions("mnist", round)).orElseThrow(),
                RoundContributionsRecord.class);
    }

    private void attest(TestIdentity verifier, int round, ContributionVector v, Consortium.Proposal p) {
        net.submit(verifier, t -> t.c().attestModelWithContributions(t.ctx(), "mnist", String.valueOf(round), "1",
                "AGREE", p.outputHash(), RecordJson.write(v)));
    }

    private List<PenaltyRecord> penalties(int round) {
        return RecordJson.readList(net.evaluate(net.auditor, t -> t.c().listPenalties(t.ctx(), "mnist",
                String.valueOf(round))), PenaltyRecord.class);
    }

    private final List<TestIdentity> all() {
        return List.of(net.trainer1, net.trainer2, net.trainer3);
    }

    @Test
    void two_negative_rounds_in_a_row_suspend_the_contributor_naming_both_rounds_as_evidence() {
        RoundContributionsRecord first = finalRound(1, all(), -6, null);
        assertThat(penalties(1)).isEmpty();
        RoundContributionsRecord second = finalRound(2, all(), -1, null);

        List<PenaltyRecord> imposed = penalties(2);
        assertThat(imposed).hasSize(1);
        PenaltyRecord p = imposed.get(0);
        assertThat(p.subject()).isEqualTo(net.trainer3.id());
        assertThat(p.kind()).isEqualTo(PenaltyKind.NEGATIVE_CONTRIBUTION);
        assertThat(p.suspendedUntilRound()).isEqualTo(3);
        int at1 = first.contributions().contributors().indexOf(net.trainer3.id());
        int at2 = second.contributions().contributors().indexOf(net.trainer3.id());
        assertThat(p.evidence()).containsExactly(
                new Evidence(first.txId(), Keys.printable(Keys.roundContributions("mnist", 1)),
                        "contributions.values[" + at1 + "]"),
                new Evidence(second.txId(), Keys.printable(Keys.roundContributions("mnist", 2)),
                        "contributions.values[" + at2 + "]"));
        assertThat(RecordJson.read(net.ledger.valueUtf8(Keys.suspension("mnist", net.trainer3.id())).orElseThrow(),
                SuspensionRecord.class).untilRound()).isEqualTo(3);
        CreditRecord credit = RecordJson.read(net.ledger.valueUtf8(Keys.credit("mnist", net.trainer3.id()))
                .orElseThrow(), CreditRecord.class);
        assertThat(credit.negativeStreak()).as("the penalty empties the streak").isEmpty();
    }

    @Test
    void a_suspended_contributors_submission_is_refused_and_writes_nothing_until_its_suspension_ends() {
        finalRound(1, all(), -6, null);
        finalRound(2, all(), -6, null);
        net.openRound();
        byte[] bytes = ModelCodec.encode(Consortium.model(3f));
        FedLedgerException e = net.refused(net.trainer3, Consortium.chunks(TransientKeys.UPDATE_PREFIX, bytes, 1),
                t -> t.c().submitUpdate(t.ctx(), "mnist", "3", ContentHash.of(bytes).hex(), "100", "2"));
        assertCode(e, ErrorCode.CONTRIBUTOR_SUSPENDED);
        assertThat(e.getMessage()).contains("until round 3");
        // Round 3 runs with the two others; from round 4 on the attacker submits again.
        submit(net.trainer1, 3, 1f);
        submit(net.trainer2, 3, 2f);
        net.closeRound(net.coordinator, 3);
        Consortium.Proposal p = net.aggregate(3, RuleSpec.of(RuleName.FEDAVG));
        net.propose(3, p);
        RoundRecord r = RecordJson.read(net.evaluate(net.auditor, t -> t.c().getRound(t.ctx(), "mnist", "3")),
                RoundRecord.class);
        List<String> who = r.accepted().stream().map(AcceptedUpdate::contributor).toList();
        ContributionVector v = new ContributionVector(ContributionMethod.SHAPLEY, 2, who, List.of(1L, 1L));
        attest(net.verifier2, 3, v, p);
        attest(net.verifier3, 3, v, p);
        net.resolve(net.coordinator, 3);
        net.openRound();
        assertThat(Consortium.json(submit(net.trainer3, 4, 3f))).containsEntry("round", 4.0);
    }

    private long reputation(TestIdentity trainer) {
        return RecordJson.read(net.ledger.valueUtf8(Keys.reputation(trainer.id())).orElseThrow(), ReputationRecord.class)
                .reputation();
    }

    @Test
    void scored_by_rank_a_negative_contribution_ranks_like_any_other_and_a_suspended_contributor_ranks_last() {
        net = Consortium.fresh();
        net.registered().withTask(Consortium.taskJson(Map.of("incentives", Map.of("method", "SHAPLEY",
                "validationSetHash", ContentHash.of(new byte[] {1}).hex(), "creditPerSample", 1,
                "negativeRoundsToSuspend", 2, "suspensionRounds", 1, "reputationWeights", false,
                "reputationScore", "RANK"))));
        long half = ReputationRecord.INITIAL;
        long max = ReputationRecord.MAX;

        // Every value negative: the default would score all three 0; by rank the best scores MAX.
        finalRound(1, id -> id.equals(net.trainer1.id()) ? -1 : id.equals(net.trainer2.id()) ? -2 : -6);
        long r1 = (7 * half + max) / 8;
        long r2 = (7 * half + max / 2) / 8;
        long r3 = (7 * half) / 8;
        assertThat(List.of(reputation(net.trainer1), reputation(net.trainer2), reputation(net.trainer3)))
                .containsExactly(r1, r2, r3);

        // Two negative rounds in a row suspend trainer 3 for round 3, which it sits out ranked last:
        // trainers 1 and 2 tie above it, and its own reputation falls although it sent nothing.
        finalRound(2, id -> id.equals(net.trainer3.id()) ? -6 : 1);
        r1 = (7 * r1 + 3 * max / 4) / 8;
        r2 = (7 * r2 + 3 * max / 4) / 8;
        r3 = (7 * r3) / 8;
        finalRound(3, List.of(net.trainer1, net.trainer2), id -> 1L, null);
        r1 = (7 * r1 + 3 * max / 4) / 8;
        r2 = (7 * r2 + 3 * max / 4) / 8;
        r3 = (7 * r3) / 8;
        assertThat(List.of(reputation(net.trainer1), reputation(net.trainer2), reputation(net.trainer3)))
                .containsExactly(r1, r2, r3);
        ReputationRecord sittingOut = RecordJson.read(net.ledger.valueUtf8(Keys.reputation(net.trainer3.id()))
                .orElseThrow(), ReputationRecord.class);
        assertThat(sittingOut.rounds()).isEqualTo(3);
        assertThat(sittingOut.lastRound()).isEqualTo(3);
        assertThat(net.ledger.valueUtf8(Keys.taskIncentives("mnist")).orElseThrow()).contains("\"reputationScore\":\"RANK\"");
    }

    /**
     * An update whose norm per local step is out of line with the round's (trainer 3 sends fifty times
     * its step) is marked in the round's contributions and ranked below the others, although the quorum
     * valued it highest; in a round where every step is in line, nobody is marked.
     */
    @Test
    void an_out_of_line_update_is_recorded_with_the_round_and_scored_below_every_other_contributor() {
        net = Consortium.fresh();
        net.registered().withTask(outOfLineTask(0, 0, "RANK"));
        // Every update declares 100 samples; the base model is model(0), so model(s) is s steps away.
        RoundContributionsRecord first = clippedRound(1, CLIPPED, new float[] {1f, 2f, 50f});
        assertThat(first.outOfLine()).containsExactly(net.trainer3.id());
        long half = ReputationRecord.INITIAL;
        long max = ReputationRecord.MAX;
        // Trainer 3 was valued 9, the others 6 and 3: out of line, it ranks last; trainer 1 above trainer 2.
        assertThat(List.of(reputation(net.trainer1), reputation(net.trainer2), reputation(net.trainer3)))
                .containsExactly((7 * half + max) / 8, (7 * half + max / 2) / 8, (7 * half) / 8);

        RoundContributionsRecord second = clippedRound(2, CLIPPED, new float[] {1f, 2f, 3f});
        assertThat(second.outOfLine()).isNull();
        assertThat(net.ledger.valueUtf8(Keys.roundContributions("mnist", 2)).orElseThrow()).doesNotContain("outOfLine");
    }

    /**
     * Out-of-line rounds extend the streak as negative ones do: two in a row suspend trainer 3 although the
     * quorum valued its update highest, the penalty naming each round's {@code outOfLine} entry.
     */
    @Test
    void rounds_out_of_line_in_a_row_suspend_the_contributor_naming_each_rounds_mark() {
        net = Consortium.fresh();
        net.registered().withTask(outOfLineTask(2, 1, "NON_NEGATIVE_RANK"));
        RoundContributionsRecord first = clippedRound(1, CLIPPED, new float[] {1f, 2f, 50f});
        assertThat(penalties(1)).isEmpty();
        // Round 2 starts from round 1's average, model(53 / 3): the same steps again from there.
        float base = 53f / 3;
        RoundContributionsRecord second = clippedRound(2, CLIPPED, new float[] {base + 1, base + 2, base + 50});
        assertThat(second.outOfLine()).containsExactly(net.trainer3.id());

        assertThat(penalties(2)).hasSize(1);
        PenaltyRecord p = penalties(2).get(0);
        assertThat(p.subject()).isEqualTo(net.trainer3.id());
        assertThat(p.kind()).isEqualTo(PenaltyKind.OUT_OF_LINE_ROUNDS);
        assertThat(p.suspendedUntilRound()).isEqualTo(3);
        assertThat(p.evidence()).containsExactly(
                new Evidence(first.txId(), Keys.printable(Keys.roundContributions("mnist", 1)), "outOfLine[0]"),
                new Evidence(second.txId(), Keys.printable(Keys.roundContributions("mnist", 2)), "outOfLine[0]"));
        assertThat(RecordJson.read(net.ledger.valueUtf8(Keys.suspension("mnist", net.trainer3.id())).orElseThrow(),
                SuspensionRecord.class).untilRound()).isEqualTo(3);
    }

    /** FedAvg clipping nothing, so that every manifest records each update's norm. */
    private static final RuleSpec CLIPPED = RuleSpec.of(RuleName.FEDAVG, Map.of("clip_norm", "1000"));

    /** A task under {@link #CLIPPED} marking updates more than three times out of line, steps of one sample. */
    private static String outOfLineTask(int negativeRoundsToSuspend, int suspensionRounds, String reputationScore) {
        return Consortium.taskJson(Map.of("rule", Map.of("name", "fedavg", "params", Map.of("clip_norm", "1000")),
                "incentives", Map.of("method", "SHAPLEY", "validationSetHash", ContentHash.of(new byte[] {1}).hex(),
                        "creditPerSample", 1, "negativeRoundsToSuspend", negativeRoundsToSuspend, "suspensionRounds",
                        suspensionRounds, "reputationWeights", false, "reputationScore", reputationScore,
                        "outOfLineFactor", 3)));
    }

    /** Round {@code round} to FINAL under {@code rule}, trainer {@code i} sending model(steps[i]), valued 6, 3 and 9. */
    private RoundContributionsRecord clippedRound(int round, RuleSpec rule, float[] steps) {
        net.openRound();
        List<TestIdentity> trainers = all();
        for (int i = 0; i < trainers.size(); i++) {
            submit(trainers.get(i), round, steps[i]);
        }
        net.closeRound(net.coordinator, round);
        Consortium.Proposal p = net.aggregate(round, rule);
        net.propose(round, p);
        RoundRecord r = RecordJson.read(net.evaluate(net.auditor, t -> t.c().getRound(t.ctx(), "mnist",
                String.valueOf(round))), RoundRecord.class);
        List<String> who = r.accepted().stream().map(AcceptedUpdate::contributor).toList();
        List<Long> values = who.stream().map(id -> id.equals(net.trainer1.id()) ? 6L : id.equals(net.trainer2.id())
                ? 3L : 9L).toList();
        ContributionVector agreed = new ContributionVector(ContributionMethod.SHAPLEY,
                ContributionMethod.SHAPLEY.scale(who.size()), who, values);
        attest(net.verifier2, round, agreed, p);
        attest(net.verifier3, round, agreed, p);
        assertThat(Consortium.json(net.resolve(net.coordinator, round))).containsEntry("state", "FINAL");
        return RecordJson.read(net.ledger.valueUtf8(Keys.roundContributions("mnist", round)).orElseThrow(),
                RoundContributionsRecord.class);
    }

    /** Issue 24 item 4: the round's close weights each update by its contributor's reputation. */
    @Test
    void with_reputation_weights_the_close_scales_each_admitted_weight_by_the_contributors_reputation() {
        net = Consortium.fresh();
        net.registered().withTask(task(true));
        // Round 1 weighs everyone at the initial reputation, 500,000: 100 samples weigh 50.
        finalRound(1, all(), -6, null);
        RoundRecord first = RecordJson.read(net.evaluate(net.auditor, t -> t.c().getRound(t.ctx(), "mnist", "1")),
                RoundRecord.class);
        assertThat(first.accepted()).extracting(AcceptedUpdate::samples).containsOnly(50L);
        // After round 1: the attacker scored 0 (reputation 437,500), the two others 750,000 each (tied): 531,250.
        net.openRound();
        for (TestIdentity t : all()) {
            submit(t, 2, all().indexOf(t) + 1f);
        }
        net.closeRound(net.coordinator, 2);
        RoundRecord second = RecordJson.read(net.evaluate(net.auditor, t -> t.c().getRound(t.ctx(), "mnist", "2")),
                RoundRecord.class);
        for (AcceptedUpdate a : second.accepted()) {
            assertThat(a.samples()).as(a.contributor()).isEqualTo(a.contributor().equals(net.trainer3.id()) ? 43L : 53L);
        }
    }

    @Test
    void a_positive_round_breaks_the_streak() {
        finalRound(1, all(), -6, null);
        finalRound(2, all(), 6, null);
        finalRound(3, all(), -6, null);
        assertThat(penalties(2)).isEmpty();
        assertThat(penalties(3)).isEmpty();
        assertThat(net.ledger.value(Keys.suspension("mnist", net.trainer3.id()))).isEmpty();
    }

    @Test
    void a_verifier_attesting_other_contributions_than_the_quorum_is_penalised_with_its_attestation_as_evidence() {
        finalRound(1, all(), 6, -100L);
        List<PenaltyRecord> imposed = penalties(1);
        assertThat(imposed).hasSize(1);
        PenaltyRecord p = imposed.get(0);
        assertThat(p.subject()).isEqualTo("Org1MSP");
        assertThat(p.kind()).isEqualTo(PenaltyKind.CONTRIBUTIONS_DISSENT);
        assertThat(p.suspendedUntilRound()).isZero();
        assertThat(p.evidence()).singleElement().satisfies(ev -> {
            assertThat(ev.key()).isEqualTo(Keys.printable(Keys.contributionAttestation("mnist", 1, 1, "Org1MSP")));
            assertThat(ev.field()).isEqualTo("contributionsHash");
        });
    }

    /** The defect of issue 24's follow-up: a tiny negative value against a large round counted like an attack. */
    @Test
    void a_negative_contribution_smaller_than_the_tasks_threshold_does_not_count_toward_suspension() {
        net = Consortium.fresh();
        net.registered().withTask(taskSuspendingBelow(500));
        // |-1| is 1/13 of the round's total absolute contribution 13, below 500 thousandths: no streak.
        finalRound(1, all(), -1, null);
        finalRound(2, all(), -1, null);
        assertThat(penalties(2)).isEmpty();
        assertThat(net.ledger.value(Keys.suspension("mnist", net.trainer3.id()))).isEmpty();
        assertThat(RecordJson.read(net.ledger.valueUtf8(Keys.credit("mnist", net.trainer3.id())).orElseThrow(),
                CreditRecord.class).negativeStreak()).isEmpty();
        // |-12| is exactly 500 thousandths of 24: counts, and two such rounds suspend.
        finalRound(3, all(), -12, null);
        finalRound(4, all(), -12, null);
        assertThat(penalties(4)).singleElement().satisfies(p -> {
            assertThat(p.subject()).isEqualTo(net.trainer3.id());
            assertThat(p.suspendedUntilRound()).isEqualTo(5);
        });
    }

    @Test
    void when_every_contributor_is_negative_nobody_beyond_the_cap_is_suspended() {
        // Three contributors, minUpdates 2: at most one may be suspended, the most negative one.
        long[] values = {-1, -3, -2};
        List<String> ids = all().stream().map(TestIdentity::id).toList();
        finalRound(1, id -> values[ids.indexOf(id)]);
        finalRound(2, id -> values[ids.indexOf(id)]);

        List<PenaltyRecord> imposed = penalties(2);
        assertThat(imposed).extracting(PenaltyRecord::subject).containsExactlyInAnyOrderElementsOf(ids);
        for (PenaltyRecord p : imposed) {
            boolean worst = p.subject().equals(net.trainer2.id());
            assertThat(p.kind()).isEqualTo(PenaltyKind.NEGATIVE_CONTRIBUTION);
            assertThat(p.evidence()).as(p.subject()).hasSize(2);
            assertThat(p.suspendedUntilRound()).as(p.subject()).isEqualTo(worst ? 3 : 0);
            assertThat(net.ledger.value(Keys.suspension("mnist", p.subject()))).as(p.subject()).matches(
                    v -> v.isPresent() == worst);
            assertThat(RecordJson.read(net.ledger.valueUtf8(Keys.credit("mnist", p.subject())).orElseThrow(),
                    CreditRecord.class).negativeStreak()).as("every penalty restarts the streak").isEmpty();
        }
        // Round 3 stays trainable: the two others submit.
        net.openRound();
        submit(net.trainer1, 3, 1f);
        submit(net.trainer3, 3, 3f);
        net.closeRound(net.coordinator, 3);
        assertThat(RecordJson.read(net.evaluate(net.auditor, t -> t.c().getRound(t.ctx(), "mnist", "3")),
                RoundRecord.class).accepted()).hasSize(2);
    }

    @Test
    void equally_negative_candidates_are_suspended_in_contributor_id_order_up_to_the_cap() {
        finalRound(1, id -> -4);
        finalRound(2, id -> -4);
        String first = all().stream().map(TestIdentity::id).sorted().findFirst().orElseThrow();
        assertThat(penalties(2)).hasSize(3).allSatisfy(p -> assertThat(p.suspendedUntilRound()).as(p.subject())
                .isEqualTo(p.subject().equals(first) ? 3 : 0));
    }

    /** The standard task whose penalties leave {@code permille} of the weight for one round and cost {@code credits}. */
    private static String taskLoweringWeight(int permille, long credits) {
        return Consortium.taskJson(Map.of("incentives", Map.of("method", "SHAPLEY",
                "validationSetHash", ContentHash.of(new byte[] {1}).hex(), "creditPerSample", 1,
                "negativeRoundsToSuspend", 2, "suspensionRounds", 1, "reputationWeights", false,
                "penaltyWeightPermille", permille, "penaltyCredits", credits)));
    }

    private RoundRecord round(int round) {
        return RecordJson.read(net.evaluate(net.auditor, t -> t.c().getRound(t.ctx(), "mnist", String.valueOf(round))),
                RoundRecord.class);
    }

    /**
     * A task whose penalties lower weight: two negative rounds admit trainer 3 in round 3 at a tenth of its
     * 100 samples instead of refusing it, cost it 7 credits, and from round 4 it weighs 100 again.
     */
    @Test
    void a_penalty_that_lowers_weight_admits_the_contributor_at_its_share_for_the_tasks_rounds_and_costs_credits() {
        net = Consortium.fresh();
        net.registered().withTask(taskLoweringWeight(100, 7));
        finalRound(1, all(), -6, null);
        finalRound(2, all(), -6, null);

        PenaltyRecord p = penalties(2).get(0);
        assertThat(penalties(2)).hasSize(1);
        assertThat(p.subject()).isEqualTo(net.trainer3.id());
        assertThat(p.kind()).isEqualTo(PenaltyKind.NEGATIVE_CONTRIBUTION);
        assertThat(p.suspendedUntilRound()).as("nothing suspended").isZero();
        assertThat(p.weightPermille()).isEqualTo(100);
        assertThat(p.weightUntilRound()).isEqualTo(3);
        assertThat(p.creditCost()).isEqualTo(7L);
        SuspensionRecord restriction = RecordJson.read(net.ledger.valueUtf8(Keys.suspension("mnist",
                net.trainer3.id())).orElseThrow(), SuspensionRecord.class);
        assertThat(restriction.weightPermille()).isEqualTo(100);
        assertThat(restriction.refuses(3)).isFalse();
        CreditRecord credit = RecordJson.read(net.ledger.valueUtf8(Keys.credit("mnist", net.trainer3.id()))
                .orElseThrow(), CreditRecord.class);
        assertThat(credit.penaltyCredit()).isEqualTo(7L);
        assertThat(RecordJson.read(net.ledger.valueUtf8(Keys.credit("mnist", net.trainer1.id())).orElseThrow(),
                CreditRecord.class).penaltyCredit()).as("unpenalised: no field").isNull();

        finalRound(3, all(), 6, null);
        assertThat(round(3).accepted()).as("admitted, at a tenth of its weight").allSatisfy(a -> assertThat(a.samples())
                .as(a.contributor()).isEqualTo(a.contributor().equals(net.trainer3.id()) ? 10L : 100L));
        finalRound(4, all(), 6, null);
        assertThat(round(4).accepted()).extracting(AcceptedUpdate::samples).containsOnly(100L);
    }

    /** A penalty that lowers weight removes nobody, so the cap on suspensions does not hold it back. */
    @Test
    void under_penalties_that_lower_weight_every_candidate_is_penalised_and_the_round_keeps_every_contributor() {
        net = Consortium.fresh();
        net.registered().withTask(taskLoweringWeight(0, 1));
        finalRound(1, id -> -4);
        finalRound(2, id -> -4);
        assertThat(penalties(2)).hasSize(3).allSatisfy(p -> {
            assertThat(p.suspendedUntilRound()).as(p.subject()).isZero();
            assertThat(p.weightPermille()).as(p.subject()).isZero();
        });
        finalRound(3, all(), 6, null);
        assertThat(round(3).accepted()).as("every weight lowered to the least, 1").hasSize(3)
                .extracting(AcceptedUpdate::samples).containsOnly(1L);
    }

    /** FedAvg clipping every update to norm 10: model(s) is {@code 2.29 s} from model(0). */
    private static final RuleSpec CLIP_10 = RuleSpec.of(RuleName.FEDAVG, Map.of("clip_norm", "10"));

    /**
     * Rounds in which the rule discards at least the task's share of an update extend the streak: clipping
     * cuts 91% off trainer 3's update in two rounds in a row, which penalises it although the quorum valued
     * its update highest, naming each round's {@code setAside} entry.
     */
    @Test
    void rounds_set_aside_by_the_rule_in_a_row_penalise_the_contributor_naming_each_rounds_entry() {
        net = Consortium.fresh();
        net.registered().withTask(Consortium.taskJson(Map.of("rule", Map.of("name", "fedavg", "params",
                Map.of("clip_norm", "10")), "incentives", Map.of("method", "SHAPLEY", "validationSetHash",
                        ContentHash.of(new byte[] {1}).hex(), "creditPerSample", 1, "negativeRoundsToSuspend", 2,
                        "suspensionRounds", 1, "reputationWeights", false, "setAsidePermille", 500))));
        RoundContributionsRecord first = clippedRound(1, CLIP_10, new float[] {1f, 2f, 50f});
        assertThat(first.setAside()).containsExactly(net.trainer3.id());
        assertThat(first.outOfLine()).isNull();
        assertThat(penalties(1)).isEmpty();
        // Round 2's base is about model(2.45): trainers 1 and 2 stay within the bound, trainer 3 is cut again.
        RoundContributionsRecord second = clippedRound(2, CLIP_10, new float[] {1f, 2f, 500f});
        assertThat(second.setAside()).containsExactly(net.trainer3.id());

        PenaltyRecord p = penalties(2).get(0);
        assertThat(penalties(2)).hasSize(1);
        assertThat(p.subject()).isEqualTo(net.trainer3.id());
        assertThat(p.kind()).isEqualTo(PenaltyKind.SET_ASIDE_ROUNDS);
        assertThat(p.suspendedUntilRound()).isEqualTo(3);
        assertThat(p.evidence()).containsExactly(
                new Evidence(first.txId(), Keys.printable(Keys.roundContributions("mnist", 1)), "setAside[0]"),
                new Evidence(second.txId(), Keys.printable(Keys.roundContributions("mnist", 2)), "setAside[0]"));
    }
}

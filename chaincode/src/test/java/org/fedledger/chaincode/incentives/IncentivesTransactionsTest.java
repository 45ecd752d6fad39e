package org.fedledger.chaincode.incentives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fedledger.chaincode.Consortium.assertCode;

import java.util.List;
import java.util.Map;
import org.fedledger.chaincode.Consortium;
import org.fedledger.chaincode.errors.FedLedgerException;
import org.fedledger.chaincode.testing.TestIdentity;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.model.ContentHash;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.record.AcceptedUpdate;
import org.fedledger.protocol.record.ContributionMethod;
import org.fedledger.protocol.record.ContributionScore;
import org.fedledger.protocol.record.ContributionVector;
import org.fedledger.protocol.record.CreditRecord;
import org.fedledger.protocol.record.ProposalRecord;
import org.fedledger.protocol.record.PenaltyRecord;
import org.fedledger.protocol.record.PenaltyKind;
import org.fedledger.protocol.record.Evidence;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.ReputationRecord;
import org.fedledger.protocol.record.RoundContributionsRecord;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.TaskIncentivesRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Issue 24: contributions attested with the model, agreed by quorum, credits and reputation at FINAL. */
class IncentivesTransactionsTest {
    private static final ContentHash VALIDATION_SET = ContentHash.of(new byte[] {1, 2, 3});

    private final Consortium net = Consortium.fresh();
    private Consortium.Proposal honest;
    private List<String> contributors;

    static String incentiveTask(String method, int maxUpdates) {
        return Consortium.taskJson(Map.of("maxUpdates", maxUpdates, "incentives", Map.of("method", method,
                "validationSetHash", VALIDATION_SET.hex(), "creditPerSample", 10, "negativeRoundsToSuspend", 0,
                "suspensionRounds", 0, "reputationWeights", false)));
    }

    @BeforeEach
    void proposedRound() {
        net.registered().withTask(incentiveTask("SHAPLEY", 9));
        net.openRound();
        net.closedRoundWithThreeUpdates(1);
        honest = net.aggregate(1, RuleSpec.of(RuleName.FEDAVG));
        net.propose(1, honest);
        RoundRecord round = RecordJson.read(net.evaluate(net.auditor, t -> t.c().getRound(t.ctx(), "mnist", "1")),
                RoundRecord.class);
        contributors = round.accepted().stream().map(AcceptedUpdate::contributor).toList();
    }

    /** Shapley values of the three trainers in update-key order, times 3! = 6. */
    private ContributionVector vector(long... values) {
        return new ContributionVector(ContributionMethod.SHAPLEY, 6, contributors,
                java.util.Arrays.stream(values).boxed().toList());
    }

    private String attest(TestIdentity verifier, ContributionVector v) {
        return net.submit(verifier, t -> t.c().attestModelWithContributions(t.ctx(), "mnist", "1", "1", "AGREE",
                honest.outputHash(), RecordJson.write(v)));
    }

    private String state() {
        return (String) Consortium.json(net.evaluate(net.auditor, t -> t.c().getRound(t.ctx(), "mnist", "1")))
                .get("state");
    }

    @Nested
    class CreateTask {
        @Test
        void stores_the_rules_under_their_own_key_and_a_task_without_them_has_none() {
            TaskIncentivesRecord rules = RecordJson.read(net.evaluate(net.auditor,
                    t -> t.c().getTaskIncentives(t.ctx(), "mnist")), TaskIncentivesRecord.class);
            assertThat(rules.rules().method()).isEqualTo(ContributionMethod.SHAPLEY);
            assertThat(rules.rules().validationSetHash()).isEqualTo(VALIDATION_SET);
            assertThat(rules.rules().creditPerSample()).isEqualTo(10);

            Consortium plain = Consortium.fresh().registered().withTask();
            assertThat(plain.ledger.value(Keys.taskIncentives("mnist"))).isEmpty();
            assertCode(plain.refused(plain.auditor, t -> t.c().getTaskIncentives(t.ctx(), "mnist")),
                    ErrorCode.NOT_FOUND);
        }

        @Test
        void the_default_scores_are_stored_as_their_absence_so_older_rules_keep_their_bytes() {
            for (String score : List.of("none", "CORRECT")) {
                Consortium c = Consortium.fresh().registered();
                Map<String, Object> rules = new java.util.LinkedHashMap<>(Map.of("method", "SHAPLEY",
                        "validationSetHash", VALIDATION_SET.hex(), "creditPerSample", 10, "negativeRoundsToSuspend", 0,
                        "suspensionRounds", 0, "reputationWeights", false));
                if (!score.equals("none")) {
                    rules.put("score", score);
                    rules.put("reputationScore", "NON_NEGATIVE_RANK");
                }
                c.withTask(Consortium.taskJson(Map.of("maxUpdates", 9, "incentives", rules)));
                String stored = new String(c.ledger.value(Keys.taskIncentives("mnist")).orElseThrow(),
                        java.nio.charset.StandardCharsets.UTF_8);
                assertThat(stored).as(score).doesNotContain("score").doesNotContain("reputationScore");
                assertThat(RecordJson.read(stored, TaskIncentivesRecord.class).rules().scoring())
                        .isEqualTo(ContributionScore.CORRECT);
            }
        }

        @Test
        void a_task_scored_by_loss_keeps_its_score_and_takes_vectors_at_the_method_scale_times_a_million() {
            Consortium c = Consortium.fresh().registered().withTask(Consortium.taskJson(Map.of("maxUpdates", 9,
                    "incentives", Map.of("method", "SHAPLEY", "validationSetHash", VALIDATION_SET.hex(),
                            "creditPerSample", 10, "negativeRoundsToSuspend", 0, "suspensionRounds", 0,
                            "reputationWeights", false, "score", "LOG_LOSS"))));
            TaskIncentivesRecord rules = RecordJson.read(c.evaluate(c.auditor,
                    t -> t.c().getTaskIncentives(t.ctx(), "mnist")), TaskIncentivesRecord.class);
            assertThat(rules.rules().scoring()).isEqualTo(ContributionScore.LOG_LOSS);
            c.openRound();
            c.closedRoundWithThreeUpdates(1);
            Consortium.Proposal output = c.aggregate(1, RuleSpec.of(RuleName.FEDAVG));
            c.propose(1, output);
            List<String> who = RecordJson.read(c.evaluate(c.auditor, t -> t.c().getRound(t.ctx(), "mnist", "1")),
                    RoundRecord.class).accepted().stream().map(AcceptedUpdate::contributor).toList();

            FedLedgerException e = c.refused(c.verifier2, t -> t.c().attestModelWithContributions(t.ctx(), "mnist",
                    "1", "1", "AGREE", output.outputHash(), RecordJson.write(new ContributionVector(
                            ContributionMethod.SHAPLEY, 6, who, List.of(1L, 2L, 3L)))));
            assertCode(e, ErrorCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains("scale 6000000");
            c.submit(c.verifier2, t -> t.c().attestModelWithContributions(t.ctx(), "mnist", "1", "1", "AGREE",
                    output.outputHash(), RecordJson.write(new ContributionVector(ContributionMethod.SHAPLEY,
                            6_000_000, who, List.of(1L, 2L, 3L)))));
            assertThat(c.ledger.value(Keys.attestation("mnist", 1, 1, "Org2MSP"))).isPresent();
        }

        @Test
        void refuses_an_out_of_line_factor_below_two_or_with_a_rule_that_records_no_update_norm() {
            Map<String, Object> clipped = Map.of("name", "fedavg", "params", Map.of("clip_norm", "1000"));
            for (Object[] c : new Object[][] {{1, 16, clipped, "taskJson.incentives.outOfLineFactor"},
                    {3, 16, Map.of("name", "fedavg", "params", Map.of()), "taskJson.incentives.outOfLineFactor"},
                    {3, 16, Map.of("name", "median", "params", Map.of()), "taskJson.incentives.outOfLineFactor"},
                    {3, 0, clipped, "taskJson.incentives.localBatch"},
                    {null, 16, clipped, "taskJson.incentives.localBatch"}}) {
                Consortium fresh = Consortium.fresh().registered();
                FedLedgerException e = fresh.refused(fresh.coordinator, Consortium.chunks(
                        org.fedledger.protocol.key.TransientKeys.MODEL_PREFIX, org.fedledger.core.model.ModelCodec.encode(
                                Consortium.initialModel()), 1), t -> t.c().createTask(t.ctx(), outOfLineTask(c[2],
                                        (Integer) c[0], (Integer) c[1])));
                assertCode(e, ErrorCode.INVALID_ARGUMENT);
                assertThat(e.field()).as("factor %s, batch %s, rule %s", c[0], c[1], c[2]).hasValue((String) c[3]);
                assertThat(fresh.ledger.value(Keys.task("mnist"))).as("nothing written").isEmpty();
            }
            Consortium fresh = Consortium.fresh().registered().withTask(outOfLineTask(clipped, 3, 16));
            assertThat(fresh.ledger.valueUtf8(Keys.taskIncentives("mnist")).orElseThrow())
                    .contains("\"outOfLineFactor\":3").contains("\"localBatch\":16");
        }

        /** A task marking updates out of line by {@code factor} (none when null) in steps of {@code batch} samples. */
        private static String outOfLineTask(Object rule, Integer factor, int batch) {
            Map<String, Object> incentives = new java.util.TreeMap<>(Map.of("method", "SHAPLEY",
                    "validationSetHash", VALIDATION_SET.hex(), "creditPerSample", 10, "negativeRoundsToSuspend", 0,
                    "suspensionRounds", 0, "reputationWeights", false, "localBatch", batch));
            if (factor != null) {
                incentives.put("outOfLineFactor", factor);
            }
            return Consortium.taskJson(Map.of("rule", rule, "incentives", incentives));
        }

        @Test
        void refuses_a_set_aside_share_or_penalty_effects_the_rules_cannot_apply() {
            Map<String, Object> fedavg = Map.of("name", "fedavg", "params", Map.of());
            Map<String, Object> trimmed = Map.of("name", "trimmed_mean", "params", Map.of("beta", "0.34"));
            for (Object[] c : new Object[][] {
                    {fedavg, Map.of("setAsidePermille", 500), "taskJson.incentives.setAsidePermille"},
                    {trimmed, Map.of("setAsidePermille", 0), "taskJson.incentives.setAsidePermille"},
                    {trimmed, Map.of("setAsidePermille", 1001), "taskJson.incentives.setAsidePermille"},
                    {fedavg, Map.of("penaltyCredits", 5, "negativeRoundsToSuspend", 0),
                            "taskJson.incentives.penaltyCredits"},
                    {fedavg, Map.of("penaltyCredits", 0), "taskJson.incentives.penaltyCredits"},
                    {fedavg, Map.of("penaltyWeightPermille", 1000), "taskJson.incentives.penaltyWeightPermille"},
                    {fedavg, Map.of("penaltyWeightPermille", 100, "negativeRoundsToSuspend", 0),
                            "taskJson.incentives.penaltyWeightPermille"},
                    {fedavg, Map.of("penaltyWeightPermille", 100, "suspensionRounds", 0),
                            "taskJson.incentives.suspensionRounds"}}) {
                Consortium fresh = Consortium.fresh().registered();
                @SuppressWarnings("unchecked")
                Map<String, Object> fields = (Map<String, Object>) c[1];
                FedLedgerException e = fresh.refused(fresh.coordinator, Consortium.chunks(
                        org.fedledger.protocol.key.TransientKeys.MODEL_PREFIX, org.fedledger.core.model.ModelCodec.encode(
                                Consortium.initialModel()), 1), t -> t.c().createTask(t.ctx(), penaltyTask(c[0], fields)));
                assertCode(e, ErrorCode.INVALID_ARGUMENT);
                assertThat(e.field()).as("rule %s, fields %s", c[0], c[1]).hasValue((String) c[2]);
                assertThat(fresh.ledger.value(Keys.task("mnist"))).as("nothing written").isEmpty();
            }
            Consortium fresh = Consortium.fresh().registered().withTask(penaltyTask(trimmed, Map.of("setAsidePermille",
                    900, "penaltyCredits", 5, "penaltyWeightPermille", 0)));
            assertThat(fresh.ledger.valueUtf8(Keys.taskIncentives("mnist")).orElseThrow()).contains(
                    "\"setAsidePermille\":900").contains("\"penaltyCredits\":5").contains("\"penaltyWeightPermille\":0");
        }

        /** A task penalising after two rounds for one round under {@code rule}, with {@code fields} over those. */
        private static String penaltyTask(Object rule, Map<String, Object> fields) {
            Map<String, Object> incentives = new java.util.TreeMap<>(Map.of("method", "SHAPLEY",
                    "validationSetHash", VALIDATION_SET.hex(), "creditPerSample", 10, "negativeRoundsToSuspend", 2,
                    "suspensionRounds", 1, "reputationWeights", false));
            incentives.putAll(fields);
            return Consortium.taskJson(Map.of("rule", rule, "incentives", incentives));
        }

        @Test
        void refuses_a_reputation_memory_below_two_rounds_or_above_a_million_and_stores_one_between() {
            Map<String, Object> fedavg = Map.of("name", "fedavg", "params", Map.of());
            for (int memory : new int[] {-1, 0, 1, 1_000_001}) {
                Consortium fresh = Consortium.fresh().registered();
                FedLedgerException e = fresh.refused(fresh.coordinator, Consortium.chunks(
                        org.fedledger.protocol.key.TransientKeys.MODEL_PREFIX, org.fedledger.core.model.ModelCodec.encode(
                                Consortium.initialModel()), 1), t -> t.c().createTask(t.ctx(), penaltyTask(fedavg,
                                        Map.of("reputationMemory", memory, "reputationScore", "SHARE"))));
                assertCode(e, ErrorCode.INVALID_ARGUMENT);
                assertThat(e.field()).as("memory %d", memory).hasValue("taskJson.incentives.reputationMemory");
                assertThat(fresh.ledger.value(Keys.task("mnist"))).as("nothing written").isEmpty();
            }
            Consortium fresh = Consortium.fresh().registered().withTask(penaltyTask(fedavg, Map.of("reputationMemory",
                    30, "reputationScore", "SHARE")));
            assertThat(fresh.ledger.valueUtf8(Keys.taskIncentives("mnist")).orElseThrow())
                    .contains("\"reputationMemory\":30").contains("\"reputationScore\":\"SHARE\"");
        }

        @Test
        void refuses_exact_shapley_for_more_than_nine_updates_a_round() {
            Consortium more = Consortium.fresh().registered();
            FedLedgerException e = more.refused(more.coordinator, Consortium.chunks(
                    org.fedledger.protocol.key.TransientKeys.MODEL_PREFIX, org.fedledger.core.model.ModelCodec.encode(
                            Consortium.initialModel()), 1),
                    t -> t.c().createTask(t.ctx(), incentiveTask("SHAPLEY", 10)));
            assertCode(e, ErrorCode.INVALID_ARGUMENT);
            assertThat(e.field()).hasValue("taskJson.incentives.method");
        }
    }

    @Nested
    class AttestWithContributions {
        @Test
        void an_agree_without_contributions_is_refused_and_writes_nothing() {
            FedLedgerException e = net.refused(net.verifier2, t -> t.c().attestModel(t.ctx(), "mnist", "1", "1",
                    "AGREE", honest.outputHash()));
            assertCode(e, ErrorCode.INVALID_ARGUMENT);
            assertThat(e.field()).hasValue("contributionsJson");
        }

        @Test
        void a_disagree_needs_no_contributions() {
            net.attest(net.verifier2, 1, 1, "DISAGREE", ContentHash.of(new byte[] {9}).hex());
            assertThat(net.ledger.value(Keys.attestation("mnist", 1, 1, "Org2MSP"))).isPresent();
        }

        @Test
        void refuses_contributions_for_other_contributors_or_another_scale() {
            List<String> reversed = new java.util.ArrayList<>(contributors);
            java.util.Collections.reverse(reversed);
            for (ContributionVector wrong : List.of(
                    new ContributionVector(ContributionMethod.SHAPLEY, 6, reversed, List.of(1L, 2L, 3L)),
                    new ContributionVector(ContributionMethod.SHAPLEY, 1, contributors, List.of(1L, 2L, 3L)),
                    new ContributionVector(ContributionMethod.LEAVE_ONE_OUT, 1, contributors, List.of(1L, 2L, 3L)),
                    new ContributionVector(ContributionMethod.SHAPLEY, 6, contributors.subList(0, 2), List.of(1L, 2L)))) {
                FedLedgerException e = net.refused(net.verifier2, t -> t.c().attestModelWithContributions(t.ctx(),
                        "mnist", "1", "1", "AGREE", honest.outputHash(), RecordJson.write(wrong)));
                assertCode(e, ErrorCode.INVALID_ARGUMENT);
                assertThat(e.field()).hasValue("contributionsJson");
            }
            FedLedgerException e = net.refused(net.verifier2, t -> t.c().attestModelWithContributions(t.ctx(),
                    "mnist", "1", "1", "AGREE", honest.outputHash(), "{\"not\":\"a vector\"}"));
            assertCode(e, ErrorCode.INVALID_ARGUMENT);
        }

        @Test
        void refuses_contributions_on_a_task_without_incentives() {
            Consortium plain = Consortium.fresh().registered().withTask();
            plain.openRound();
            plain.closedRoundWithThreeUpdates(1);
            Consortium.Proposal p = plain.aggregate(1, RuleSpec.of(RuleName.FEDAVG));
            plain.propose(1, p);
            FedLedgerException e = plain.refused(plain.verifier2, t -> t.c().attestModelWithContributions(t.ctx(),
                    "mnist", "1", "1", "AGREE", p.outputHash(), RecordJson.write(vector(1, 2, 3))));
            assertCode(e, ErrorCode.INVALID_ARGUMENT);
        }

        @Test
        void writes_the_attestation_and_the_contributions_beside_it_and_decides_nothing() {
            attest(net.verifier2, vector(60, 30, -6));
            assertThat(net.lastStub().readWriteSet().writes()).containsOnlyKeys(
                    Keys.attestation("mnist", 1, 1, "Org2MSP"), Keys.contributionAttestation("mnist", 1, 1, "Org2MSP"));
            assertThat(state()).isEqualTo("PROPOSED");
        }
    }

    @Nested
    class Resolve {
        @Test
        void a_quorum_on_output_and_contributions_makes_the_round_final_and_writes_credits_and_reputation() {
            attest(net.verifier2, vector(60, 30, -6));
            attest(net.verifier3, vector(60, 30, -6));
            assertThat(Consortium.json(net.resolve(net.coordinator, 1))).containsEntry("state", "FINAL");

            RoundContributionsRecord agreed = RecordJson.read(net.evaluate(net.auditor,
                    t -> t.c().getRoundContributions(t.ctx(), "mnist", "1")), RoundContributionsRecord.class);
            assertThat(agreed.contributions()).isEqualTo(vector(60, 30, -6));
            assertThat(agreed.agreeing()).containsExactly("Org2MSP", "Org3MSP");
            assertThat(agreed.dissenting()).isEmpty();

            // Samples 100, 300, 600 from Org1, Org2, Org3: the admission scaled Org3 down to its 50 % share, 400.
            Map<String, Long> samplesOf = Map.of(net.trainer1.id(), 100L, net.trainer2.id(), 300L, net.trainer3.id(), 400L);
            List<CreditRecord> credits = RecordJson.readList(net.evaluate(net.auditor,
                    t -> t.c().listCredits(t.ctx(), "mnist")), CreditRecord.class);
            assertThat(credits).hasSize(3);
            for (CreditRecord c : credits) {
                int i = contributors.indexOf(c.contributor());
                long value = agreed.contributions().values().get(i);
                assertThat(c.dataCredit()).isEqualTo(samplesOf.get(c.contributor()));
                assertThat(c.contributionCredit()).isEqualTo(Math.max(0, value) * 10 / 6);
                assertThat(c.rounds()).isEqualTo(1);
            }
            // Scores by rank: the best 1,000,000, the middle 500,000, the negative 0; r = (7 * 500,000 + s) / 8.
            Map<Long, Long> reputationByValue = Map.of(60L, 562_500L, 30L, 500_000L, -6L, 437_500L);
            for (int i = 0; i < 3; i++) {
                String who = contributors.get(i);
                ReputationRecord r = RecordJson.read(net.evaluate(net.auditor, t -> t.c().getReputation(t.ctx(), who)),
                        ReputationRecord.class);
                assertThat(r.reputation()).isEqualTo(reputationByValue.get(vector(60, 30, -6).values().get(i)));
                assertThat(r.rounds()).isEqualTo(1);
            }
        }

        @Test
        void a_verifier_lying_about_contributions_is_outvoted_and_named_as_dissenting() {
            // Org1's verifier (the proposer's organisation, not eligible) attests other contributions.
            attest(net.verifier1, vector(-60, 300, 6));
            attest(net.verifier2, vector(60, 30, -6));
            attest(net.verifier3, vector(60, 30, -6));
            assertThat(Consortium.json(net.resolve(net.coordinator, 1))).containsEntry("state", "FINAL");
            RoundContributionsRecord agreed = RecordJson.read(net.ledger.valueUtf8(Keys.roundContributions("mnist", 1))
                    .orElseThrow(), RoundContributionsRecord.class);
            assertThat(agreed.contributions()).isEqualTo(vector(60, 30, -6));
            assertThat(agreed.dissenting()).containsExactly("Org1MSP");
            assertThat(net.ledger.value(Keys.penalty("mnist", 1, "Org1MSP"))).isPresent();
        }

        @Test
        void eligible_verifiers_that_disagree_on_contributions_dispute_the_round_and_credit_nothing() {
            attest(net.verifier2, vector(60, 30, -6));
            attest(net.verifier3, vector(-60, 300, 6));
            assertThat(Consortium.json(net.resolve(net.coordinator, 1))).containsEntry("state", "DISPUTED");
            assertThat(net.ledger.value(Keys.roundContributions("mnist", 1))).isEmpty();
            assertThat(net.ledger.value(Keys.credit("mnist", contributors.get(0)))).isEmpty();
            assertThat(net.ledger.value(Keys.reputation(contributors.get(0)))).isEmpty();
            assertThat(penalties(1)).as("a split on contributions is not the proposer's doing").isEmpty();
        }

        @Test
        void a_proposal_whose_output_the_quorum_disagrees_with_penalises_its_proposer_naming_each_disagreement() {
            net.attest(net.verifier2, 1, 1, "DISAGREE", ContentHash.of(new byte[] {7}).hex());
            net.attest(net.verifier3, 1, 1, "DISAGREE", ContentHash.of(new byte[] {7}).hex());
            assertThat(Consortium.json(net.resolve(net.coordinator, 1))).containsEntry("state", "DISPUTED");
            String resolving = net.lastStub().getTxId();

            ProposalRecord proposal = RecordJson.read(net.ledger.valueUtf8(Keys.proposal("mnist", 1, 1)).orElseThrow(),
                    ProposalRecord.class);
            PenaltyRecord p = RecordJson.read(net.ledger.valueUtf8(Keys.proposalPenalty("mnist", 1,
                    proposal.proposer(), 1)).orElseThrow(), PenaltyRecord.class);
            assertThat(p.kind()).isEqualTo(PenaltyKind.PROPOSAL_DISPUTED);
            assertThat(p.subject()).isEqualTo(proposal.proposer());
            assertThat(p.suspendedUntilRound()).isZero();
            assertThat(p.txId()).isEqualTo(resolving);
            assertThat(p.evidence()).extracting(Evidence::key).containsExactly(
                    Keys.printable(Keys.proposal("mnist", 1, 1)), Keys.printable(Keys.attestation("mnist", 1, 1, "Org2MSP")),
                    Keys.printable(Keys.attestation("mnist", 1, 1, "Org3MSP")));
            assertThat(p.evidence()).extracting(Evidence::field).containsExactly("outputHash", "verdict", "verdict");
            // The round's penalty list shows it beside any other; a second proposal goes on.
            assertThat(penalties(1)).containsExactly(p);
        }

        @Test
        void a_task_that_opts_out_or_was_created_before_the_penalty_records_no_disputed_proposal() {
            // The standard task was created without the field: createTask stored true.
            assertThat(net.ledger.valueUtf8(Keys.taskIncentives("mnist")).orElseThrow())
                    .contains("\"disputedProposals\":true");
            Consortium optedOut = Consortium.fresh().registered().withTask(Consortium.taskJson(Map.of("incentives",
                    Map.of("method", "SHAPLEY", "validationSetHash", VALIDATION_SET.hex(), "creditPerSample", 10,
                            "negativeRoundsToSuspend", 0, "suspensionRounds", 0, "reputationWeights", false,
                            "disputedProposals", false))));
            assertThat(optedOut.ledger.valueUtf8(Keys.taskIncentives("mnist")).orElseThrow())
                    .contains("\"disputedProposals\":false");
            optedOut.openRound();
            optedOut.closedRoundWithThreeUpdates(1);
            optedOut.propose(1, optedOut.aggregate(1, RuleSpec.of(RuleName.FEDAVG)));
            optedOut.attest(optedOut.verifier2, 1, 1, "DISAGREE", ContentHash.of(new byte[] {7}).hex());
            optedOut.attest(optedOut.verifier3, 1, 1, "DISAGREE", ContentHash.of(new byte[] {7}).hex());
            assertThat(Consortium.json(optedOut.resolve(optedOut.coordinator, 1))).containsEntry("state", "DISPUTED");
            assertThat(RecordJson.readList(optedOut.evaluate(optedOut.auditor, t -> t.c().listPenalties(t.ctx(),
                    "mnist", "1")), PenaltyRecord.class)).isEmpty();
            // A stored rule without the field (a task created before the penalty existed) penalises nothing.
            assertThat(new org.fedledger.protocol.record.IncentiveRules(ContributionMethod.SHAPLEY, VALIDATION_SET, 10)
                    .penalisesDisputedProposals()).isFalse();
        }

        private List<PenaltyRecord> penalties(int round) {
            return RecordJson.readList(net.evaluate(net.auditor, t -> t.c().listPenalties(t.ctx(), "mnist",
                    String.valueOf(round))), PenaltyRecord.class);
        }

        @Test
        void one_agreement_on_contributions_waits_for_the_other() {
            attest(net.verifier2, vector(60, 30, -6));
            assertCode(net.refused(net.coordinator, t -> t.c().resolveRound(t.ctx(), "mnist", "1")),
                    ErrorCode.RESOLUTION_PENDING);
        }
    }

    @Test
    void a_contributor_never_scored_has_the_initial_reputation() {
        ReputationRecord r = RecordJson.read(net.evaluate(net.auditor, t -> t.c().getReputation(t.ctx(), "x509::CN=new")),
                ReputationRecord.class);
        assertThat(r.reputation()).isEqualTo(ReputationRecord.INITIAL);
        assertThat(r.rounds()).isZero();
    }
}

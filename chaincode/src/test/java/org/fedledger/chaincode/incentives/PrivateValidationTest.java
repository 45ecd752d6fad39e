package org.fedledger.chaincode.incentives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fedledger.chaincode.Consortium.assertCode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
import org.fedledger.protocol.record.ContributionVector;
import org.fedledger.protocol.record.CreditRecord;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.RoundContributionsRecord;
import org.fedledger.protocol.record.TaskIncentivesRecord;
import org.fedledger.protocol.record.ValidationMode;
import org.fedledger.protocol.record.ValidationSetRecord;
import org.junit.jupiter.api.Test;

/**
 * Issue 24, private validation sets: each organisation commits its own set by hash before the rounds it
 * values, the quorum agrees on the output alone, and the round's contributions are the median of the
 * vectors of every organisation that agreed, so that no single organisation decides another's value.
 */
class PrivateValidationTest {
    private static final ContentHash SET1 = ContentHash.of(new byte[] {1});
    private static final ContentHash SET2 = ContentHash.of(new byte[] {2});
    private static final ContentHash SET3 = ContentHash.of(new byte[] {3});

    private final Consortium net = Consortium.fresh();

    static Map<String, Object> privateRules() {
        return new LinkedHashMap<>(Map.of("method", "SHAPLEY", "validationMode", "PRIVATE", "creditPerSample", 10,
                "negativeRoundsToSuspend", 0, "suspensionRounds", 0, "reputationWeights", false));
    }

    private Consortium privateTask() {
        return net.registered().withTask(Consortium.taskJson(Map.of("maxUpdates", 9, "incentives", privateRules())));
    }

    private String commit(TestIdentity verifier, ContentHash set) {
        return net.submit(verifier, t -> t.c().commitValidationSet(t.ctx(), "mnist", set.hex()));
    }

    /** Opens round 1, admits three updates and proposes FedAvg; returns the proposal. */
    private Consortium.Proposal proposedRound() {
        net.openRound();
        net.closedRoundWithThreeUpdates(1);
        Consortium.Proposal output = net.aggregate(1, RuleSpec.of(RuleName.FEDAVG));
        net.propose(1, output);
        return output;
    }

    /** The private task, each organisation's set committed before round 1, round 1 proposed. */
    private Consortium.Proposal everyOrganisationCommittedAndRoundProposed() {
        privateTask();
        commit(net.verifier1, SET1);
        commit(net.verifier2, SET2);
        commit(net.verifier3, SET3);
        return proposedRound();
    }

    private List<String> contributors() {
        return net.round(1).accepted().stream().map(AcceptedUpdate::contributor).toList();
    }

    private ContributionVector vector(long... values) {
        return new ContributionVector(ContributionMethod.SHAPLEY, 6, contributors(),
                Arrays.stream(values).boxed().toList());
    }

    private String attest(TestIdentity verifier, Consortium.Proposal output, ContributionVector v) {
        return net.submit(verifier, t -> t.c().attestModelWithContributions(t.ctx(), "mnist", "1", "1", "AGREE",
                output.outputHash(), RecordJson.write(v)));
    }

    private FedLedgerException attestRefused(TestIdentity verifier, Consortium.Proposal output, ContributionVector v) {
        return net.refused(verifier, t -> t.c().attestModelWithContributions(t.ctx(), "mnist", "1", "1", "AGREE",
                output.outputHash(), RecordJson.write(v)));
    }

    private RoundContributionsRecord agreed() {
        return RecordJson.read(net.evaluate(net.auditor, t -> t.c().getRoundContributions(t.ctx(), "mnist", "1")),
                RoundContributionsRecord.class);
    }

    @Test
    void a_private_task_names_no_shared_set_and_a_shared_one_must_name_it() {
        privateTask();
        TaskIncentivesRecord stored = RecordJson.read(net.evaluate(net.auditor,
                t -> t.c().getTaskIncentives(t.ctx(), "mnist")), TaskIncentivesRecord.class);
        assertThat(stored.rules().validationMode()).isEqualTo(ValidationMode.PRIVATE);
        assertThat(stored.rules().validationSetHash()).isNull();

        Map<String, Object> both = privateRules();
        both.put("validationSetHash", SET1.hex());
        Consortium c = Consortium.fresh().registered();
        FedLedgerException e = c.refused(c.coordinator, t -> t.c().createTask(t.ctx(),
                Consortium.taskJson(Map.of("maxUpdates", 9, "incentives", both))));
        assertCode(e, ErrorCode.INVALID_ARGUMENT);
        assertThat(e.getMessage()).contains("taskJson.incentives").contains("validationSetHash");

        Map<String, Object> neither = privateRules();
        neither.remove("validationMode");
        e = c.refused(c.coordinator, t -> t.c().createTask(t.ctx(),
                Consortium.taskJson(Map.of("maxUpdates", 9, "incentives", neither))));
        assertCode(e, ErrorCode.INVALID_ARGUMENT);
        assertThat(e.getMessage()).contains("validationSetHash is required");

        Map<String, Object> shared = privateRules();
        shared.put("validationMode", "SHARED");
        shared.put("validationSetHash", SET1.hex());
        c.withTask(Consortium.taskJson(Map.of("maxUpdates", 9, "incentives", shared)));
        String bytes = new String(c.ledger.value(Keys.taskIncentives("mnist")).orElseThrow(), StandardCharsets.UTF_8);
        assertThat(bytes).as("the default stored as its absence").doesNotContain("validationMode");
    }

    @Test
    void each_organisation_commits_its_set_once_by_a_verifier_and_it_values_the_rounds_opened_after_it() {
        privateTask();
        ValidationSetRecord mine = RecordJson.read(commit(net.verifier2, SET2), ValidationSetRecord.class);
        assertThat(mine.msp()).isEqualTo("Org2MSP");
        assertThat(mine.validationSetHash()).isEqualTo(SET2);
        assertThat(mine.fromRound()).isEqualTo(1);

        FedLedgerException again = net.refused(net.verifier2, t -> t.c().commitValidationSet(t.ctx(), "mnist",
                SET3.hex()));
        assertCode(again, ErrorCode.ALREADY_EXISTS);
        assertThat(again.getMessage()).contains(SET2.hex()).contains("never replaced");
        assertCode(net.refused(net.trainer3, t -> t.c().commitValidationSet(t.ctx(), "mnist", SET3.hex())),
                ErrorCode.FORBIDDEN);
        assertCode(net.refused(net.verifier3, t -> t.c().commitValidationSet(t.ctx(), "mnist", "not-a-hash")),
                ErrorCode.MALFORMED_HASH);

        net.openRound();
        ValidationSetRecord late = RecordJson.read(commit(net.verifier3, SET3), ValidationSetRecord.class);
        assertThat(late.fromRound()).as("round 1 opened before it").isEqualTo(2);
        List<ValidationSetRecord> listed = RecordJson.readList(net.evaluate(net.auditor,
                t -> t.c().listValidationSets(t.ctx(), "mnist")), ValidationSetRecord.class);
        assertThat(listed).extracting(ValidationSetRecord::msp).containsExactly("Org2MSP", "Org3MSP");
        assertThat(net.ledger.value(Keys.validationSet("mnist", "Org2MSP"))).isPresent();
    }

    @Test
    void a_task_on_a_shared_set_takes_no_private_one() {
        net.registered().withTask(IncentivesTransactionsTest.incentiveTask("SHAPLEY", 9));
        FedLedgerException e = net.refused(net.verifier2, t -> t.c().commitValidationSet(t.ctx(), "mnist",
                SET2.hex()));
        assertCode(e, ErrorCode.INVALID_ARGUMENT);
        assertThat(e.getMessage()).contains("shared validation set");
        assertThat(net.ledger.value(Keys.validationSet("mnist", "Org2MSP"))).isEmpty();
    }

    @Test
    void contributions_from_an_organisation_whose_set_does_not_cover_the_round_are_refused_and_write_nothing() {
        privateTask();
        commit(net.verifier2, SET2);
        Consortium.Proposal output = proposedRound();
        FedLedgerException none = attestRefused(net.verifier3, output, vector(6, 6, 6));
        assertCode(none, ErrorCode.VALIDATION_SET_NOT_COMMITTED);
        assertThat(none.getMessage()).contains("Org3MSP").contains("commitValidationSet");

        commit(net.verifier3, SET3);
        FedLedgerException late = attestRefused(net.verifier3, output, vector(6, 6, 6));
        assertCode(late, ErrorCode.VALIDATION_SET_NOT_COMMITTED);
        assertThat(late.getMessage()).contains("values from round 2");
        assertThat(net.ledger.value(Keys.attestation("mnist", 1, 1, "Org3MSP"))).isEmpty();
        assertThat(net.ledger.value(Keys.contributionAttestation("mnist", 1, 1, "Org3MSP"))).isEmpty();

        attest(net.verifier2, output, vector(6, 6, 6));
        assertThat(net.ledger.value(Keys.contributionAttestation("mnist", 1, 1, "Org2MSP"))).isPresent();
    }

    @Test
    void an_organisation_that_cannot_value_the_round_still_agrees_with_its_output_and_one_that_can_must_value() {
        privateTask();
        commit(net.verifier1, SET1);
        Consortium.Proposal output = proposedRound();
        commit(net.verifier2, SET2);
        // Org2 and Org3 have no set covering round 1: their AGREE counts for the output and values nothing.
        net.attest(net.verifier2, 1, 1, "AGREE", output.outputHash());
        assertCode(net.refused(net.verifier1, t -> t.c().attestModel(t.ctx(), "mnist", "1", "1", "AGREE",
                output.outputHash())), ErrorCode.INVALID_ARGUMENT);
        attest(net.verifier1, output, vector(12, 6, 0));
        net.attest(net.verifier3, 1, 1, "AGREE", output.outputHash());
        net.resolve(net.verifier2, 1);
        RoundContributionsRecord agreed = agreed();
        assertThat(agreed.agreeing()).containsExactly("Org1MSP");
        assertThat(agreed.contributions().values()).containsExactly(12L, 6L, 0L);
    }

    @Test
    void a_round_nobody_could_value_is_final_with_every_value_zero() {
        privateTask();
        Consortium.Proposal output = proposedRound();
        net.attest(net.verifier2, 1, 1, "AGREE", output.outputHash());
        net.attest(net.verifier3, 1, 1, "AGREE", output.outputHash());
        net.resolve(net.verifier2, 1);
        assertThat(net.round(1).state().name()).isEqualTo("FINAL");
        RoundContributionsRecord agreed = agreed();
        assertThat(agreed.agreeing()).isEmpty();
        assertThat(agreed.contributions().contributors()).isEqualTo(contributors());
        assertThat(agreed.contributions().scale()).isEqualTo(6);
        assertThat(agreed.contributions().values()).containsExactly(0L, 0L, 0L);
    }

    @Test
    void the_round_is_final_on_the_output_alone_and_its_contributions_are_the_median_of_every_valuer() {
        Consortium.Proposal output = everyOrganisationCommittedAndRoundProposed();
        // Three organisations valuing on different data: three different vectors, none a majority.
        attest(net.verifier1, output, vector(12, 6, 0));
        attest(net.verifier2, output, vector(18, -6, 6));
        attest(net.verifier3, output, vector(0, 12, 30));
        net.resolve(net.verifier2, 1);
        assertThat(net.round(1).state().name()).isEqualTo("FINAL");

        RoundContributionsRecord agreed = agreed();
        assertThat(agreed.contributions().values()).containsExactly(12L, 6L, 6L);
        assertThat(agreed.contributionsHash()).isEqualTo(agreed.contributions().hash());
        assertThat(agreed.agreeing()).as("the proposer's organisation values too").containsExactly("Org1MSP",
                "Org2MSP", "Org3MSP");
        assertThat(agreed.dissenting()).isEmpty();
        assertThat(RecordJson.readList(net.evaluate(net.auditor, t -> t.c().listPenalties(t.ctx(), "mnist", "1")),
                org.fedledger.protocol.record.PenaltyRecord.class)).as("differing private vectors prove nothing")
                .isEmpty();
        // 10 credits per validation sample of value: 12/6 = 2 samples, 1, 1.
        List<CreditRecord> credits = RecordJson.readList(net.evaluate(net.auditor,
                t -> t.c().listCredits(t.ctx(), "mnist")), CreditRecord.class);
        Map<String, Long> byContributor = new java.util.TreeMap<>();
        credits.forEach(c -> byContributor.put(c.contributor(), c.contributionCredit()));
        List<String> who = contributors();
        assertThat(List.of(byContributor.get(who.get(0)), byContributor.get(who.get(1)), byContributor.get(who.get(2))))
                .containsExactly(20L, 10L, 10L);
    }

    @Test
    void one_organisation_inflating_its_own_trainer_and_sinking_the_others_moves_no_value_beyond_the_honest_ones() {
        Consortium.Proposal output = everyOrganisationCommittedAndRoundProposed();
        List<String> who = contributors();
        int own = who.indexOf(net.trainer3.id());
        long[] hostile = new long[3];
        for (int i = 0; i < 3; i++) {
            hostile[i] = i == own ? 6_000_000 : -6_000_000;
        }
        attest(net.verifier1, output, vector(6, 12, 18));
        attest(net.verifier2, output, vector(12, 6, 24));
        attest(net.verifier3, output, vector(hostile));
        net.resolve(net.verifier2, 1);

        List<Long> values = agreed().contributions().values();
        long[][] honest = {{6, 12, 18}, {12, 6, 24}};
        for (int i = 0; i < 3; i++) {
            long low = Math.min(honest[0][i], honest[1][i]);
            long high = Math.max(honest[0][i], honest[1][i]);
            assertThat(values.get(i)).as("contributor " + i + " stays between the honest valuers").isBetween(low, high);
        }
    }

    @Test
    void two_valuers_agree_on_the_floor_of_their_mean() {
        privateTask();
        commit(net.verifier2, SET2);
        commit(net.verifier3, SET3);
        Consortium.Proposal output = proposedRound();
        attest(net.verifier2, output, vector(7, -7, 0));
        attest(net.verifier3, output, vector(0, 0, 6));
        net.resolve(net.verifier2, 1);
        RoundContributionsRecord agreed = agreed();
        assertThat(agreed.agreeing()).containsExactly("Org2MSP", "Org3MSP");
        assertThat(agreed.contributions().values()).containsExactly(3L, -4L, 3L);
    }
}

package org.fedledger.chaincode.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fedledger.chaincode.Consortium.assertCode;
import static org.fedledger.chaincode.Consortium.model;

import java.util.List;
import java.util.Map;
import org.fedledger.chaincode.Consortium;
import org.fedledger.chaincode.testing.TestIdentity;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.core.privacy.RdpAccountant;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.key.TransientKeys;
import org.fedledger.protocol.record.PrivacySpent;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.ReleaseCount;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A dataset's privacy budget, kept by the chaincode across tasks: every accepted update counts its
 * task's releases against the dataset its organisation is bound to, and a submit or a round opening
 * that would take the loss past the budget is refused with {@code PRIVACY_BUDGET_EXCEEDED}, writing
 * nothing. With noise multiplier 1 on every record, one update costs epsilon 4.75 at delta 1e-5, two
 * 7.09 and three 9.09, so a budget of 8 takes two updates and no third.
 */
class PrivacyBudgetTest {
    private static final double DELTA = 0.00001;
    private final Consortium net = Consortium.fresh();

    private static Map<String, Object> privacy(String org1Dataset) {
        return Map.of("mechanism", Map.of("noiseMultiplier", "1", "samplingRate", "1", "stepsPerRound", 1L,
                        "clipNorm", "1.0"),
                "datasets", List.of(Map.of("msp", "Org1MSP", "datasetId", org1Dataset),
                        Map.of("msp", "Org2MSP", "datasetId", "cohort"), Map.of("msp", "Org3MSP", "datasetId", "cohort")));
    }

    private static String dpTask(String taskId, String org1Dataset) {
        return org.fedledger.protocol.testing.StandardTask.json(taskId, Map.of("differentialPrivacy",
                privacy(org1Dataset)));
    }

    private String createDataset(TestIdentity who, String id, String epsilon) {
        return net.submit(who, t -> t.c().createDataset(t.ctx(), id, epsilon, "0.00001"));
    }

    private PrivacySpent spent(String msp, String id) {
        return RecordJson.read(net.evaluate(net.auditor, t -> t.c().getPrivacySpent(t.ctx(), msp, id)),
                PrivacySpent.class);
    }

    private static double epsilonAfter(long updates) {
        return RdpAccountant.none().plus(RdpAccountant.gaussian(1, 1), updates).epsilon(DELTA);
    }

    private void submitTo(String taskId, TestIdentity trainer, int round) {
        byte[] bytes = ModelCodec.encode(model(1f));
        net.submit(trainer, Consortium.chunks(TransientKeys.UPDATE_PREFIX, bytes, 1), t -> t.c().submitUpdate(t.ctx(),
                taskId, String.valueOf(round), ModelCodec.hash(model(1f)).hex(), "100", "0"));
    }

    /** Round {@code round} of {@code taskId} fails after its deadline with the one update it had. */
    private void failRound(String taskId, int round) {
        net.advance(Consortium.DURATION + 1);
        net.submit(net.coordinator, t -> t.c().closeRound(t.ctx(), taskId, String.valueOf(round)));
    }

    @BeforeEach
    void datasetsWithBudgets() {
        net.registered();
        createDataset(net.admin1, "wisconsin", "8");
        createDataset(net.coordinator, "spare", "8");
        createDataset(net.admin2, "cohort", "100");
        createDataset(net.admin3, "cohort", "100");
    }

    @Nested
    class CreateDataset {
        @Test
        void records_the_budget_as_the_exact_decimals_sent_under_the_creators_organisation() {
            assertThat(Consortium.json(net.evaluate(net.auditor, t -> t.c().getPrivacySpent(t.ctx(), "Org1MSP",
                    "wisconsin")))).containsEntry("epsilonBudget", "8").containsEntry("delta", "0.00001")
                    .containsEntry("epsilonSpent", "0.0");
        }

        @Test
        void refuses_a_trainer_a_second_budget_for_the_same_dataset_and_inexact_numbers() {
            assertCode(net.refused(net.trainer1, t -> t.c().createDataset(t.ctx(), "mine", "8", "0.00001")),
                    ErrorCode.FORBIDDEN);
            assertCode(net.refused(net.admin1, t -> t.c().createDataset(t.ctx(), "wisconsin", "80", "0.00001")),
                    ErrorCode.ALREADY_EXISTS);
            assertCode(net.refused(net.admin1, t -> t.c().createDataset(t.ctx(), "x", "8", "1e-5")),
                    ErrorCode.INVALID_ARGUMENT);
            assertCode(net.refused(net.admin1, t -> t.c().createDataset(t.ctx(), "x", "0", "0.00001")),
                    ErrorCode.INVALID_ARGUMENT);
            assertCode(net.refused(net.admin1, t -> t.c().createDataset(t.ctx(), "x", "8", "1")),
                    ErrorCode.INVALID_ARGUMENT);
        }
    }

    @Nested
    class CreateTask {
        @Test
        void refuses_a_task_that_binds_a_dataset_that_does_not_exist_or_an_organisation_twice() {
            byte[] initial = ModelCodec.encode(Consortium.initialModel());
            assertCode(net.refused(net.coordinator, Consortium.chunks(TransientKeys.MODEL_PREFIX, initial, 1),
                    t -> t.c().createTask(t.ctx(), dpTask("dp", "nowhere"))), ErrorCode.NOT_FOUND);
            Map<String, Object> twice = Map.of("mechanism", privacy("wisconsin").get("mechanism"), "datasets",
                    List.of(Map.of("msp", "Org1MSP", "datasetId", "wisconsin"),
                            Map.of("msp", "Org1MSP", "datasetId", "spare")));
            assertCode(net.refused(net.coordinator, Consortium.chunks(TransientKeys.MODEL_PREFIX, initial, 1),
                    t -> t.c().createTask(t.ctx(), org.fedledger.protocol.testing.StandardTask.json("dp",
                            Map.of("differentialPrivacy", twice)))), ErrorCode.INVALID_ARGUMENT);
        }
    }

    @Nested
    class Spending {
        @BeforeEach
        void aTaskWithDifferentialPrivacy() {
            net.withTask(dpTask(Consortium.TASK, "wisconsin"));
        }

        @Test
        void each_accepted_update_counts_against_its_organisations_dataset_and_the_loss_is_computed_from_counts() {
            net.openRound();
            submitTo(Consortium.TASK, net.trainer1, 1);
            PrivacySpent org1 = spent("Org1MSP", "wisconsin");
            assertThat(org1.releases()).containsExactly(new ReleaseCount("1", "1", 1));
            assertThat(org1.epsilonSpent()).isEqualTo(Double.toString(epsilonAfter(1)));
            assertThat(epsilonAfter(1)).isBetween(4.7, 4.8);
            assertThat(spent("Org2MSP", "cohort").releases()).isEmpty();
            // An identical resubmission changes nothing, so it spends nothing either.
            submitTo(Consortium.TASK, net.trainer1, 1);
            assertThat(spent("Org1MSP", "wisconsin").releases()).containsExactly(new ReleaseCount("1", "1", 1));
        }

        @Test
        void refuses_to_open_a_round_that_a_bound_dataset_could_not_take_one_more_update_of() {
            net.openRound();
            submitTo(Consortium.TASK, net.trainer1, 1);
            failRound(Consortium.TASK, 1);
            net.openRound();
            submitTo(Consortium.TASK, net.trainer1, 2);
            failRound(Consortium.TASK, 2);
            assertThat(Double.parseDouble(spent("Org1MSP", "wisconsin").epsilonSpent())).isEqualTo(epsilonAfter(2))
                    .isLessThan(8);
            assertThat(epsilonAfter(3)).isGreaterThan(8);

            var refusal = net.refused(net.coordinator, t -> t.c().openRound(t.ctx(), Consortium.TASK));
            assertCode(refusal, ErrorCode.PRIVACY_BUDGET_EXCEEDED);
            assertThat(refusal.getMessage()).contains("wisconsin", "Org1MSP", "beyond its budget 8");
        }

        @Test
        void refuses_a_submit_that_would_exceed_the_budget_when_another_task_spent_it_meanwhile() {
            net.withTask(dpTask("second", "wisconsin"));
            net.openRound();
            submitTo(Consortium.TASK, net.trainer1, 1);
            failRound(Consortium.TASK, 1);
            net.openRound();
            net.submit(net.coordinator, t -> t.c().openRound(t.ctx(), "second"));
            // Both tasks' rounds opened while the dataset had room for one more update: the first to
            // submit spends it, and the other is refused without writing anything.
            submitTo(Consortium.TASK, net.trainer1, 2);
            byte[] bytes = ModelCodec.encode(model(1f));
            var refusal = net.refused(net.trainer1, Consortium.chunks(TransientKeys.UPDATE_PREFIX, bytes, 1),
                    t -> t.c().submitUpdate(t.ctx(), "second", "1", ModelCodec.hash(model(1f)).hex(), "100", "0"));
            assertCode(refusal, ErrorCode.PRIVACY_BUDGET_EXCEEDED);
            assertThat(spent("Org1MSP", "wisconsin").releases()).containsExactly(new ReleaseCount("1", "1", 2));
            // Another organisation's dataset is untouched by Org1's budget.
            submitTo("second", net.trainer2, 1);
        }

        @Test
        void refuses_a_trainer_of_an_organisation_the_task_binds_no_dataset_to() {
            net.withTask(org.fedledger.protocol.testing.StandardTask.json("narrow", Map.of("differentialPrivacy",
                    Map.of("mechanism", privacy("wisconsin").get("mechanism"), "datasets",
                            List.of(Map.of("msp", "Org1MSP", "datasetId", "spare"))))));
            net.submit(net.coordinator, t -> t.c().openRound(t.ctx(), "narrow"));
            byte[] bytes = ModelCodec.encode(model(1f));
            assertCode(net.refused(net.trainer2, Consortium.chunks(TransientKeys.UPDATE_PREFIX, bytes, 1),
                    t -> t.c().submitUpdate(t.ctx(), "narrow", "1", ModelCodec.hash(model(1f)).hex(), "100", "0")),
                    ErrorCode.FORBIDDEN);
        }
    }
}

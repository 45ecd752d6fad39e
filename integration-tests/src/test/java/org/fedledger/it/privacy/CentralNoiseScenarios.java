package org.fedledger.it.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.fedledger.audit.TaskAudit;
import org.fedledger.audit.report.AuditReport;
import org.fedledger.audit.report.AuditVerdict;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.manifest.AggregationManifest;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.core.model.Tensor;
import org.fedledger.protocol.mapping.RoundAggregate;
import org.fedledger.protocol.mapping.RoundInputs;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.RoundState;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.record.Verdict;
import org.fedledger.sdk.Aggregation;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.TaskDefinition;
import org.fedledger.it.sdk.ConsortiumScenarios;
import org.fedledger.sdk.testing.SdkParticipants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Central noise that everyone can regenerate, written once and run on every ledger: a task under {@code exact_fedavg}
 * with {@code central_noise_sigma} gets noise from the seed its round's close fixed; the verifiers of
 * the other organisations recompute it and agree, the audit replays the noisy models bit for bit, and a
 * proposal with no noise or with noise tampered by one unit in the last place is refused by every
 * verifier.
 */
public abstract class CentralNoiseScenarios extends ConsortiumScenarios {
    private static final RuleSpec NOISY = RuleSpec.of(RuleName.EXACT_FEDAVG, Map.of(RuleSpec.SCALE_BITS, "24",
            RuleSpec.CLIP_NORM, "5", RuleSpec.CENTRAL_NOISE_SIGMA, "0.5"));
    private static final RuleSpec QUIET = RuleSpec.of(RuleName.EXACT_FEDAVG, Map.of(RuleSpec.SCALE_BITS, "24",
            RuleSpec.CLIP_NORM, "5"));
    private SdkParticipants people;
    private String task;

    @BeforeEach
    void aTaskWithCentralNoise() {
        people = people();
        TaskDefinition definition = SdkParticipants.task("noise").rule(NOISY).build();
        people.coordinator.coordinator().createTask(definition);
        task = definition.taskId();
    }

    private void closedRound(int round) {
        people.coordinator.coordinator().openRound(task);
        float seed = round;
        for (FedLedger trainer : people.trainers()) {
            trainer.trainer(task).submitUpdate(round, SdkParticipants.model(seed++), 100L * round + 10);
        }
        people.coordinator.coordinator().closeRound(task, round);
    }

    private Verdict verdictOf(FedLedger verifier, int round, int seq) {
        return verifier.verifier(task).verify(round, seq).verdict();
    }

    private static Aggregation withOutput(Aggregation honest, Model output) {
        AggregationManifest m = honest.manifest();
        return new Aggregation(AggregationManifest.builder().taskId(m.taskId()).round(m.round())
                .baseModelHash(m.baseModelHash()).rule(m.rule()).inputs(m.inputs()).exclusions(m.exclusions())
                .evidence(m.evidence()).outputHash(ModelCodec.hash(output)).build(), output);
    }

    /** {@code model} with its first value moved by one unit in the last place. */
    private static Model oneUlpOff(Model model) {
        Tensor first = model.tensors().get(0);
        float[] values = first.values();
        values[0] = Math.nextUp(values[0]);
        List<Tensor> tensors = new java.util.ArrayList<>(model.tensors());
        tensors.set(0, Tensor.of(first.spec(), values));
        return Model.of(tensors);
    }

    @Test
    void the_verifiers_regenerate_the_noise_and_agree_and_the_audit_replays_it_bit_for_bit() {
        for (int round = 1; round <= 2; round++) {
            closedRound(round);
            Aggregation honest = people.aggregator.aggregator(task).aggregate(round);
            TaskRecord t = people.auditor.auditor().task(task);
            RoundRecord r = people.auditor.auditor().round(task, round);
            int n = round;
            RoundAggregate quiet = RoundInputs.aggregate(t, r, QUIET, people.auditor.auditor().verifiedModel(task,
                    round - 1).model(), a -> people.auditor.auditor().updatePayload(task, n, a.contributor()));
            assertThat(honest.manifest().outputHash()).isNotEqualTo(quiet.manifest().outputHash());

            people.aggregator.aggregator(task).propose(honest);
            for (FedLedger v : List.of(people.verifier2, people.verifier3)) {
                v.verifier(task).attest(v.verifier(task).verify(round, 1));
            }
            assertThat(people.verifier2.verifier(task).resolve(round).record().state()).isEqualTo(RoundState.FINAL);
        }
        AuditReport report = TaskAudit.of(people.auditor).run(task);
        assertThat(report.verdict()).isEqualTo(AuditVerdict.PASS);
        assertThat(report.lineage()).hasSize(3);
    }

    @Test
    void a_proposal_without_the_noise_or_with_the_noise_tampered_is_disagreed_by_every_verifier() {
        closedRound(1);
        Aggregation honest = people.aggregator.aggregator(task).aggregate(1);
        TaskRecord t = people.auditor.auditor().task(task);
        RoundRecord r = people.auditor.auditor().round(task, 1);
        Model withoutNoise = RoundInputs.aggregate(t, r, QUIET, people.auditor.auditor().verifiedModel(task, 0).model(),
                a -> people.auditor.auditor().updatePayload(task, 1, a.contributor())).output();

        people.aggregator.aggregator(task).propose(withOutput(honest, withoutNoise));
        for (FedLedger v : List.of(people.verifier1, people.verifier2, people.verifier3)) {
            assertThat(verdictOf(v, 1, 1)).isEqualTo(Verdict.DISAGREE);
        }
        Aggregation tampered = withOutput(honest, oneUlpOff(honest.output()));
        for (FedLedger v : List.of(people.verifier2, people.verifier3)) {
            v.verifier(task).attest(v.verifier(task).verify(1, 1));
        }
        assertThat(people.verifier2.verifier(task).resolve(1).record().state()).isEqualTo(RoundState.DISPUTED);
        people.aggregator.aggregator(task).propose(tampered);
        for (FedLedger v : List.of(people.verifier1, people.verifier2, people.verifier3)) {
            assertThat(verdictOf(v, 1, 2)).isEqualTo(Verdict.DISAGREE);
        }
    }
}

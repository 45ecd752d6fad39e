package org.fedledger.it.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.fedledger.audit.TaskAudit;
import org.fedledger.audit.chain.BlockSource;
import org.fedledger.audit.chain.ChainEvidence;
import org.fedledger.audit.chain.ChainReader;
import org.fedledger.audit.chain.TransactionEvidence;
import org.fedledger.audit.report.AuditVerdict;
import org.fedledger.core.aggregation.AggregationInput;
import org.fedledger.core.aggregation.AggregationRules;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.core.model.Tensor;
import org.fedledger.embedded.EmbeddedLedger;
import org.fedledger.protocol.key.Collections;
import org.fedledger.protocol.record.Role;
import org.fedledger.protocol.record.RoundState;
import org.fedledger.protocol.record.UpdateRecord;
import org.fedledger.protocol.record.Verdict;
import org.fedledger.sdk.Aggregation;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.TaskDefinition;
import org.fedledger.sdk.Verification;
import org.fedledger.sdk.testing.SdkParticipants;
import org.junit.jupiter.api.Test;

/**
 * Issue 25's hierarchical target on the embedded ledger: three organisations of ten trainers each train
 * one round. The chain shows thirty update transactions that write nothing public, each endorsed by its
 * own organisation alone and writing only its internal collection, and three public partial sums (plus
 * three attestations inside the organisations) where a flat round has thirty public updates; the global
 * model equals flat exact FedAvg over the thirty updates bit for bit, and the audit passes.
 */
class HierarchicalConsortiumTest {
    private static final int PER_ORG = 10;

    private static Model model(Random random) {
        float[] kernel = new float[4];
        float[] bias = new float[2];
        for (int i = 0; i < 4; i++) {
            kernel[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < 2; i++) {
            bias[i] = (float) random.nextGaussian();
        }
        return Model.of(List.of(Tensor.of("dense/kernel", new int[] {2, 2}, kernel),
                Tensor.of("dense/bias", new int[] {2}, bias)));
    }

    @Test
    void three_organisations_of_ten_trainers_publish_three_partial_sums_whose_merge_is_flat_exact_fedavg() {
        try (EmbeddedLedger ledger = EmbeddedLedger.builder().inMemory().build();
                SdkParticipants p = SdkParticipants.register((org, user) -> {
                    var organisation = ledger.organisation("Org" + org + "MSP");
                    return ledger.connect("Admin".equals(user) ? organisation.admin() : organisation.client(user));
                })) {
            List<FedLedger> aggregators = List.of(p.aggregator, p.register(2, "aggregator2", Role.AGGREGATOR),
                    p.register(3, "aggregator3", Role.AGGREGATOR));
            List<FedLedger> verifiers = List.of(p.verifier1, p.verifier2, p.verifier3);
            RuleSpec rule = RuleSpec.parse("exact_fedavg:scale_bits=24,hierarchical=1");
            TaskDefinition definition = SdkParticipants.task("tiered").rule(rule).updates(3, 3 * PER_ORG)
                    .maxOrgSharePercent(100).build();
            p.coordinator.coordinator().createTask(definition);
            String task = definition.taskId();
            p.coordinator.coordinator().openRound(task);

            Random random = new Random(30);
            List<AggregationInput> flat = new ArrayList<>();
            for (int org = 1; org <= 3; org++) {
                for (int t = 0; t < PER_ORG; t++) {
                    FedLedger trainer = p.register(org, "trainer" + t, Role.TRAINER);
                    Model update = model(random);
                    long samples = 1 + random.nextInt(1000);
                    UpdateRecord u = trainer.trainer(task).submitUpdate(1, update, samples).record();
                    flat.add(new AggregationInput(u.contributor(), u.hash(), update, samples));
                }
            }
            for (int org = 0; org < 3; org++) {
                assertThat(aggregators.get(org).aggregator(task).publishPartialSum(1).record().updates())
                        .hasSize(PER_ORG);
                verifiers.get(org).verifier(task).attestPartialSum(1);
            }
            // A full round: the proposal closes it.
            Aggregation next = p.aggregator.aggregator(task).aggregate(1);
            p.aggregator.aggregator(task).propose(next);
            for (FedLedger verifier : List.of(p.verifier2, p.verifier3)) {
                Verification v = verifier.verifier(task).verify(1, 1);
                assertThat(v.verdict()).as(v.reason().orElse("")).isEqualTo(Verdict.AGREE);
                verifier.verifier(task).attest(v);
            }
            assertThat(p.verifier3.verifier(task).resolve(1).record().state()).isEqualTo(RoundState.FINAL);
            Model expected = AggregationRules.of(RuleSpec.parse("exact_fedavg:scale_bits=24"))
                    .aggregate(flat, SdkParticipants.model(0f)).orElseThrow().model();
            assertThat(ModelCodec.encode(next.output())).isEqualTo(ModelCodec.encode(expected));
            assertThat(next.manifest().inputs()).hasSize(3 * PER_ORG);

            ChainEvidence chain = new ChainReader("fedledger").read(BlockSource.of(ledger::height,
                    n -> ledger.fabricBlock(n).orElseThrow().toByteArray()), id -> true);
            Map<String, List<TransactionEvidence>> byFunction = new java.util.TreeMap<>();
            for (TransactionEvidence tx : chain.transactions().values()) {
                if (tx.valid()) {
                    byFunction.computeIfAbsent(tx.function(), f -> new ArrayList<>()).add(tx);
                }
            }
            List<TransactionEvidence> submits = byFunction.get("submitUpdate");
            assertThat(submits).hasSize(3 * PER_ORG);
            for (TransactionEvidence tx : submits) {
                assertThat(tx.writes()).as("public writes of an internal update").isEmpty();
                assertThat(tx.privateWrites().keySet()).containsExactly(Collections.internalOf(tx.creatorMsp()));
                assertThat(tx.endorsingOrganisations()).containsExactly(tx.creatorMsp());
                assertThat(tx.policySatisfied()).isTrue();
            }
            assertThat(byFunction.get("publishPartialSum")).hasSize(3);
            assertThat(byFunction.get("attestPartialSum")).hasSize(3);
            assertThat(TaskAudit.of(p.auditor).run(task).verdict()).isEqualTo(AuditVerdict.PASS);
        }
    }
}

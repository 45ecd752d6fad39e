package org.fedledger.it.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fedledger.audit.TaskAudit;
import org.fedledger.audit.report.AuditReport;
import org.fedledger.audit.report.AuditVerdict;
import org.fedledger.audit.report.VersionEntry;
import org.fedledger.audit.report.VersionReplay;
import org.fedledger.core.aggregation.AggregationInput;
import org.fedledger.core.aggregation.ExactSum;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.embedded.EmbeddedLedger;
import org.fedledger.protocol.record.AttestationRecord;
import org.fedledger.protocol.record.RuleRecord;
import org.fedledger.protocol.record.UpdateRecord;
import org.fedledger.protocol.record.Verdict;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.LocalTraining;
import org.fedledger.sdk.TaskDefinition;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.fedledger.sdk.rounds.RoundDriver;
import org.fedledger.sdk.rounds.RoundOutcome;
import org.fedledger.sdk.rounds.RoundPolicy;
import org.fedledger.sdk.testing.SdkParticipants;
import org.fedledger.sdk.verifier.VerifierService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task that chose exact FedAvg runs on the embedded ledger end to end: the task record carries the
 * rule with its scale, the round driver takes a round to FINAL while every organisation's verifier
 * service recomputes and attests it, the auditor replays the lineage, and the final model is what
 * partial sums over any grouping of the round's updates merge to.
 */
class ExactAggregationOnEmbeddedTest {
    private static final RuleSpec EXACT = RuleSpec.of(RuleName.EXACT_FEDAVG, Map.of(RuleSpec.SCALE_BITS, "24"));

    private final EmbeddedLedger ledger = EmbeddedLedger.builder().inMemory().build();
    private final List<VerifierService> services = new ArrayList<>();
    private SdkParticipants people;
    private TaskDefinition definition;
    private String task;

    @TempDir
    Path state;

    private LedgerConnection connect(int org, String user) {
        var organisation = ledger.organisation("Org" + org + "MSP");
        return ledger.connect("Admin".equals(user) ? organisation.admin() : organisation.client(user));
    }

    @BeforeEach
    void consortiumWithAnExactTask() {
        people = SdkParticipants.register(this::connect);
        definition = SdkParticipants.task("exact").rule(EXACT).build();
        long block = people.coordinator.coordinator().createTask(definition).blockNumber();
        task = definition.taskId();
        for (FedLedger v : List.of(people.verifier1, people.verifier2, people.verifier3)) {
            services.add(VerifierService.start(v, state.resolve(v.whoAmI().msp()), block, outcome -> { }));
        }
    }

    @AfterEach
    void close() {
        services.forEach(VerifierService::close);
        people.close();
        ledger.close();
    }

    @Test
    void a_round_under_exact_fedavg_is_attested_final_and_replayed_by_the_audit() {
        assertThat(people.auditor.auditor().task(task).rule()).isEqualTo(RuleRecord.of(EXACT));
        RoundDriver driver = RoundDriver.of(people.coordinator, task, RoundPolicy.expecting(3)
                .collectFor(Duration.ofSeconds(30)).decideWithin(Duration.ofSeconds(30)));
        int round = driver.open().round();
        float seed = 1f;
        long samples = 70;
        for (FedLedger trainer : people.trainers()) {
            Model update = SdkParticipants.model(seed++);
            long declared = samples;
            trainer.trainer(task).trainRound(round, global -> new LocalTraining.Result(update, declared));
            samples += 45;
        }

        RoundOutcome outcome = driver.runRound();

        assertThat(outcome.isFinal()).isTrue();
        Model output = outcome.model().orElseThrow().model();
        List<AttestationRecord> attestations = people.auditor.auditor().attestations(task, round, 1);
        assertThat(attestations).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(a -> assertThat(a.verdict()).isEqualTo(Verdict.AGREE));

        List<AggregationInput> inputs = new ArrayList<>();
        for (UpdateRecord u : people.auditor.auditor().updates(task, round)) {
            byte[] bytes = people.auditor.auditor().updatePayload(u);
            inputs.add(new AggregationInput(u.contributor(), ContentHash.of(bytes), ModelCodec.decode(bytes),
                    u.samples()));
        }
        Model base = definition.initialModel();
        ExactSum last = ExactSum.of(EXACT, inputs.subList(2, 3), base);
        ExactSum firstTwo = ExactSum.of(EXACT, List.of(inputs.get(1), inputs.get(0)), base);
        assertThat(ModelCodec.hash(last.merge(firstTwo).result().orElseThrow().model()))
                .isEqualTo(ModelCodec.hash(output));

        AuditReport report = TaskAudit.of(people.auditor).run(task);
        assertThat(report.findings()).isEmpty();
        assertThat(report.verdict()).isEqualTo(AuditVerdict.PASS);
        assertThat(report.lineage()).extracting(VersionEntry::replay)
                .containsExactly(VersionReplay.MATCH, VersionReplay.INITIAL);
    }
}

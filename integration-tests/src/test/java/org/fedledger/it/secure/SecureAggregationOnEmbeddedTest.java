package org.fedledger.it.secure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.fedledger.audit.TaskAudit;
import org.fedledger.audit.report.AuditReport;
import org.fedledger.audit.report.AuditVerdict;
import org.fedledger.audit.report.VersionEntry;
import org.fedledger.audit.report.VersionReplay;
import org.fedledger.core.aggregation.AggregationInput;
import org.fedledger.core.aggregation.ExactSum;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.model.Model;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.core.secure.MaskingKeys;
import org.fedledger.embedded.EmbeddedLedger;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.record.AcceptedUpdate;
import org.fedledger.protocol.record.Role;
import org.fedledger.protocol.record.RoundRecord;
import org.fedledger.protocol.record.RoundState;
import org.fedledger.protocol.record.UpdateRecord;
import org.fedledger.protocol.record.Verdict;
import org.fedledger.sdk.Aggregation;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.SecureTrainer;
import org.fedledger.sdk.TaskDefinition;
import org.fedledger.sdk.errors.ContractRefusedException;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.fedledger.sdk.rounds.RoundStrategy;
import org.fedledger.sdk.testing.SdkParticipants;
import org.fedledger.sdk.verifier.VerifierService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secure task through the SDK on the embedded ledger: four trainers record keys and share their mask
 * keys, one drops out before submitting and one after submitting, the others reveal, the aggregator
 * proposes the unmasked exact FedAvg, every organisation's verifier service recomputes it from the masked
 * updates and the reveals and attests, and the audit replays it bit for bit; the test, which alone knows
 * the plain updates, checks that the model is exact FedAvg over the survivors.
 */
class SecureAggregationOnEmbeddedTest {
    private static final RuleSpec EXACT = RuleSpec.of(RuleName.EXACT_FEDAVG, Map.of(RuleSpec.SCALE_BITS, "24"));
    private final EmbeddedLedger ledger = EmbeddedLedger.builder().inMemory().build();
    private final List<VerifierService> services = new ArrayList<>();
    private final ConcurrentLinkedQueue<VerifierService.Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private SdkParticipants people;
    private TaskDefinition definition;
    private final Map<FedLedger, SecureTrainer> trainers = new LinkedHashMap<>();

    @TempDir
    Path state;

    private LedgerConnection connect(int org, String user) {
        var organisation = ledger.organisation("Org" + org + "MSP");
        return ledger.connect("Admin".equals(user) ? organisation.admin() : organisation.client(user));
    }

    @BeforeEach
    void secureTaskWithKeys() {
        people = SdkParticipants.register(this::connect);
        FedLedger trainer4 = people.register(1, "trainer4", Role.TRAINER);
        definition = SdkParticipants.task("secure").rule(EXACT).updates(2, 4).maxOrgSharePercent(100)
                .maxPayloadBytes(8192).secureAggregation(2).build();
        long taskBlock = people.coordinator.coordinator().createTask(definition).blockNumber();
        SecureRandom random = new SecureRandom();
        for (FedLedger t : List.of(people.trainer1, people.trainer2, people.trainer3, trainer4)) {
            trainers.put(t, t.secureTrainer(definition.taskId(), MaskingKeys.generate(random)));
        }
        trainers.values().forEach(SecureTrainer::registerKeys);
        trainers.values().forEach(SecureTrainer::shareKey);
        for (FedLedger v : List.of(people.verifier1, people.verifier2, people.verifier3)) {
            services.add(VerifierService.start(v, state.resolve(v.whoAmI().msp()), taskBlock, outcomes::add,
                    RoundStrategy.standard()));
        }
    }

    @AfterEach
    void close() {
        services.forEach(VerifierService::close);
        people.close();
        ledger.close();
    }

    @Test
    void a_round_with_a_dropout_at_each_step_is_final_attested_and_replayed_as_exact_fedavg_over_the_survivors() {
        String task = definition.taskId();
        int round = people.coordinator.coordinator().openRound(task).record().round();
        List<SecureTrainer> all = new ArrayList<>(trainers.values());
        List<Model> updates = List.of(SdkParticipants.model(1f), SdkParticipants.model(2f), SdkParticipants.model(3f));
        long samples = 70;
        for (int i = 0; i < 3; i++) { // the fourth trainer drops out before submitting
            all.get(i).submitUpdate(round, updates.get(i), samples);
            samples += 45;
        }
        assertThatThrownBy(() -> all.get(0).reveal(round)).isInstanceOfSatisfying(ContractRefusedException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.REVEAL_BEFORE_CLOSE));
        people.coordinator.coordinator().closeRound(task, round);
        all.get(0).reveal(round);
        all.get(1).reveal(round); // the third trainer drops out after submitting: 2 reveals, threshold 2

        Aggregation aggregation = people.aggregator.aggregator(task).aggregate(round);
        people.aggregator.aggregator(task).propose(aggregation);
        RoundRecord resolved = people.coordinator.coordinator().awaitResolution(task, round, Duration.ofSeconds(60));

        assertThat(resolved.state()).isEqualTo(RoundState.FINAL);
        assertThat(people.auditor.auditor().attestations(task, round, 1)).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(a -> assertThat(a.verdict()).isEqualTo(Verdict.AGREE));
        List<AggregationInput> plain = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            AcceptedUpdate a = resolved.accepted().get(i);
            plain.add(new AggregationInput(a.key(), a.hash(), updateOf(a, updates), a.samples()));
        }
        Model exact = ExactSum.of(EXACT, plain, definition.initialModel()).result().orElseThrow().model();
        assertThat(aggregation.output()).isEqualTo(exact);
        assertThat(people.auditor.auditor().verifiedModel(task, 1).model()).isEqualTo(exact);
        for (UpdateRecord u : people.auditor.auditor().updates(task, round)) {
            byte[] stored = people.auditor.auditor().updatePayload(u);
            assertThat(stored).hasSize(8 * (int) exact.parameterCount());
            for (Model m : updates) {
                assertThat(stored).isNotEqualTo(ModelCodec.encode(m));
            }
        }
        AuditReport report = TaskAudit.of(people.auditor).run(task);
        assertThat(report.findings()).isEmpty();
        assertThat(report.verdict()).isEqualTo(AuditVerdict.PASS);
        assertThat(report.lineage()).extracting(VersionEntry::replay)
                .containsExactly(VersionReplay.MATCH, VersionReplay.INITIAL);
    }

    /** The plain update a survivor trained: the test's own record, matched by the declared samples. */
    private static Model updateOf(AcceptedUpdate a, List<Model> updates) {
        return updates.get((int) ((a.samples() - 70) / 45));
    }
}

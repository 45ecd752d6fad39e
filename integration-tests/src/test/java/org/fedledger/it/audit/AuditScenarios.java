package org.fedledger.it.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fedledger.audit.TaskAudit;
import org.fedledger.audit.report.AuditReport;
import org.fedledger.audit.report.AuditVerdict;
import org.fedledger.audit.report.Finding;
import org.fedledger.audit.report.FindingCode;
import org.fedledger.audit.report.ProposalReplay;
import org.fedledger.audit.report.ReportHtml;
import org.fedledger.audit.report.ReportJson;
import org.fedledger.audit.report.Severity;
import org.fedledger.audit.report.VersionEntry;
import org.fedledger.audit.report.VersionReplay;
import org.fedledger.core.manifest.AggregationManifest;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.it.fabric.ForwardingConnection;
import org.fedledger.it.sdk.ConsortiumScenarios;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.record.RoundState;
import org.fedledger.protocol.record.Verdict;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.sdk.Aggregation;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.Receipt;
import org.fedledger.sdk.TaskDefinition;
import org.fedledger.sdk.Verification;
import org.fedledger.sdk.errors.ContractRefusedException;
import org.fedledger.sdk.testing.SdkParticipants;
import org.junit.jupiter.api.Test;

/**
 * The audit's scenarios, written once and run on every ledger: an honest task passes with its whole
 * lineage replayed; each kind of tampering (a payload altered in a store, a record naming an invalid
 * or missing transaction, a record a peer rewrote, a wrong proposal disputed, a wrong proposal made
 * final by colluding verifiers) is reported and never passed; the auditor role reads and writes nothing.
 */
public abstract class AuditScenarios extends ConsortiumScenarios {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private long lastBlock;

    /**
     * Endorses trainer3's update to {@code round} (which trains from version {@code round - 1}), closes the
     * round, then submits the update, which the ledger then marks MVCC_READ_CONFLICT.
     *
     * @return the invalid transaction's id
     */
    protected abstract String submitAfterClose(String taskId, int round, SdkParticipants people);

    // ---- scenarios ----------------------------------------------------------------------------------

    @Test
    void an_honest_task_passes_with_every_model_traced_to_its_inputs_and_replayed() {
        SdkParticipants p = people();
        String task = newTask("honest");
        finalRound(p, task, 1, 1f);
        finalRound(p, task, 2, 4f);

        AuditReport report = audit(p.auditor, task);

        assertThat(report.findings()).isEmpty();
        assertThat(report.verdict()).isEqualTo(AuditVerdict.PASS);
        assertThat(report.chain().organisations()).containsExactly("Org1MSP", "Org2MSP", "Org3MSP");
        assertThat(report.chain().endorsementRule()).isEqualTo("MAJORITY");
        // Signatures are verified for the task's own transactions: its creation, 6 updates, 2 proposals and
        // 4 attestations and 2 resolutions (each wrote its round and its model); the rest of the channel only
        // for its hash chain.
        assertThat(report.chain().verifiedTransactions()).isEqualTo(15).isLessThan(report.chain().transactions());
        assertThat(report.lineage()).extracting(VersionEntry::version).containsExactly(2L, 1L, 0L);
        assertThat(report.lineage()).extracting(VersionEntry::replay).containsExactly(VersionReplay.MATCH, VersionReplay.MATCH, VersionReplay.INITIAL);
        VersionEntry v2 = report.lineage().get(0);
        assertThat(v2.hash()).isEqualTo(p.auditor.auditor().model(task, 2).hash().hex());
        assertThat(v2.baseHash()).isEqualTo(report.lineage().get(1).hash());
        assertThat(v2.inputs()).hasSize(3).allSatisfy(in -> {
            assertThat(in.block()).isPositive();
            assertThat(in.txId()).isNotEmpty();
        });
        assertThat(v2.inputs()).extracting(in -> in.msp()).containsExactlyInAnyOrder("Org1MSP", "Org2MSP", "Org3MSP");
        assertThat(v2.attestedBy()).containsExactly("Org2MSP", "Org3MSP");
        assertThat(v2.proposer()).isEqualTo(p.aggregator.whoAmI().id());
        assertThat(report.contributions()).hasSize(3).allSatisfy(c -> {
            assertThat(c.updates()).isEqualTo(2);
            assertThat(c.inFinalModels()).isEqualTo(2);
        });
        assertThat(report.timings().payloadBytes()).isPositive();
        assertThat(ReportJson.read(ReportJson.write(report))).isEqualTo(report);
        assertThat(ReportHtml.write(report)).contains("data-verdict=\"PASS\"", task);
    }

    @Test
    void a_payload_altered_in_the_store_is_reported_with_round_input_and_both_hashes() {
        SdkParticipants p = people();
        String task = newTask("payload");
        finalRound(p, task, 1, 1f);
        String victim = p.trainer2.whoAmI().id();
        String recorded = p.auditor.auditor().updates(task, 1).stream().filter(u -> u.contributor().equals(victim))
                .findFirst().orElseThrow().hash().hex();
        byte[][] served = new byte[1][];
        FedLedger tampered = readingThrough(p, (tx, args, bytes) -> {
            if (tx == TransactionName.READ_UPDATE_PAYLOAD && args.get(2).equals(victim)) {
                byte[] altered = bytes.clone();
                altered[altered.length - 1] ^= 0x01;
                served[0] = altered;
                return altered;
            }
            return bytes;
        });

        AuditReport report = audit(tampered, task);

        assertThat(report.verdict()).isEqualTo(AuditVerdict.FAIL);
        Finding f = only(report, FindingCode.PAYLOAD_MISMATCH);
        assertThat(f.round()).isEqualTo(1);
        assertThat(f.subject()).contains(victim);
        assertThat(f.expected()).isEqualTo(recorded);
        assertThat(f.actual()).isEqualTo(ContentHash.of(served[0]).hex());
        assertThat(report.lineage().get(0).replay()).isEqualTo(VersionReplay.NOT_REPLAYED);
    }

    @Test
    void records_naming_an_invalid_or_a_missing_transaction_are_reported() {
        SdkParticipants p = people();
        String task = newTask("invalid-tx");
        p.coordinator.coordinator().openRound(task);
        Receipt<?> u1 = p.trainer1.trainer(task).submitUpdate(1, SdkParticipants.model(1f), 10);
        Receipt<?> u2 = p.trainer2.trainer(task).submitUpdate(1, SdkParticipants.model(2f), 20);
        String invalidTx = submitAfterClose(task, 1, p);
        attestHonestly(p, task, 1, 1);
        // A peer that lies: it names the invalid transaction for trainer1's update, and a made-up one for trainer2's.
        String madeUp = "ab".repeat(32);
        FedLedger lying = readingThrough(p, (tx, args, bytes) -> replace(replace(bytes, u1.transactionId(), invalidTx),
                u2.transactionId(), madeUp));

        AuditReport report = audit(lying, task);

        assertThat(report.verdict()).isEqualTo(AuditVerdict.FAIL);
        Finding invalid = only(report, FindingCode.TX_INVALID);
        assertThat(invalid.expected()).isEqualTo("VALID");
        assertThat(invalid.actual()).isEqualTo("MVCC_READ_CONFLICT");
        assertThat(invalid.subject()).contains(p.trainer1.whoAmI().id());
        assertThat(report.findings(FindingCode.CREATOR_MISMATCH)).isNotEmpty();
        assertThat(only(report, FindingCode.TX_NOT_FOUND).expected()).isEqualTo(madeUp);
    }

    @Test
    void a_final_model_whose_quorum_of_attestations_a_peer_cannot_show_is_reported() {
        SdkParticipants p = people();
        String task = newTask("quorum");
        finalRound(p, task, 1, 1f);
        // A peer that hides Org3's attestation: the model's attestedBy names Org2 and Org3, only Org2 is shown.
        FedLedger hiding = readingThrough(p, (tx, args, bytes) -> tx == TransactionName.LIST_ATTESTATIONS
                ? new String(bytes, StandardCharsets.UTF_8).replaceAll(",\\{[^{}]*\"msp\":\"Org3MSP\"[^{}]*\\}", "")
                        .getBytes(StandardCharsets.UTF_8) : bytes);

        AuditReport report = audit(hiding, task);

        assertThat(report.verdict()).isEqualTo(AuditVerdict.FAIL);
        Finding f = only(report, FindingCode.QUORUM_UNSUPPORTED);
        assertThat(f.round()).isEqualTo(1);
        assertThat(f.actual()).isEqualTo("Org2MSP,Org3MSP");
        assertThat(f.expected()).contains("[Org2MSP]");
        assertThat(report.findings()).extracting(Finding::code).containsOnly(FindingCode.QUORUM_UNSUPPORTED);
    }

    @Test
    void a_record_a_peer_rewrote_does_not_match_what_its_transaction_wrote() {
        SdkParticipants p = people();
        String task = newTask("rewritten");
        finalRound(p, task, 1, 1f);
        FedLedger lying = readingThrough(p, (tx, args, bytes) -> tx == TransactionName.LIST_UPDATES
                ? replace(bytes, "\"samples\":100,", "\"samples\":100000,") : bytes);

        AuditReport report = audit(lying, task);

        assertThat(report.verdict()).isEqualTo(AuditVerdict.FAIL);
        Finding f = only(report, FindingCode.RECORD_MISMATCH);
        assertThat(f.subject()).contains(p.trainer1.whoAmI().id());
        assertThat(f.expected()).contains("\"samples\":100,");
        assertThat(f.actual()).contains("\"samples\":100000,");
    }

    @Test
    void a_wrong_proposal_the_verifiers_disputed_is_a_warning_naming_the_proposer() {
        SdkParticipants p = people();
        String task = newTask("disputed");
        Aggregation[] honestAndForged = proposeForged(p, task);
        Aggregation honest = honestAndForged[0];
        Aggregation forged = honestAndForged[1];
        for (FedLedger v : List.of(p.verifier2, p.verifier3)) {
            Verification verdict = v.verifier(task).verify(1, 1);
            assertThat(verdict.verdict()).isEqualTo(Verdict.DISAGREE);
            lastBlock = Math.max(lastBlock, v.verifier(task).attest(verdict).blockNumber());
        }
        lastBlock = Math.max(lastBlock, p.verifier3.verifier(task).resolve(1).blockNumber());
        assertThat(p.auditor.auditor().round(task, 1).state()).isEqualTo(RoundState.DISPUTED);
        p.aggregator.aggregator(task).propose(honest);
        attest(p, task, 1, 2);

        AuditReport report = audit(p.auditor, task);

        assertThat(report.verdict()).isEqualTo(AuditVerdict.WARN);
        Finding f = only(report, FindingCode.OUTPUT_MISMATCH);
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.subject()).contains("proposal 1", p.aggregator.whoAmI().id());
        assertThat(f.expected()).isEqualTo(forged.manifest().outputHash().hex());
        assertThat(f.actual()).isEqualTo(honest.manifest().outputHash().hex());
        assertThat(report.findings(FindingCode.WRONG_ATTESTATION)).isEmpty();
        assertThat(report.lineage().get(0).replay()).isEqualTo(VersionReplay.MATCH);
        assertThat(report.rounds().get(0).proposals()).extracting(pe -> pe.replay())
                .containsExactly(ProposalReplay.OUTPUT_MISMATCH, ProposalReplay.MATCH);
    }

    @Test
    void a_wrong_output_made_final_by_colluding_verifiers_fails_the_audit_and_names_them() {
        SdkParticipants p = people();
        String task = newTask("collusion");
        Aggregation[] honestAndForged = proposeForged(p, task);
        Aggregation honest = honestAndForged[0];
        Aggregation forged = honestAndForged[1];
        for (FedLedger v : List.of(p.verifier2, p.verifier3)) {
            // They attest the proposal's hash without recomputing it.
            lastBlock = Math.max(lastBlock, v.verifier(task).attest(new Verification(1, 1, Verdict.AGREE,
                    forged.manifest().outputHash(), Optional.empty())).blockNumber());
        }
        lastBlock = Math.max(lastBlock, p.verifier3.verifier(task).resolve(1).blockNumber());
        assertThat(p.auditor.auditor().round(task, 1).state()).isEqualTo(RoundState.FINAL);

        AuditReport report = audit(p.auditor, task);

        assertThat(report.verdict()).isEqualTo(AuditVerdict.FAIL);
        assertThat(report.findings(FindingCode.OUTPUT_MISMATCH)).isNotEmpty()
                .allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.ERROR))
                .anySatisfy(f -> {
                    assertThat(f.round()).isEqualTo(1);
                    assertThat(f.expected()).isEqualTo(forged.manifest().outputHash().hex());
                    assertThat(f.actual()).isEqualTo(honest.manifest().outputHash().hex());
                });
        assertThat(report.findings(FindingCode.WRONG_ATTESTATION)).extracting(Finding::subject)
                .anySatisfy(s -> assertThat(s).contains("Org2MSP")).anySatisfy(s -> assertThat(s).contains("Org3MSP"));
        assertThat(report.lineage().get(0).replay()).isEqualTo(VersionReplay.MISMATCH);
    }

    @Test
    void the_auditor_reads_records_payloads_and_blocks_and_can_write_nothing() {
        SdkParticipants p = people();
        String task = newTask("read-only");
        finalRound(p, task, 1, 1f);
        FedLedger auditor = p.auditor;
        auditor.awaitBlock(lastBlock, WAIT);
        long height = auditor.auditor().blockHeight();

        // Reads: everything the audit needs.
        assertThat(auditor.auditor().updatePayload(task, 1, p.trainer1.whoAmI().id())).isNotEmpty();
        assertThat(auditor.auditor().verifiedModel(task, 1).version()).isEqualTo(1);
        assertThat(auditor.auditor().block(height - 1)).isNotEmpty();
        assertThat(audit(auditor, task).verdict()).isEqualTo(AuditVerdict.PASS);

        // Writes: every role's transaction is refused, and the audit itself wrote no block.
        List<ErrorCode> refusals = new ArrayList<>();
        refusals.add(refusal(() -> auditor.coordinator().openRound(task)));
        refusals.add(refusal(() -> auditor.coordinator().closeRound(task, 1)));
        refusals.add(refusal(() -> auditor.coordinator().createTask(SdkParticipants.task("by-auditor").build())));
        refusals.add(refusal(() -> auditor.trainer(task).submitUpdate(1, SdkParticipants.model(1f), 10)));
        refusals.add(refusal(() -> auditor.verifier(task).attest(new Verification(1, 1, Verdict.AGREE,
                auditor.auditor().model(task, 1).hash(), Optional.empty()))));
        refusals.add(refusal(() -> auditor.admin().register(p.connection(p.stranger).identity().certificatePem(),
                org.fedledger.protocol.record.Role.TRAINER)));
        assertThat(refusals).doesNotContainNull().hasSize(6);
        assertThat(auditor.auditor().blockHeight()).isEqualTo(height);
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private String newTask(String purpose) {
        TaskDefinition task = SdkParticipants.task("audit-" + purpose).build();
        lastBlock = Math.max(lastBlock, people().coordinator.coordinator().createTask(task).blockNumber());
        return task.taskId();
    }

    private void submitAndClose(SdkParticipants p, String task, int round, float seed) {
        p.coordinator.coordinator().openRound(task);
        float s = seed;
        for (FedLedger trainer : p.trainers()) {
            trainer.trainer(task).awaitOpenRound(WAIT);
            trainer.trainer(task).submitUpdate(round, SdkParticipants.model(s), (long) (100 * s));
            s++;
        }
        lastBlock = Math.max(lastBlock, p.coordinator.coordinator().closeRound(task, round).blockNumber());
    }

    private void finalRound(SdkParticipants p, String task, int round, float seed) {
        submitAndClose(p, task, round, seed);
        attestHonestly(p, task, round, 1);
    }

    private void attestHonestly(SdkParticipants p, String task, int round, int seq) {
        if (p.auditor.auditor().round(task, round).state() == RoundState.OPEN) {
            p.coordinator.coordinator().closeRound(task, round);
        }
        p.aggregator.aggregator(task).propose(p.aggregator.aggregator(task).aggregate(round));
        attest(p, task, round, seq);
    }

    private void attest(SdkParticipants p, String task, int round, int seq) {
        for (FedLedger v : List.of(p.verifier2, p.verifier3)) {
            Verification verdict = v.verifier(task).verify(round, seq);
            assertThat(verdict.verdict()).as(verdict.reason().orElse("")).isEqualTo(Verdict.AGREE);
            lastBlock = Math.max(lastBlock, v.verifier(task).attest(verdict).blockNumber());
        }
        lastBlock = Math.max(lastBlock, p.verifier3.verifier(task).resolve(round).blockNumber());
    }

    /** Round 1 with three updates, closed; the aggregator proposes a forged output. @return honest, forged */
    private Aggregation[] proposeForged(SdkParticipants p, String task) {
        submitAndClose(p, task, 1, 1f);
        Aggregation honest = p.aggregator.aggregator(task).aggregate(1);
        Aggregation forged = forged(honest);
        p.aggregator.aggregator(task).propose(forged);
        return new Aggregation[] {honest, forged};
    }

    private static Aggregation forged(Aggregation honest) {
        var model = SdkParticipants.model(42f);
        AggregationManifest m = honest.manifest();
        return new Aggregation(AggregationManifest.builder().taskId(m.taskId()).round(m.round())
                .baseModelHash(m.baseModelHash()).rule(m.rule()).inputs(m.inputs()).exclusions(m.exclusions())
                .outputHash(ModelCodec.hash(model)).build(), model);
    }

    private AuditReport audit(FedLedger who, String task) {
        who.awaitBlock(lastBlock, WAIT);
        return TaskAudit.of(who).run(task);
    }

    /** What a peer answers, changed on its way to the auditor. */
    interface Answer {
        byte[] change(TransactionName transaction, List<String> arguments, byte[] answer);
    }

    /** The auditor, reading through a peer whose answers {@code answer} changes. */
    private FedLedger readingThrough(SdkParticipants p, Answer answer) {
        return FedLedger.over(new ForwardingConnection(p.connection(p.auditor), false) {
            @Override
            public byte[] evaluate(TransactionName transaction, List<String> arguments) {
                return answer.change(transaction, arguments, super.evaluate(transaction, arguments));
            }
        });
    }

    private static byte[] replace(byte[] json, String from, String to) {
        return new String(json, StandardCharsets.UTF_8).replace(from, to).getBytes(StandardCharsets.UTF_8);
    }

    private static Finding only(AuditReport report, FindingCode code) {
        assertThat(report.findings(code)).as("%s in %s", code, report.findings()).hasSize(1);
        return report.findings(code).get(0);
    }

    private static ErrorCode refusal(Runnable write) {
        ContractRefusedException e = catchThrowableOfType(ContractRefusedException.class, write::run);
        return e == null ? null : e.code();
    }
}

package org.fedledger.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fedledger.cli.FedLedgerCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole round played by hand with the CLI's role commands on an embedded data folder, each as its
 * own identity through {@code --profile}: admins register members by name, the coordinator creates
 * and opens, three hospitals of three organisations train, the coordinator closes, the aggregator
 * proposes, two other organisations' verifiers attest, and the auditor's audit passes.
 */
class RoleStepsOnEmbeddedTest {
    @TempDir
    Path dir;

    private int run(int org, String user, StringWriter err, StringBuilder out, String... args) {
        return new EmbeddedCli(dir).run(org, user, err, out, args);
    }

    private void ok(int org, String user, StringBuilder out, String... args) {
        StringWriter err = new StringWriter();
        assertThat(run(org, user, err, out, args)).as("%s%n%s", String.join(" ", args), err).isEqualTo(FedLedgerCli.OK);
    }

    private void registerEveryone(StringBuilder out) {
        ok(1, "User3", out, "participant", "request", "--roles", "coordinator,aggregator");
        ok(1, "Admin", out, "participant", "register", "--member", "User3", "--roles", "coordinator,aggregator");
        for (int org = 1; org <= 3; org++) {
            ok(org, "User1", out, "participant", "request", "--roles", "trainer");
            ok(org, "Admin", out, "participant", "register", "--member", "User1", "--roles", "trainer");
            ok(org, "User2", out, "participant", "request", "--roles", "verifier,auditor");
            ok(org, "Admin", out, "participant", "register", "--member", "User2", "--roles", "verifier,auditor");
        }
    }

    /** Round 1 of {@code task}: the coordinator opens it, the three hospitals train, it closes, the aggregator proposes. */
    private void trainAndPropose(String task, StringBuilder out) {
        ok(1, "User3", out, "round", "open", "--task", task);
        for (int org = 1; org <= 3; org++) {
            ok(org, "User1", out, "train", "--task", task, "--site", String.valueOf(org));
        }
        ok(1, "User3", out, "round", "close", "--task", task, "--round", "1");
        ok(1, "User3", out, "aggregate", "--task", task, "--round", "1");
    }

    @Test
    void a_round_played_with_the_role_commands_becomes_final_and_its_audit_passes() throws IOException {
        StringBuilder out = new StringBuilder();
        registerEveryone(out);
        ok(1, "User3", out, "task", "create", "--task", "bc1", "--dataset", "breast-cancer");
        trainAndPropose("bc1", out);
        StringBuilder attested = new StringBuilder();
        ok(2, "User2", attested, "attest", "--task", "bc1", "--round", "1");
        assertThat(attested).contains("attested AGREE on proposal 1 of round 1; the round is now PROPOSED");
        ok(3, "User2", attested, "attest", "--task", "bc1", "--round", "1");
        assertThat(attested).contains("attested AGREE on proposal 1 of round 1; the round is now FINAL");
        // Resolving a decided round again changes nothing and says where it stands.
        StringBuilder resolved = new StringBuilder();
        ok(1, "User3", resolved, "round", "resolve", "--task", "bc1", "--round", "1");
        assertThat(resolved).contains("round 1 of bc1 is FINAL");

        // A second attestation by the same organisation is the chaincode's refusal, with its code.
        StringWriter refused = new StringWriter();
        assertThat(run(3, "User2", refused, new StringBuilder(), "attest", "--task", "bc1", "--round", "1"))
                .isEqualTo(FedLedgerCli.REFUSED);
        assertThat(refused.toString()).contains("refused by the ledger:");

        StringBuilder status = new StringBuilder();
        ok(2, "User2", status, "status", "--task", "bc1");
        assertThat(status).contains("model version 1").contains("round 1: FINAL, 3 submitted, 3 accepted, 2 attested on proposal 1 (2 AGREE, 0 DISAGREE; quorum 2)");
        ok(2, "User2", new StringBuilder(), "audit", "--task", "bc1", "--out", dir.resolve("audit").toString());
        var report = com.google.gson.JsonParser.parseString(Files.readString(dir.resolve("audit").resolve("bc1-audit.json")))
                .getAsJsonObject();
        assertThat(report.get("verdict").getAsString()).isEqualTo("PASS");
    }

    /**
     * Issue 24, item 5: {@code task create --rule} fixes the task's rule, here the coordinate-wise
     * median; the aggregator's manifest carries what the median took from each update, both
     * organisations' verifiers recompute it before they agree, and the audit replays it.
     */
    @Test
    void a_task_created_with_a_rule_aggregates_by_it_and_its_evidence_replays_in_the_audit() throws IOException {
        StringBuilder out = new StringBuilder();
        registerEveryone(out);
        StringBuilder created = new StringBuilder();
        ok(1, "User3", created, "task", "create", "--task", "md1", "--dataset", "breast-cancer", "--rule", "median",
                "--json");
        assertThat(created).contains("\"rule\":{\"name\":\"median\",\"params\":{}}");
        trainAndPropose("md1", out);
        StringBuilder attested = new StringBuilder();
        ok(2, "User2", attested, "attest", "--task", "md1", "--round", "1");
        ok(3, "User2", attested, "attest", "--task", "md1", "--round", "1");
        assertThat(attested).contains("the round is now FINAL");
        ok(2, "User2", new StringBuilder(), "audit", "--task", "md1", "--out", dir.resolve("audit").toString());
        var report = org.fedledger.audit.report.ReportJson.read(
                Files.readString(dir.resolve("audit").resolve("md1-audit.json")));
        assertThat(report.verdict().name()).isEqualTo("PASS");
        var evidence = report.lineage().get(0).evidence();
        assertThat(evidence).hasSize(3).allSatisfy(e -> assertThat(e.medianCoordinates()).isNotNull());
        // Three updates: one of them is the median of each of the model's 31 coordinates.
        assertThat(evidence.stream().mapToLong(e -> e.medianCoordinates()).sum()).isEqualTo(31);
    }
}

package org.fedledger.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fedledger.cli.FedLedgerCli;
import org.fedledger.protocol.record.CallerIdentity;
import org.fedledger.protocol.record.CreditRecord;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.ReputationRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code fedledger credits} on the ledger a demo with incentives kept: each hospital's credits as the
 * audit replayed them from the chain, its balance, its reputation, and each organisation's total; a task
 * without incentives is bad input in one line.
 */
class CreditsCommandTest {
    @TempDir
    static Path dir;
    private static String task;
    private static JsonObject audit;
    private static Path state;

    private static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cli = FedLedgerCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    /** What {@code args} print as Org1's auditor ({@code User3}) on the ledger {@code state} keeps, which must succeed. */
    private static String credits(Path state, String... args) {
        StringWriter err = new StringWriter();
        StringBuilder out = new StringBuilder();
        assertThat(new EmbeddedCli(state).run(1, "User3", err, out, args)).as("%s", err).isEqualTo(FedLedgerCli.OK);
        return out.toString();
    }

    @BeforeAll
    static void a_demo_with_incentives_keeps_its_ledger() throws IOException {
        state = dir.resolve("state");
        Path report = dir.resolve("report");
        StringWriter out = new StringWriter();
        run(out, new StringWriter(), "demo", "--rounds", "3", "--tasks", "breast-cancer", "--incentives", "--report",
                report.toString(), "--json", "--keep-state", state.toString());
        task = JsonParser.parseString(out.toString()).getAsJsonObject().getAsJsonArray("tasks").get(0)
                .getAsJsonObject().get("task").getAsString();
        audit = JsonParser.parseString(Files.readString(report.resolve(task + "-audit.json"))).getAsJsonObject();
    }

    @Test
    void each_hospital_shows_the_credits_the_audit_replayed_its_balance_and_reputation_and_each_organisation_its_sum() {
        String text = credits(state, "credits", "--task", task);
        List<String> lines = text.lines().toList();
        assertThat(lines.get(0)).isEqualTo("task " + task + ": 3 contributors; balance = data + contribution - penalties");

        List<String> expected = new ArrayList<>();
        Map<String, Long> byOrganisation = new TreeMap<>();
        for (JsonElement e : audit.getAsJsonArray("credits")) {
            JsonObject c = e.getAsJsonObject();
            long data = c.get("dataCredit").getAsLong();
            long contribution = c.get("contributionCredit").getAsLong();
            long penalties = c.get("penaltyCredit").getAsLong();
            assertThat(data).as("admitted samples").isPositive();
            long balance = data + contribution - penalties;
            byOrganisation.merge(c.get("msp").getAsString(), balance, Long::sum);
            expected.add(String.format("  %s: data %d, contribution %d, penalties %d, balance %d over %d rounds (last 3);"
                    + " reputation ", CallerIdentity.shortName(c.get("contributor").getAsString()), data, contribution,
                    penalties, balance, c.get("rounds").getAsInt()));
        }
        assertThat(expected).hasSize(3);
        for (String line : expected) {
            assertThat(lines).as("a line starting %s", line).anySatisfy(l -> assertThat(l).startsWith(line)
                    .matches(".* reputation \\d+ of 1000000"));
        }
        byOrganisation.forEach((msp, balance) -> assertThat(lines).contains("  organisation " + msp + ": balance " + balance));
        assertThat(lines).hasSize(1 + 3 + byOrganisation.size());
    }

    @Test
    void json_prints_the_ledger_records_themselves() {
        List<String> lines = credits(state, "credits", "--task", task, "--json").lines().toList();
        assertThat(lines).hasSize(6);
        List<CreditRecord> credits = lines.subList(0, 3).stream().map(l -> RecordJson.read(l, CreditRecord.class)).toList();
        List<ReputationRecord> reputations = lines.subList(3, 6).stream()
                .map(l -> RecordJson.read(l, ReputationRecord.class)).toList();
        for (int i = 0; i < 3; i++) {
            assertThat(credits.get(i).taskId()).isEqualTo(task);
            assertThat(reputations.get(i).contributor()).isEqualTo(credits.get(i).contributor());
            assertThat(reputations.get(i).lastTaskId()).isEqualTo(task);
            assertThat(reputations.get(i).rounds()).isEqualTo(3);
        }
    }

    @Test
    void a_task_without_incentives_is_bad_input_in_one_line() throws IOException {
        StringWriter out = new StringWriter();
        Path plainState = dir.resolve("plain");
        Path report = dir.resolve("plain-report");
        run(out, new StringWriter(), "demo", "--rounds", "1", "--tasks", "breast-cancer", "--report", report.toString(),
                "--json", "--keep-state", plainState.toString());
        String plain = JsonParser.parseString(out.toString()).getAsJsonObject().getAsJsonArray("tasks").get(0)
                .getAsJsonObject().get("task").getAsString();
        StringWriter err = new StringWriter();
        assertThat(new EmbeddedCli(plainState).run(1, "User3", err, new StringBuilder(), "credits", "--task", plain))
                .isEqualTo(FedLedgerCli.BAD_INPUT);
        assertThat(err.toString().lines()).containsExactly("task " + plain + " has no incentives, so no credits");
    }
}

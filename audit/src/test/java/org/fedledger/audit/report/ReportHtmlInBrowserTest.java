package org.fedledger.audit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report opened in a real headless browser (Chromium): the page's script runs, the tables hold
 * every finding, model and contribution, and values from the ledger stay text, never markup. Chromium
 * is found as {@code FEDLEDGER_CHROMIUM}, else {@code chromium} on the PATH; {@code scripts/fedledger.sh test}
 * installs it where it is missing.
 */
class ReportHtmlInBrowserTest {
    private static final String ORG1_USER = "x509::CN=User1, OU=client, O=Org1MSP, C=US::CN=ca.org1msp, O=Org1MSP, C=US";
    /** A contributor whose name is markup. */
    private static final String HOSTILE = "x509::CN=<script>document.title='owned'</script>";

    @TempDir
    Path dir;

    private static AuditReport report() {
        List<Finding> findings = List.of(
                new Finding(FindingCode.OUTPUT_MISMATCH, Severity.WARNING, 2, "proposal 1 by x509::CN=agg",
                        "aa", "bb", "the replayed aggregation of round 2 does not reproduce the proposed output"),
                new Finding(FindingCode.RECORD_MISMATCH, Severity.ERROR, 3, "<img src=x onerror=\"document.title='owned'\">",
                        "{\"samples\":1}", "{\"samples\":2}", "a <b>forged</b> record & more"));
        List<InputEntry> inputs = List.of(
                new InputEntry("update 2 a", ORG1_USER, "Org1MSP", "11", 100, "1/3", "tx1", 5, 1_700_000_000),
                new InputEntry("update 2 b", "x509::CN=User1@org2", "Org2MSP", "22", 200, "2/3", "tx2", 6, 1_700_000_001));
        List<EvidenceEntry> evidence = List.of(
                new EvidenceEntry("update 2 a", ORG1_USER, 7L, 2L, null, "3.25", "0.5"),
                new EvidenceEntry("update 2 b", "x509::CN=User1@org2", 0L, 9L, null, "1.5", "1"));
        List<VersionEntry> lineage = List.of(
                new VersionEntry(1, "cafe", 1, 1, "m1", "FEDAVG", Map.of(), "beef", "x509::CN=agg", "Org1MSP",
                        List.of("Org2MSP", "Org3MSP"), inputs, List.of(), evidence, VersionReplay.MATCH, "tx9", 9, 1_700_000_010),
                new VersionEntry(0, "beef", 0, 0, "", "", Map.of(), "", "x509::CN=coord", "", List.of(), List.of(),
                        List.of(), List.of(), VersionReplay.INITIAL, "tx0", 2, 1_699_999_999));
        List<Contribution> contributions = List.of(new Contribution("Org1MSP", ORG1_USER, 1, 1, 100),
                new Contribution("Org2MSP", "x509::CN=User1@org2", 1, 1, 200));
        return new AuditReport("task-<1>", AuditVerdict.of(findings), "x509::CN=auditor",
                new ChainSummary(10, 9, 8, 5, List.of("Org1MSP", "Org2MSP", "Org3MSP"), "MAJORITY", 0), lineage,
                List.of(new RoundEntry(1, "FINAL", 0, 2, 2, List.of(), 1)), contributions, findings,
                new Timings(1, 2, 3, 4, 10, 345), List.of(
                        new IncentiveEntry(1, ORG1_USER, 6L, 6, false, 562_500, null, 0),
                        new IncentiveEntry(1, HOSTILE, -3L, 6, true, 437_500, null, 0),
                        new IncentiveEntry(2, ORG1_USER, 3L, 6, false, 617_187, null, 0),
                        new IncentiveEntry(2, HOSTILE, -6L, 6, true, 382_812, "NEGATIVE_CONTRIBUTION", 4),
                        new IncentiveEntry(3, ORG1_USER, 2L, 6, false, 650_000, "SET_ASIDE_ROUNDS", 0, true, 5, 100, 7)),
                List.of(new CreditEntry(ORG1_USER, "Org1MSP", 120, 7, 3, 7), new CreditEntry(HOSTILE, "Org2MSP", 90, 0, 2)));
    }

    @Test
    void the_page_renders_in_chromium_with_every_row_and_nothing_injected() throws Exception {
        AuditReport report = report();
        Path page = dir.resolve("audit.html");
        Files.writeString(page, ReportHtml.write(report));

        String dom = dumpDom(page);

        assertThat(dom).as("the page's script ran").contains("data-rendered=\"true\"");
        assertThat(dom).contains("data-verdict=\"FAIL\"", "id=\"verdict\" class=\"verdict FAIL\">FAIL<");
        assertThat(dom).contains("<span id=\"shown\">2</span>");
        assertThat(count(dom, "<tr><td>RECORD_MISMATCH</td>") + count(dom, "<tr><td>OUTPUT_MISMATCH</td>")).isEqualTo(2);
        assertThat(section(dom, "lineage")).contains("User1@org2", "1/3", "2/3", "MATCH",
                "trimmed 7 low, 2 high", "clipped by <span title=\"0.5\">0.5</span>", "trimmed 0 low, 9 high");
        // An identity reads as its common name and organisation; the full id is on hover only.
        String shortOrg1 = "<span class=\"id\" title=\"" + ORG1_USER + "\">User1 (Org1MSP)</span>";
        assertThat(section(dom, "identities")).contains("Org1MSP", "Org2MSP", shortOrg1);
        assertThat(section(dom, "lineage")).contains(shortOrg1);
        assertThat(dom.replace("title=\"" + ORG1_USER + "\"", "")).doesNotContain(ORG1_USER);
        assertThat(section(dom, "evidence")).contains(shortOrg1).contains("<td>7</td><td>2</td>", "3.25");
        // One line a contributor: User1 (Org1MSP) has 9 of the round's 18 cut values (the chart's top, 50%).
        assertThat(dom).contains("<svg id=\"evidence-chart\"").contains("<title>User1 (Org1MSP)</title>")
                .contains("points=\"40,10\"");
        assertThat(dom).contains("<svg id=\"chart\"");
        // Incentives: credits with the final reputation and rounds out of line, penalties, two charts with marks.
        assertThat(section(dom, "credits")).contains(shortOrg1)
                .contains("<td>120</td><td>7</td><td>0.650</td><td>0</td><td>1</td><td>7</td>")
                .contains("<td>90</td><td>0</td><td>0.383</td><td>2</td><td>0</td><td>0</td>");
        assertThat(section(dom, "penalties")).contains("<td>2</td>").contains("NEGATIVE_CONTRIBUTION</td><td>4</td><td></td>")
                .contains("SET_ASIDE_ROUNDS</td><td></td><td>5 (100/1000)</td><td>7</td>");
        assertThat(dom).contains("<svg id=\"contribution-chart\"", "<svg id=\"reputation-chart\"");
        assertThat(count(dom, "r=\"4\" fill=\"none\" stroke=\"#c62828\"")).as("a ring per round out of line, in both charts").isEqualTo(4);
        assertThat(count(dom, "fill=\"#222\"")).as("a square per penalty, in both charts").isEqualTo(4);
        // The ledger's strings are text: no element was created from them, and the title is untouched.
        assertThat(dom).doesNotContain("<img").doesNotContain("<b>forged").doesNotContain("<script>document")
                .contains("&lt;img src=x")
                .contains("<title>FedLedger audit: task-&lt;1&gt;</title>");
    }

    private static String section(String dom, String id) {
        int start = dom.indexOf("id=\"" + id + "\"");
        assertThat(start).as("element #%s", id).isNotNegative();
        return dom.substring(start, dom.indexOf("</table>", start));
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private String dumpDom(Path page) throws IOException, InterruptedException {
        String chromium = System.getenv().getOrDefault("FEDLEDGER_CHROMIUM", "chromium");
        Path out = dir.resolve("dom.html");
        Process p;
        try {
            p = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--user-data-dir=" + dir.resolve("profile"), "--dump-dom", page.toUri().toString())
                    .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new AssertionError("no Chromium to render the report in ('" + chromium + "'): run "
                    + "scripts/fedledger.sh test, which installs it, or set FEDLEDGER_CHROMIUM", e);
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("Chromium did not finish rendering the report in 120 s");
        }
        assertThat(p.exitValue()).as("chromium's exit code").isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}

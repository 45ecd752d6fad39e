package org.fedledger.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Path;
import org.fedledger.cli.FedLedgerCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fedledger status} on an embedded data folder counts a round's updates from the ledger at every
 * step: submitted while it is OPEN, accepted once it is closed, attested as verifiers attest.
 */
class StatusCommandTest {
    @TempDir
    Path dir;

    private String ok(int org, String user, String... args) {
        StringWriter err = new StringWriter();
        StringBuilder out = new StringBuilder();
        assertThat(new EmbeddedCli(dir).run(org, user, err, out, args)).as("%s%n%s", String.join(" ", args), err)
                .isEqualTo(FedLedgerCli.OK);
        return out.toString();
    }

    private String roundLine(String status) {
        return status.lines().filter(l -> l.startsWith("round ")).findFirst().orElseThrow();
    }

    @Test
    void an_open_round_with_three_updates_shows_three_submitted_then_accepted_then_attested() {
        ok(1, "User3", "participant", "request", "--roles", "coordinator,aggregator,auditor");
        ok(1, "Admin", "participant", "register", "--member", "User3", "--roles", "coordinator,aggregator,auditor");
        for (int org = 1; org <= 3; org++) {
            ok(org, "User1", "participant", "request", "--roles", "trainer");
            ok(org, "Admin", "participant", "register", "--member", "User1", "--roles", "trainer");
            ok(org, "User2", "participant", "request", "--roles", "verifier,auditor");
            ok(org, "Admin", "participant", "register", "--member", "User2", "--roles", "verifier,auditor");
        }
        ok(1, "User3", "task", "create", "--task", "bc1", "--dataset", "breast-cancer");
        ok(1, "User3", "round", "open", "--task", "bc1");
        assertThat(roundLine(ok(1, "User3", "status", "--task", "bc1")))
                .startsWith("round 1: OPEN, 0 submitted, 0 accepted, 0 attested (no proposal yet; quorum 2)");

        for (int org = 1; org <= 3; org++) {
            ok(org, "User1", "train", "--task", "bc1", "--site", String.valueOf(org));
        }
        assertThat(roundLine(ok(1, "User3", "status", "--task", "bc1")))
                .as("submitted updates of an open round are counted from the ledger")
                .startsWith("round 1: OPEN, 3 submitted, 0 accepted, 0 attested (no proposal yet; quorum 2)");

        ok(1, "User3", "round", "close", "--task", "bc1", "--round", "1");
        ok(1, "User3", "aggregate", "--task", "bc1", "--round", "1");
        ok(2, "User2", "attest", "--task", "bc1", "--round", "1");
        assertThat(roundLine(ok(3, "User2", "status", "--task", "bc1")))
                .startsWith("round 1: PROPOSED, 3 submitted, 3 accepted, 1 attested on proposal 1 (1 AGREE, 0 DISAGREE; quorum 2)");

        ok(3, "User2", "attest", "--task", "bc1", "--round", "1");
        ok(1, "User3", "round", "open", "--task", "bc1");
        String status = ok(1, "User3", "status", "--task", "bc1", "--round", "1");
        assertThat(roundLine(status))
                .startsWith("round 1: FINAL, 3 submitted, 3 accepted, 2 attested on proposal 1 (2 AGREE, 0 DISAGREE; quorum 2)");
        assertThat(roundLine(ok(1, "User3", "status", "--task", "bc1"))).startsWith("round 2: OPEN, 0 submitted");
    }

    @Test
    void a_round_the_task_does_not_have_is_bad_input_in_one_line() {
        ok(1, "User3", "participant", "request", "--roles", "coordinator,auditor");
        ok(1, "Admin", "participant", "register", "--member", "User3", "--roles", "coordinator,auditor");
        ok(1, "User3", "task", "create", "--task", "bc1", "--dataset", "breast-cancer");
        StringWriter err = new StringWriter();
        assertThat(new EmbeddedCli(dir).run(1, "User3", err, new StringBuilder(), "status", "--task", "bc1", "--round", "7"))
                .isEqualTo(FedLedgerCli.BAD_INPUT);
        assertThat(err.toString().lines()).containsExactly("task bc1 has no round yet, so no round 7");
    }
}

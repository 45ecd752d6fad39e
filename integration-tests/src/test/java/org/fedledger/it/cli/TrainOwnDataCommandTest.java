package org.fedledger.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fedledger.cli.FedLedgerCli;
import org.fedledger.protocol.record.UpdateRecord;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.ledger.ConnectionProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hospital trains on its own file with {@code fedledger train --data-file}: the role commands,
 * each with {@code --profile}, on an embedded ledger's data folder. A malformed file is refused
 * before anything is submitted.
 */
class TrainOwnDataCommandTest {
    private static final String TASK = "own1";

    @TempDir
    Path dir;

    private int run(StringWriter err, String user, String... args) {
        return new EmbeddedCli(dir).run(1, user, err, new StringBuilder(), args);
    }

    private ConnectionProfile profile(String user) {
        return new EmbeddedCli(dir).profile(1, user);
    }

    private void register(String user, String roles) {
        StringWriter err = new StringWriter();
        assertThat(run(err, user, "participant", "request", "--roles", roles)).as(err.toString())
                .isEqualTo(FedLedgerCli.OK);
        assertThat(run(err, "Admin", "participant", "register", "--member", user, "--roles", roles))
                .as(err.toString()).isEqualTo(FedLedgerCli.OK);
    }

    /** The first {@code rows} samples of the bundled breast-cancer file, with a header that declares them. */
    private static String breastCancerRows(int rows) throws IOException {
        try (InputStream in = org.fedledger.trainer.data.Datasets.class.getResourceAsStream("/datasets/breast_cancer.csv")) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            return rows + ",30,malignant,benign\n" + String.join("\n", lines.subList(1, rows + 1)) + "\n";
        }
    }

    @Test
    void a_site_trains_on_its_own_file_and_a_malformed_one_is_refused_before_any_submit() throws IOException {
        register("User3", "coordinator,aggregator,auditor");
        register("User1", "trainer");
        StringWriter err = new StringWriter();
        assertThat(run(err, "User3", "task", "create", "--task", TASK, "--dataset", "breast-cancer", "--updates", "1"))
                .as(err.toString()).isEqualTo(FedLedgerCli.OK);
        assertThat(run(err, "User3", "round", "open", "--task", TASK)).as(err.toString()).isEqualTo(FedLedgerCli.OK);

        // Line 3 has a missing value: refused with the file and line; nothing reaches the ledger.
        String good = breastCancerRows(40);
        List<String> lines = new ArrayList<>(good.lines().toList());
        lines.set(2, lines.get(2).substring(0, lines.get(2).indexOf(',')) + ",,"
                + lines.get(2).substring(lines.get(2).indexOf(',', lines.get(2).indexOf(',') + 1) + 1));
        Path bad = Files.writeString(dir.resolve("bad.csv"), String.join("\n", lines) + "\n");
        StringWriter badErr = new StringWriter();
        assertThat(run(badErr, "User1", "train", "--task", TASK, "--dataset", "breast-cancer", "--data-file", bad.toString()))
                .isEqualTo(FedLedgerCli.BAD_INPUT);
        assertThat(badErr.toString()).contains(bad + ":3: NOT_A_NUMBER: column 2 is ''");
        try (FedLedger auditor = FedLedger.open(profile("User3"))) {
            assertThat(auditor.auditor().updates(TASK, 1)).isEmpty();
        }

        Path own = Files.writeString(dir.resolve("site-a.csv"), good);
        StringWriter trainErr = new StringWriter();
        assertThat(run(trainErr, "User1", "train", "--task", TASK, "--dataset", "breast-cancer", "--data-file", own.toString()))
                .as(trainErr.toString()).isEqualTo(FedLedgerCli.OK);
        try (FedLedger auditor = FedLedger.open(profile("User3"))) {
            List<UpdateRecord> updates = auditor.auditor().updates(TASK, 1);
            assertThat(updates).hasSize(1);
            assertThat(updates.get(0).samples()).as("every row of the file is training data").isEqualTo(40);
        }
    }

    @Test
    void a_trainer_gives_either_a_site_or_a_data_file() throws IOException {
        StringWriter neither = new StringWriter();
        assertThat(run(neither, "User1", "train", "--task", TASK)).isEqualTo(FedLedgerCli.BAD_INPUT);
        assertThat(neither.toString()).contains("give either --site", "not neither");
        StringWriter both = new StringWriter();
        assertThat(run(both, "User1", "train", "--task", TASK, "--site", "1", "--data-file", "x.csv"))
                .isEqualTo(FedLedgerCli.BAD_INPUT);
        assertThat(both.toString()).contains("not both");
    }
}

package org.fedledger.it.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.fedledger.cli.demo.DemoPrivacy;
import org.fedledger.cli.demo.DemoTask;
import org.fedledger.cli.demo.FederatedDemo;
import org.fedledger.cli.demo.TaskResult;
import org.fedledger.core.privacy.RdpAccountant;
import org.fedledger.protocol.record.DpMechanism;
import org.fedledger.sdk.ledger.ConnectionProfile;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.fedledger.sdk.ledger.LedgerProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo with differential privacy: every hospital's dataset gets the budget on the ledger, the
 * sites train with local DP-SGD, each round's row ends with the epsilon the ledger computes from the
 * release counts, and that epsilon is the accountant's for the rounds so far, within the budget after
 * the last round; every round is still attested and the task audits PASS.
 */
class DemoWithPrivacyTest {
    private static BiFunction<Integer, String, LedgerConnection> embedded(Path dataDirectory) {
        ConnectionProfile base = ConnectionProfile.of(Map.of("ledger", "embedded", "dataDirectory",
                dataDirectory.toString()));
        LedgerProvider ledgers = LedgerProvider.of(base.ledger());
        return (org, user) -> ledgers.connect(base.with("mspId", "Org" + org + "MSP").with("user", user));
    }

    @Test
    void each_round_reports_the_epsilon_the_ledger_counted_and_the_last_is_within_the_budget(@TempDir Path state)
            throws Exception {
        int rounds = 3;
        DemoPrivacy privacy = new DemoPrivacy("3", "0.00001");
        DpMechanism mechanism = privacy.mechanism(rounds);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TaskResult result;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
                FederatedDemo demo = FederatedDemo.start(embedded(state.resolve("ledger")), out, state)) {
            demo.privacy(privacy);
            result = demo.run(DemoTask.breastCancer(3, rounds, Optional.of(DemoPrivacy.dpSgd(mechanism))));
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("noise multiplier " + mechanism.noiseMultiplier());
        List<String> epsilons = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.matches("\\s+\\d+ .*AGREE.*")) {
                String[] cells = line.trim().split("\\s+");
                epsilons.add(cells[cells.length - 1]);
            }
        }
        List<String> expected = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            expected.add(String.format(Locale.ROOT, "%.3f", RdpAccountant.none().plus(RdpAccountant.gaussian(
                    Double.parseDouble(mechanism.noiseMultiplier()), 0.1), 10L * r).epsilon(1e-5)));
        }
        assertThat(epsilons).containsExactlyElementsOf(expected);
        assertThat(Double.parseDouble(epsilons.get(rounds - 1))).isLessThanOrEqualTo(3.0).isGreaterThan(2.5);
        assertThat(result.rounds()).hasSize(rounds);
        assertThat(result.auditPassed()).isTrue();
    }
}

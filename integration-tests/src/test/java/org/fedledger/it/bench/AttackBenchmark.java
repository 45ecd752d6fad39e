package org.fedledger.it.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.fedledger.cli.demo.Attack;
import org.fedledger.cli.demo.DemoTask;
import org.fedledger.cli.demo.FederatedDemo;
import org.fedledger.cli.demo.TaskResult;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.protocol.record.ContributionScore;
import org.fedledger.protocol.record.ReputationScore;
import org.fedledger.sdk.ledger.ConnectionProfile;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.fedledger.sdk.ledger.LedgerProvider;

/**
 * Final test accuracy of the demo's tasks under each attack of the suite ({@link Attack}) and each
 * aggregation rule, beside the same rule without attackers and clean FedAvg, all measured in one run
 * on one embedded ledger: nine hospitals (three per organisation), the demo's Dirichlet(0.5) split,
 * the last {@code --attackers} hospitals hostile from the first round on. Each cell is one task run
 * to its last round through the real protocol (every round proposed, verified by the organisations'
 * verifier services, final) and audited.
 *
 *
 * <p>With {@code --reputation SCORE} ({@code correct} or {@code log-loss}) the grid runs with issue
 * 24's defence: incentives whose contributions are scored by {@code SCORE}, each round's weights scaled
 * by reputation, and {@value RankingBenchmark#SUSPEND_AFTER} negative rounds in a row suspending a
 * hospital for {@value RankingBenchmark#SUSPEND_FOR} rounds. Clean FedAvg, the baseline, still runs
 * without incentives, on a ledger of its own.
 *
 * <pre>
 * scripts/fedledger.sh bench-attacks --tasks digits --rounds 30 --attackers 2
 * scripts/fedledger.sh bench-attacks --rules fedavg --reputation log-loss
 * </pre>
 */
public final class AttackBenchmark {
    /** The rules measured unless {@code --rules} names others; separated by ';' (a rule's parameters use ','). */
    static final String DEFAULT_RULES = "fedavg;median;trimmed_mean:beta=0.25;krum:f=2;multi_krum:f=2,m=5;fedavg:clip_norm=1";

    private AttackBenchmark() {
    }

    /**
     * @param args {@code --tasks breast-cancer,digits --rounds 30 --attackers 2 --attacks sign-flip,...
     *     --rules 'fedavg;median;...'}
     * @throws Exception when a round does not become final
     */
    public static void main(String[] args) throws Exception {
        BenchFlags flags = BenchFlags.parse(args, "--rules", "--reputation", "--reputation-score", "--out-of-line");
        Optional<ContributionScore> reputation = Optional.of(flags.text("--reputation", "none"))
                .filter(v -> !v.equals("none")).map(ContributionScore::fromName);
        ReputationScore reputationScore = ReputationScore.fromName(flags.text("--reputation-score", "non-negative-rank"));
        List<String> tasks = flags.tasks();
        int rounds = flags.rounds();
        int attackers = flags.attackers();
        List<Attack> attacks = flags.attacks();
        List<RuleSpec> rules = new ArrayList<>();
        for (String r : flags.text("--rules", DEFAULT_RULES).split(";")) {
            rules.add(RuleSpec.parse(r));
        }
        Integer outOfLine = flags.text("--out-of-line", null) == null ? null : flags.integer("--out-of-line", 0);
        if (outOfLine != null && (reputation.isEmpty() || !rules.stream().allMatch(RuleSpec::clipped))) {
            throw new IllegalArgumentException("--out-of-line needs --reputation and only rules with clip_norm, whose"
                    + " evidence records each update's norm");
        }
        int trainersPerOrg = 3;
        Path state = Files.createTempDirectory("fedledger-attacks");
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        System.out.printf("%d hospitals (%d per organisation), the last %d hostile; %d rounds; %s; final test"
                + " accuracy%n", 3 * trainersPerOrg, trainersPerOrg, attackers, rounds, reputation.map(score -> "with"
                        + " reputation (contributions scored by " + score.cliName() + ", reputation by "
                        + reputationScore.cliName() + (outOfLine == null ? "" : ", an update out of line by more than "
                        + outOfLine + "x the median norm per local step scored last") + ", weights scaled by reputation, "
                        + RankingBenchmark.SUSPEND_AFTER + " negative rounds suspend for " + RankingBenchmark.SUSPEND_FOR
                        + ")").orElse("without incentives"));
        try (FederatedDemo demo = FederatedDemo.start(embedded(state.resolve("ledger")), quiet, state, trainersPerOrg);
                FederatedDemo separate = reputation.isPresent() ? FederatedDemo.start(embedded(state.resolve("plain")),
                        quiet, Files.createDirectories(state.resolve("plain-state")), trainersPerOrg) : null) {
            FederatedDemo plain = separate != null ? separate : demo;
            reputation.ifPresent(score -> demo.incentives(RankingBenchmark.SUSPEND_AFTER, RankingBenchmark.SUSPEND_FOR,
                    true, null, score, reputationScore));
            if (outOfLine != null) {
                demo.outOfLine(outOfLine);
            }
            for (String task : tasks) {
                DemoTask spec = DemoTask.named(task, 3 * trainersPerOrg, rounds, Optional.empty(), DemoTask.SEED);
                long start = System.nanoTime();
                double clean = accuracy(plain, spec, RuleSpec.of(RuleName.FEDAVG), Optional.empty(), attackers);
                System.out.printf("%n%s (%d attackers of %d hospitals, %d rounds): clean FedAvg %.3f%n", task,
                        attackers, 3 * trainersPerOrg, rounds, clean);
                System.out.printf("%-20s", "attack \\ rule");
                for (RuleSpec r : rules) {
                    System.out.printf(" %22s", r.text());
                }
                System.out.println();
                System.out.printf("%-20s", "none");
                for (RuleSpec r : rules) {
                    double a = r.equals(RuleSpec.of(RuleName.FEDAVG)) && reputation.isEmpty() ? clean
                            : accuracy(demo, spec, r, Optional.empty(), attackers);
                    System.out.printf(" %22.3f", a);
                }
                System.out.println();
                for (Attack attack : attacks) {
                    System.out.printf("%-20s", attack.optionName());
                    for (RuleSpec r : rules) {
                        System.out.printf(" %22.3f", accuracy(demo, spec, r, Optional.of(attack), attackers));
                    }
                    System.out.println();
                }
                System.out.printf("(%s: %.0f s)%n", task, (System.nanoTime() - start) / 1e9);
            }
        }
    }

    private static double accuracy(FederatedDemo demo, DemoTask spec, RuleSpec rule, Optional<Attack> attack,
            int attackers) throws Exception {
        demo.rule(rule);
        demo.attack(attack.orElse(Attack.SIGN_FLIP), attack.isPresent() ? attackers : 0);
        TaskResult result = demo.run(spec);
        if (!result.auditPassed()) {
            throw new IllegalStateException("the audit of " + result.task() + " did not pass");
        }
        return result.federatedAccuracy();
    }

    private static BiFunction<Integer, String, LedgerConnection> embedded(Path dataDirectory) {
        ConnectionProfile base = ConnectionProfile.of(Map.of("ledger", "embedded", "dataDirectory",
                dataDirectory.toString()));
        LedgerProvider ledgers = LedgerProvider.of(base.ledger());
        return (org, user) -> ledgers.connect(base.with("mspId", "Org" + org + "MSP").with("user", user));
    }
}

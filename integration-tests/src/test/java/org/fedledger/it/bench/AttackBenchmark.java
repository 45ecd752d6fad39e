package org.fedledger.it.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
 * <pre>
 * scripts/fedledger.sh bench-attacks --tasks digits --rounds 30 --attackers 2
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
        Map<String, String> flags = flags(args);
        List<String> tasks = List.of(flags.getOrDefault("--tasks", "breast-cancer,digits").split(","));
        int rounds = Integer.parseInt(flags.getOrDefault("--rounds", "30"));
        int attackers = Integer.parseInt(flags.getOrDefault("--attackers", "2"));
        List<Attack> attacks = new ArrayList<>();
        for (String a : flags.getOrDefault("--attacks", String.join(",", names())).split(",")) {
            attacks.add(Attack.fromName(a.trim()));
        }
        List<RuleSpec> rules = new ArrayList<>();
        for (String r : flags.getOrDefault("--rules", DEFAULT_RULES).split(";")) {
            rules.add(RuleSpec.parse(r));
        }
        int trainersPerOrg = 3;
        Path state = Files.createTempDirectory("fedledger-attacks");
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        System.out.printf("%d hospitals (%d per organisation), the last %d hostile; %d rounds; final test accuracy%n",
                3 * trainersPerOrg, trainersPerOrg, attackers, rounds);
        try (FederatedDemo demo = FederatedDemo.start(embedded(state.resolve("ledger")), quiet, state, trainersPerOrg)) {
            for (String task : tasks) {
                DemoTask spec = task(task, 3 * trainersPerOrg, rounds);
                long start = System.nanoTime();
                double clean = accuracy(demo, spec, RuleSpec.of(RuleName.FEDAVG), Optional.empty(), attackers);
                System.out.printf("%n%s (%d attackers of %d hospitals, %d rounds): clean FedAvg %.3f%n", task,
                        attackers, 3 * trainersPerOrg, rounds, clean);
                System.out.printf("%-20s", "attack \\ rule");
                for (RuleSpec r : rules) {
                    System.out.printf(" %22s", r.text());
                }
                System.out.println();
                System.out.printf("%-20s", "none");
                for (RuleSpec r : rules) {
                    double a = r.equals(RuleSpec.of(RuleName.FEDAVG)) ? clean
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

    private static DemoTask task(String name, int sites, int rounds) {
        return switch (name) {
            case "breast-cancer" -> DemoTask.breastCancer(sites, rounds);
            case "digits" -> DemoTask.digits(sites, rounds);
            default -> throw new IllegalArgumentException("unknown task '" + name + "'; known: breast-cancer, digits");
        };
    }

    private static List<String> names() {
        return Arrays.stream(Attack.values()).map(Attack::optionName).toList();
    }

    private static Map<String, String> flags(String[] args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --flag value pairs, got '" + args[i] + "'");
            }
            flags.put(args[i], args[i + 1]);
        }
        return flags;
    }

    private static BiFunction<Integer, String, LedgerConnection> embedded(Path dataDirectory) {
        ConnectionProfile base = ConnectionProfile.of(Map.of("ledger", "embedded", "dataDirectory",
                dataDirectory.toString()));
        LedgerProvider ledgers = LedgerProvider.of(base.ledger());
        return (org, user) -> ledgers.connect(base.with("mspId", "Org" + org + "MSP").with("user", user));
    }
}

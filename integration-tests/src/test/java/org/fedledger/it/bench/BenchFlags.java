package org.fedledger.it.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedledger.cli.demo.Attack;

/**
 * The {@code --flag value} arguments of the demo's benchmarks ({@link AttackBenchmark},
 * {@link RankingBenchmark}), and the flags they share: {@code --tasks}, {@code --rounds},
 * {@code --attackers} and {@code --attacks}.
 *
 * <pre>{@code
 * BenchFlags flags = BenchFlags.parse(args, "--seeds");
 * int seeds = flags.integer("--seeds", 20);
 * }</pre>
 */
final class BenchFlags {
    /** The flags every demo benchmark takes. */
    private static final Set<String> SHARED = Set.of("--tasks", "--rounds", "--attackers", "--attacks");

    private final Map<String, String> values;

    private BenchFlags(Map<String, String> values) {
        this.values = values;
    }

    /**
     * @param args {@code --flag value} pairs
     * @param own the benchmark's own flags, beside the shared ones
     * @return the flags given
     * @throws IllegalArgumentException for an argument that is not in a pair, or a flag the benchmark does not take
     */
    static BenchFlags parse(String[] args, String... own) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --flag value pairs, got '" + args[i] + "'");
            }
            if (!SHARED.contains(args[i]) && !Arrays.asList(own).contains(args[i])) {
                throw new IllegalArgumentException("unknown flag " + args[i]);
            }
            values.put(args[i], args[i + 1]);
        }
        return new BenchFlags(values);
    }

    /** @return the flag's value, or {@code fallback} when it was not given */
    String text(String flag, String fallback) {
        return values.getOrDefault(flag, fallback);
    }

    /** @return the flag's value as an integer, or {@code fallback} when it was not given */
    int integer(String flag, int fallback) {
        return values.containsKey(flag) ? Integer.parseInt(values.get(flag)) : fallback;
    }

    /** @return {@code --tasks}, the demo's task names (default: both) */
    List<String> tasks() {
        return List.of(text("--tasks", "breast-cancer,digits").split(","));
    }

    /** @return {@code --rounds} (default 30) */
    int rounds() {
        return integer("--rounds", 30);
    }

    /** @return {@code --attackers}, the number of hostile hospitals, the last ones (default 2) */
    int attackers() {
        return integer("--attackers", 2);
    }

    /** @return {@code --attacks} by their command-line names (default: the whole suite) */
    List<Attack> attacks() {
        if (!values.containsKey("--attacks")) {
            return List.of(Attack.values());
        }
        List<Attack> attacks = new ArrayList<>();
        for (String a : values.get("--attacks").split(",")) {
            attacks.add(Attack.fromName(a.trim()));
        }
        return attacks;
    }
}

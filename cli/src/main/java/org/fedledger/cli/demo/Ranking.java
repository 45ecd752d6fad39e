package org.fedledger.cli.demo;

import java.util.List;
import java.util.Objects;

/**
 * Issue 24's ranking target for one run: did every hostile hospital end strictly below every honest
 * one by a score (the demo's hostile hospitals are the last ones)? A tie is not below.
 *
 * <pre>{@code
 * boolean ranked = Ranking.attackersBelowHonest(List.of(600L, 550L, 300L, 200L), 2); // true
 * Ranking r = Ranking.of(demo.reputations(), 2);   // r.highestHostile(), r.lowestHonest()
 * }</pre>
 *
 * @param highestHostile the highest score of a hostile hospital
 * @param lowestHonest the lowest score of an honest hospital
 */
public record Ranking(long highestHostile, long lowestHonest) {
    /**
     * @param scores each hospital's score, hospital 1 first; higher is better
     * @param attackers how many of the last hospitals are hostile, at least 1 and fewer than the hospitals
     * @return the highest hostile and the lowest honest score
     * @throws IllegalArgumentException when there is no attacker or no honest hospital
     */
    public static Ranking of(List<Long> scores, int attackers) {
        Objects.requireNonNull(scores, "scores");
        if (attackers < 1 || attackers >= scores.size()) {
            throw new IllegalArgumentException("the attackers must be 1.." + (scores.size() - 1) + " of "
                    + scores.size() + " hospitals, were " + attackers);
        }
        int honest = scores.size() - attackers;
        return new Ranking(scores.subList(honest, scores.size()).stream().mapToLong(Long::longValue).max().orElseThrow(),
                scores.subList(0, honest).stream().mapToLong(Long::longValue).min().orElseThrow());
    }

    /**
     * @param scores each hospital's score, hospital 1 first; higher is better
     * @param attackers how many of the last hospitals are hostile, at least 1 and fewer than the hospitals
     * @return whether the highest hostile score is strictly below the lowest honest one
     * @throws IllegalArgumentException when there is no attacker or no honest hospital
     */
    public static boolean attackersBelowHonest(List<Long> scores, int attackers) {
        return of(scores, attackers).attackersBelowHonest();
    }

    /** @return whether the highest hostile score is strictly below the lowest honest one */
    public boolean attackersBelowHonest() {
        return highestHostile < lowestHonest;
    }
}

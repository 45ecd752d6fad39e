package org.fedledger.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 24's ranking: every hostile hospital (the last ones) strictly below every honest one. */
class RankingTest {
    @Test
    void attackers_strictly_below_every_honest_hospital_are_ranked_below() {
        assertThat(Ranking.attackersBelowHonest(List.of(600L, 550L, 501L, 500L, 120L), 2)).isTrue();
        assertThat(Ranking.attackersBelowHonest(List.of(900L, 100L, 99L), 1)).isTrue();
    }

    @Test
    void a_tie_between_an_attacker_and_an_honest_hospital_is_not_below() {
        assertThat(Ranking.attackersBelowHonest(List.of(600L, 500L, 500L, 100L), 2)).isFalse();
        assertThat(Ranking.attackersBelowHonest(List.of(500_000L, 500_000L, 500_000L), 1)).isFalse();
    }

    @Test
    void one_attacker_above_one_honest_hospital_fails_the_ranking() {
        // The second hospital is honest and lowest; the attacker at 300 is above it.
        assertThat(Ranking.attackersBelowHonest(List.of(900L, 200L, 800L, 300L, 100L), 2)).isFalse();
        // Only the position says who is hostile: the same scores with the low one last are ranked.
        assertThat(Ranking.attackersBelowHonest(List.of(900L, 800L, 300L, 200L), 1)).isTrue();
        assertThat(Ranking.attackersBelowHonest(List.of(200L, 800L, 300L, 900L), 1)).isFalse();
    }

    @Test
    void names_the_highest_hostile_and_the_lowest_honest_score() {
        assertThat(Ranking.of(List.of(900L, 200L, 800L, 300L, 100L), 2)).isEqualTo(new Ranking(300L, 200L));
        assertThat(new Ranking(300L, 200L).attackersBelowHonest()).isFalse();
        assertThat(new Ranking(199L, 200L).attackersBelowHonest()).isTrue();
    }

    @Test
    void needs_at_least_one_attacker_and_one_honest_hospital() {
        assertThatThrownBy(() -> Ranking.attackersBelowHonest(List.of(1L, 2L), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1..1 of 2");
        assertThatThrownBy(() -> Ranking.attackersBelowHonest(List.of(1L, 2L), 2))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

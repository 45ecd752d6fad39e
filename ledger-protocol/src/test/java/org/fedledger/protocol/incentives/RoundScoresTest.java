package org.fedledger.protocol.incentives;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.fedledger.core.model.ContentHash;
import org.fedledger.protocol.record.ContributionMethod;
import org.fedledger.protocol.record.ContributionVector;
import org.fedledger.protocol.record.IncentiveRules;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.ReputationRecord;
import org.fedledger.protocol.record.ReputationScore;
import org.fedledger.protocol.record.RoundContributionsRecord;
import org.junit.jupiter.api.Test;

/**
 * Issue 24: how a round scores contributors (marked out of line or not) under each reputation score, and how
 * a reputation moves with the task's memory.
 */
class RoundScoresTest {
    private static final long MAX = ReputationRecord.MAX;
    private static final IncentiveRules DEFAULT = new IncentiveRules(ContributionMethod.LEAVE_ONE_OUT,
            ContentHash.of(new byte[] {1}), 1);
    private static final IncentiveRules BY_RANK = DEFAULT.withReputationScore(ReputationScore.RANK);
    private static final IncentiveRules BY_SHARE = DEFAULT.withReputationScore(ReputationScore.SHARE);
    /** a is worth the most, then b, c, d. */
    private static final ContributionVector VALUES = new ContributionVector(ContributionMethod.LEAVE_ONE_OUT, 1,
            List.of("a", "b", "c", "d"), List.of(40L, 30L, 20L, -10L));

    @Test
    void by_default_an_out_of_line_contributor_scores_zero_whatever_its_value_and_the_others_keep_their_rank() {
        assertThat(Settlement.roundScores(VALUES, List.of(), List.of(), DEFAULT))
                .containsExactly(MAX, 2 * MAX / 3, MAX / 3, 0L);
        assertThat(Settlement.roundScores(VALUES, List.of(), List.of("a"), DEFAULT))
                .containsExactly(0L, 2 * MAX / 3, MAX / 3, 0L);
    }

    @Test
    void by_rank_out_of_line_contributors_rank_below_every_other_by_value_even_below_those_sitting_out() {
        // Tiers: b, c in line (c below b); e sits out; a and d out of line (d below a), below everyone.
        List<Long> scores = Settlement.roundScores(VALUES, List.of("e"), List.of("a", "d"), BY_RANK);
        long n1 = 4; // five scored, n - 1 = 4
        assertThat(scores).containsExactly(MAX / n1, MAX * 4 / n1, MAX * 3 / n1, 0L, MAX * 2 / n1);
        // Without marks the same round ranks by value alone.
        assertThat(Settlement.roundScores(VALUES, List.of("e"), List.of(), BY_RANK))
                .containsExactly(MAX, MAX * 3 / n1, MAX * 2 / n1, MAX / n1, 0L);
    }

    @Test
    void out_of_line_contributors_of_equal_value_tie_within_their_tier() {
        ContributionVector tied = new ContributionVector(ContributionMethod.LEAVE_ONE_OUT, 1, List.of("a", "b", "c"),
                List.of(5L, 5L, 1L));
        // a and b out of line and tied: below c, each 0 below and 1 equal: MAX * 1 / 4.
        assertThat(Settlement.roundScores(tied, List.of(), List.of("a", "b"), BY_RANK))
                .containsExactly(MAX / 4, MAX / 4, MAX);
        // Two sitting out tie above them: each has the two marked below and the other sitting out equal.
        assertThat(Settlement.roundScores(tied, List.of("x", "y"), List.of("a", "b"), BY_RANK))
                .containsExactly(MAX / 8, MAX / 8, MAX, MAX * 5 / 8, MAX * 5 / 8);
    }

    @Test
    void the_round_record_keeps_its_bytes_without_marks_and_stores_no_mark_as_absence() {
        ContentHash h = ContentHash.of(new byte[] {2});
        RoundContributionsRecord none = new RoundContributionsRecord("t", 1, 1, VALUES, h, List.of("Org1MSP"),
                List.of(), "tx", 5, null);
        RoundContributionsRecord empty = new RoundContributionsRecord("t", 1, 1, VALUES, h, List.of("Org1MSP"),
                List.of(), "tx", 5, List.of());
        assertThat(RecordJson.write(none)).doesNotContain("outOfLine").isEqualTo(RecordJson.write(empty));
        assertThat(empty).isEqualTo(none);
        assertThat(RecordJson.read(RecordJson.write(empty), RoundContributionsRecord.class)).isEqualTo(empty);
        RoundContributionsRecord marked = new RoundContributionsRecord("t", 1, 1, VALUES, h, List.of("Org1MSP"),
                List.of(), "tx", 5, List.of("d"));
        assertThat(RecordJson.write(marked)).contains("\"outOfLine\":[\"d\"]");
        assertThat(RecordJson.read(RecordJson.write(marked), RoundContributionsRecord.class)).isEqualTo(marked);
    }

    @Test
    void by_share_each_contributor_scores_half_plus_its_share_of_the_rounds_absolute_contribution() {
        // Total |v| = 100: a 40% of it, d -10%.
        assertThat(Settlement.roundScores(VALUES, List.of(), List.of(), BY_SHARE))
                .containsExactly(700_000L, 650_000L, 600_000L, 450_000L);
        assertThat(Settlement.roundScores(VALUES, List.of("e", "f"), List.of(), BY_SHARE))
                .as("nobody sitting out is scored").containsExactly(700_000L, 650_000L, 600_000L, 450_000L);
        assertThat(ReputationScore.SHARE.scoresSittingOut()).isFalse();
        assertThat(ReputationScore.RANK.scoresSittingOut()).isTrue();
        assertThat(ReputationScore.NON_NEGATIVE_RANK.scoresSittingOut()).isFalse();
        assertThat(Settlement.roundScores(VALUES, List.of("e"), List.of(), DEFAULT)).as("nobody sitting out scored")
                .hasSize(4);
        assertThat(Settlement.roundScores(VALUES, List.of(), List.of("a"), BY_SHARE))
                .as("out of line scores 0, the others keep their share of the same total")
                .containsExactly(0L, 650_000L, 600_000L, 450_000L);
    }

    @Test
    void a_share_is_floored_exactly_and_bounded_by_nothing_and_everything() {
        ContributionVector thirds = new ContributionVector(ContributionMethod.LEAVE_ONE_OUT, 1, List.of("a", "b"),
                List.of(1L, -2L));
        // 500,000 / 3 = 166,666.67 and -1,000,000 / 3 = -333,333.33, both floored.
        assertThat(Settlement.roundScores(thirds, List.of(), List.of(), BY_SHARE)).containsExactly(666_666L, 166_666L);
        ContributionVector harm = new ContributionVector(ContributionMethod.LEAVE_ONE_OUT, 1, List.of("a", "b", "c"),
                List.of(-5L, 0L, 0L));
        assertThat(Settlement.roundScores(harm, List.of(), List.of(), BY_SHARE)).containsExactly(0L, MAX / 2, MAX / 2);
        ContributionVector good = new ContributionVector(ContributionMethod.LEAVE_ONE_OUT, 1, List.of("a", "b"),
                List.of(5L, 0L));
        assertThat(Settlement.roundScores(good, List.of(), List.of(), BY_SHARE)).containsExactly(MAX, MAX / 2);
        ContributionVector nothing = new ContributionVector(ContributionMethod.LEAVE_ONE_OUT, 1, List.of("a", "b"),
                List.of(0L, 0L));
        assertThat(Settlement.roundScores(nothing, List.of(), List.of(), BY_SHARE)).containsExactly(MAX / 2, MAX / 2);
        // Values whose product with MAX / 2 overflows a long are still exact.
        long big = Long.MAX_VALUE / 4;
        ContributionVector huge = new ContributionVector(ContributionMethod.LEAVE_ONE_OUT, 1, List.of("a", "b", "c"),
                List.of(big, -big, 2 * big));
        assertThat(Settlement.roundScores(huge, List.of(), List.of(), BY_SHARE))
                .containsExactly(625_000L, 375_000L, 750_000L);
    }

    @Test
    void without_a_memory_a_reputation_moves_an_eighth_and_with_one_it_is_the_mean_until_that_many_rounds() {
        assertThat(Settlement.nextReputation(500_000, 900_000, 0, null)).isEqualTo((7 * 500_000 + 900_000) / 8);
        assertThat(Settlement.nextReputation(500_000, 900_000, 7, null)).isEqualTo(Settlement.nextReputation(500_000,
                900_000));
        // Memory 4: the first score replaces the initial reputation, the next ones average with it...
        long r = Settlement.nextReputation(ReputationRecord.INITIAL, 900_000, 0, 4);
        assertThat(r).isEqualTo(900_000);
        r = Settlement.nextReputation(r, 300_000, 1, 4);
        assertThat(r).isEqualTo(600_000);
        r = Settlement.nextReputation(r, 600_000, 2, 4);
        assertThat(r).isEqualTo(600_000);
        r = Settlement.nextReputation(r, 1, 3, 4);
        assertThat(r).as("(3 r + 1) / 4, floored").isEqualTo(450_000);
        // ...and from the fourth on each round weighs a quarter, however many came before.
        assertThat(Settlement.nextReputation(450_000, 50_000, 1000, 4)).isEqualTo(350_000);
    }

    @Test
    void a_reputation_record_counts_its_rounds_and_follows_the_tasks_memory() {
        IncentiveRules remembering = BY_SHARE.withReputationMemory(30);
        ReputationRecord first = Settlement.reputation(null, "a", 200_000, remembering, "t", 1, "tx1");
        assertThat(first.reputation()).isEqualTo(200_000);
        assertThat(first.rounds()).isEqualTo(1);
        ReputationRecord second = Settlement.reputation(first, "a", 800_001, remembering, "t", 2, "tx2");
        assertThat(second.reputation()).isEqualTo(500_000);
        assertThat(second.rounds()).isEqualTo(2);
        assertThat(Settlement.reputation(null, "a", 200_000, BY_SHARE, "t", 1, "tx1").reputation())
                .as("no memory: an eighth of the way from the initial 500,000").isEqualTo(462_500);
    }

    @Test
    void rules_without_a_memory_keep_their_bytes_and_a_memory_round_trips() {
        assertThat(RecordJson.write(BY_RANK)).doesNotContain("reputationMemory");
        IncentiveRules remembering = BY_SHARE.withReputationMemory(30);
        assertThat(RecordJson.write(remembering)).contains("\"reputationMemory\":30").contains("\"SHARE\"");
        assertThat(RecordJson.read(RecordJson.write(remembering), IncentiveRules.class)).isEqualTo(remembering);
        assertThat(remembering.withReputationMemory(null)).isEqualTo(BY_SHARE);
    }
}

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

/** Issue 24: how a round scores contributors marked out of line, under both reputation scores. */
class RoundScoresTest {
    private static final long MAX = ReputationRecord.MAX;
    private static final IncentiveRules DEFAULT = new IncentiveRules(ContributionMethod.LEAVE_ONE_OUT,
            ContentHash.of(new byte[] {1}), 1);
    private static final IncentiveRules BY_RANK = DEFAULT.withReputationScore(ReputationScore.RANK);
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
}

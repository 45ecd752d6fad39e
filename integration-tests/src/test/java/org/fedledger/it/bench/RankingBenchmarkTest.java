package org.fedledger.it.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.fedledger.protocol.record.ReputationRecord;
import org.junit.jupiter.api.Test;

/**
 * The ranking benchmark's what-if: reputations replayed from agreed contributions with every round
 * scored by rank alone, so a negative contribution ranks like any other instead of scoring 0.
 */
class RankingBenchmarkTest {
    private static final long HALF = ReputationRecord.INITIAL;

    @Test
    void every_round_scores_by_rank_among_its_contributors_negatives_included() {
        // three hospitals; all negative in round 1 (the ledger's rule would score all three 0),
        // hospital 3 absent from round 2
        List<List<Long>> rounds = List.of(List.of(-1L, -5L, -3L), Arrays.asList(7L, 2L, null));

        List<Long> reputations = RankingBenchmark.reputationsByRankAlone(rounds, 3, false);

        long max = ReputationRecord.MAX;
        long h1 = (7 * ((7 * HALF + max) / 8) + max) / 8; // first, then first of two
        long h2 = (7 * ((7 * HALF + 0) / 8) + 0) / 8; // last, then last of two
        long h3 = (7 * HALF + max / 2) / 8; // in the middle, then absent
        assertThat(reputations).containsExactly(h1, h2, h3);
    }

    @Test
    void equal_contributions_count_half_as_the_ledgers_score_does() {
        List<Long> reputations = RankingBenchmark.reputationsByRankAlone(List.of(List.of(-2L, -2L)), 2, false);

        assertThat(reputations).containsExactly((7 * HALF + ReputationRecord.MAX / 2) / 8,
                (7 * HALF + ReputationRecord.MAX / 2) / 8);
    }

    @Test
    void a_hospital_sitting_out_a_round_ranks_below_every_hospital_in_it() {
        List<List<Long>> rounds = List.of(Arrays.asList(-4L, -9L, null));

        List<Long> reputations = RankingBenchmark.reputationsByRankAlone(rounds, 3, true);

        long max = ReputationRecord.MAX;
        assertThat(reputations).containsExactly((7 * HALF + max) / 8, (7 * HALF + max / 2) / 8, (7 * HALF) / 8);
    }
}

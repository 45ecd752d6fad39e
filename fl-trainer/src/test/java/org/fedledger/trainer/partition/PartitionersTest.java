package org.fedledger.trainer.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.fedledger.trainer.data.Dataset;
import org.fedledger.trainer.data.Datasets;
import org.fedledger.trainer.data.TrainTestSplit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PartitionersTest {
    private static final Dataset TRAIN = TrainTestSplit.stratified(Datasets.digits(), 0.2, 1).train();

    /** Total variation distance between each site's label distribution and the whole set's, averaged over sites. */
    static double meanLabelSkew(Dataset data, Partition p) {
        int[] all = data.classCounts();
        double sum = 0;
        for (Dataset site : p.apply(data)) {
            int[] counts = site.classCounts();
            double tv = 0;
            for (int c = 0; c < all.length; c++) {
                tv += Math.abs((double) counts[c] / site.size() - (double) all[c] / data.size());
            }
            sum += tv / 2;
        }
        return sum / p.siteCount();
    }

    abstract static class EveryPartitioner {
        abstract Partitioner partitioner(long seed);

        @Test
        void puts_every_sample_in_exactly_one_site() {
            for (int sites : new int[] {1, 3, 10}) {
                Partition p = partitioner(3).split(TRAIN, sites);
                int[] seen = new int[TRAIN.size()];
                for (int k = 0; k < p.siteCount(); k++) {
                    for (int i : p.indices(k)) {
                        seen[i]++;
                    }
                }
                assertThat(p.siteCount()).isEqualTo(sites);
                assertThat(seen).as("%d sites", sites).containsOnly(1);
            }
        }

        @Test
        void leaves_no_site_empty_even_with_as_many_sites_as_samples() {
            Dataset tiny = TRAIN.subset(new int[] {0, 1, 2, 3, 4, 5, 6});
            for (long seed = 0; seed < 20; seed++) {
                assertThat(partitioner(seed).split(tiny, 7).sizes()).containsOnly(1);
                assertThat(partitioner(seed).split(tiny, 5).sizes()).doesNotContain(0);
            }
        }

        @Test
        void gives_the_same_partition_for_the_same_seed_and_another_for_another() {
            Partition a = partitioner(8).split(TRAIN, 4);
            Partition b = partitioner(8).split(TRAIN, 4);
            Partition c = partitioner(9).split(TRAIN, 4);
            for (int k = 0; k < 4; k++) {
                assertThat(a.indices(k)).containsExactly(b.indices(k));
            }
            boolean differs = false;
            for (int k = 0; k < 4; k++) {
                differs |= !Arrays.equals(a.indices(k), c.indices(k));
            }
            assertThat(differs).as("another seed changes some site").isTrue();
        }

        @Test
        void refuses_more_sites_than_samples() {
            Dataset tiny = TRAIN.subset(new int[] {0, 1});
            assertThatThrownBy(() -> partitioner(1).split(tiny, 3)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("3 sites");
            assertThatThrownBy(() -> partitioner(1).split(tiny, 0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Iid extends EveryPartitioner {
        @Override
        Partitioner partitioner(long seed) {
            return Partitioners.iid(seed);
        }

        @Test
        void gives_sizes_that_differ_by_at_most_one_and_nearly_global_label_shares() {
            Partition p = partitioner(2).split(TRAIN, 3);
            assertThat(p.sizes()).containsExactly(480, 479, 479);
            assertThat(meanLabelSkew(TRAIN, p)).isLessThan(0.08);
        }
    }

    @Nested
    class LabelSkew extends EveryPartitioner {
        @Override
        Partitioner partitioner(long seed) {
            return Partitioners.labelSkew(0.5, seed);
        }

        @Test
        void skews_labels_measurably_more_than_iid_and_more_as_alpha_falls() {
            double iid = meanLabelSkew(TRAIN, Partitioners.iid(4).split(TRAIN, 3));
            double half = meanLabelSkew(TRAIN, Partitioners.labelSkew(0.5, 4).split(TRAIN, 3));
            double tenth = meanLabelSkew(TRAIN, Partitioners.labelSkew(0.1, 4).split(TRAIN, 3));
            double hundred = meanLabelSkew(TRAIN, Partitioners.labelSkew(100, 4).split(TRAIN, 3));
            assertThat(half).isGreaterThan(0.25).isGreaterThan(3 * iid);
            assertThat(tenth).isGreaterThan(half);
            assertThat(hundred).isLessThan(0.1);
        }

        @Test
        void refuses_a_non_positive_alpha() {
            assertThatThrownBy(() -> Partitioners.labelSkew(0, 1)).hasMessageContaining("alpha");
        }
    }

    @Nested
    class QuantitySkew extends EveryPartitioner {
        @Override
        Partitioner partitioner(long seed) {
            return Partitioners.quantitySkew(0.5, seed);
        }

        @Test
        void makes_sizes_unequal_while_labels_stay_mixed() {
            Partition p = partitioner(5).split(TRAIN, 5);
            int[] sizes = p.sizes();
            int min = Arrays.stream(sizes).min().orElseThrow();
            int max = Arrays.stream(sizes).max().orElseThrow();
            assertThat(max).isGreaterThan(2 * min);
            assertThat(Arrays.stream(sizes).sum()).isEqualTo(TRAIN.size());
        }
    }

    @Test
    void a_partition_refuses_an_empty_site_and_no_sites() {
        assertThatThrownBy(() -> Partition.of(List.of(new int[] {0, 1}, new int[0])))
                .hasMessageContaining("site 1 has no samples");
        assertThatThrownBy(() -> Partition.of(List.of())).hasMessageContaining("at least one site");
    }

    @Test
    void apportion_gives_whole_counts_that_sum_to_the_total_and_follow_the_shares() {
        assertThat(Partitioners.apportion(10, new double[] {0.55, 0.25, 0.2})).containsExactly(6, 2, 2);
        assertThat(Partitioners.apportion(7, new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3})).containsExactly(3, 2, 2);
        assertThat(Partitioners.apportion(0, new double[] {0.5, 0.5})).containsExactly(0, 0);
    }
}

package org.fedledger.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.fedledger.trainer.data.Dataset;
import org.fedledger.trainer.data.Datasets;
import org.fedledger.trainer.data.Standardizer;
import org.fedledger.trainer.data.TrainTestSplit;
import org.fedledger.trainer.partition.Partitioners;
import org.junit.jupiter.api.Test;

/**
 * {@code demo --seed}: the default seed splits the data exactly as the demo did when its seed was
 * fixed, and another seed splits it differently.
 */
class DemoSeedTest {
    /** The seed the demo was built with before it could be chosen, written here as it was then. */
    private static final long SEED_BEFORE = 13;

    /** Each site's rows, features then label, bit for bit. */
    private static List<List<List<Double>>> rows(List<Dataset> sites) {
        List<List<List<Double>>> all = new ArrayList<>();
        for (Dataset d : sites) {
            List<List<Double>> site = new ArrayList<>();
            for (int i = 0; i < d.size(); i++) {
                double[] r = new double[d.featureCount() + 1];
                d.copyRow(i, r, 0);
                r[d.featureCount()] = d.label(i);
                site.add(Arrays.stream(r).boxed().toList());
            }
            all.add(site);
        }
        return all;
    }

    /** The sites and then the test set, computed as the demo's tasks did before they had a seed. */
    private static List<Dataset> before(Dataset all, int sites) {
        TrainTestSplit split = TrainTestSplit.stratified(all, 0.2, SEED_BEFORE);
        Standardizer scaling = Standardizer.fit(split.train());
        Dataset train = scaling.apply(split.train());
        List<Dataset> out = new ArrayList<>(Partitioners.labelSkew(0.5, SEED_BEFORE).split(train, sites).apply(train));
        out.add(scaling.apply(split.test()));
        return out;
    }

    private static List<Dataset> sitesAndTest(DemoTask task) {
        List<Dataset> out = new ArrayList<>(task.sites());
        out.add(task.test());
        return out;
    }

    @Test
    void the_default_seed_splits_both_tasks_as_the_fixed_seed_did() {
        for (int sites : new int[] {3, 9}) {
            assertThat(rows(sitesAndTest(DemoTask.breastCancer(sites, 1))))
                    .isEqualTo(rows(before(Datasets.breastCancer(), sites)));
            assertThat(rows(sitesAndTest(DemoTask.named("breast-cancer", sites, 1, Optional.empty(), DemoTask.SEED))))
                    .isEqualTo(rows(before(Datasets.breastCancer(), sites)));
            assertThat(rows(sitesAndTest(DemoTask.named("digits", sites, 1, Optional.empty(), DemoTask.SEED))))
                    .isEqualTo(rows(before(Datasets.digits(), sites)));
        }
        assertThat(DemoTask.breastCancer(3, 1).seed()).isEqualTo(SEED_BEFORE);
    }

    @Test
    void another_seed_splits_the_data_across_the_hospitals_differently() {
        DemoTask usual = DemoTask.breastCancer(9, 1);
        DemoTask other = DemoTask.breastCancer(9, 1, Optional.empty(), 1);
        assertThat(other.seed()).isEqualTo(1);
        assertThat(other.sites().stream().map(d -> Arrays.toString(d.classCounts())).toList())
                .isNotEqualTo(usual.sites().stream().map(d -> Arrays.toString(d.classCounts())).toList());
        assertThat(rows(DemoTask.digits(9, 1, Optional.empty(), 2).sites()))
                .isNotEqualTo(rows(DemoTask.digits(9, 1).sites()));
        // The same seed again gives the same split.
        assertThat(rows(DemoTask.breastCancer(9, 1, Optional.empty(), 1).sites())).isEqualTo(rows(other.sites()));
    }

    @Test
    void a_hostile_hospitals_noise_seed_follows_the_tasks_seed() {
        assertThat(AttackSite.seed(SEED_BEFORE, 7, 3)).isEqualTo(SEED_BEFORE * 1_000_003L + 7 * 1_009L + 3);
        assertThat(AttackSite.seed(1, 7, 3)).isNotEqualTo(AttackSite.seed(2, 7, 3));
    }
}

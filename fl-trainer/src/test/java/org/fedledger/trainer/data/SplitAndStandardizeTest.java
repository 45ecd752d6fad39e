package org.fedledger.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SplitAndStandardizeTest {
    private final Dataset digits = Datasets.digits();

    @Test
    void the_stratified_split_keeps_each_class_share_on_both_sides() {
        TrainTestSplit split = TrainTestSplit.stratified(digits, 0.2, 5);
        int[] all = digits.classCounts();
        int[] test = split.test().classCounts();
        int[] train = split.train().classCounts();
        for (int c = 0; c < all.length; c++) {
            assertThat(test[c]).isEqualTo((int) Math.round(all[c] * 0.2));
            assertThat(train[c] + test[c]).isEqualTo(all[c]);
        }
    }

    @Test
    void the_same_seed_gives_the_same_test_set_and_another_seed_another() {
        TrainTestSplit a = TrainTestSplit.stratified(digits, 0.2, 5);
        TrainTestSplit b = TrainTestSplit.stratified(digits, 0.2, 5);
        TrainTestSplit c = TrainTestSplit.stratified(digits, 0.2, 6);
        assertThat(rows(a.test())).isEqualTo(rows(b.test()));
        assertThat(rows(a.test())).isNotEqualTo(rows(c.test()));
    }

    @Test
    void standardisation_uses_training_statistics_only() {
        TrainTestSplit split = TrainTestSplit.stratified(Datasets.breastCancer(), 0.2, 5);
        TrainTestSplit z = split.standardized();
        Standardizer fitted = Standardizer.fit(split.train());
        for (int j = 0; j < 30; j++) {
            double mean = 0;
            for (int i = 0; i < z.train().size(); i++) {
                mean += z.train().feature(i, j);
            }
            assertThat(mean / z.train().size()).isCloseTo(0.0, within(1e-9));
            double expected = (split.test().feature(0, j) - fitted.means()[j]) / fitted.scales()[j];
            assertThat(z.test().feature(0, j)).isEqualTo(expected);
        }
        assertThat(fitted.means()).isNotEqualTo(Standardizer.fit(split.test()).means());
    }

    @Test
    void a_constant_feature_keeps_scale_one() {
        Dataset constant = Dataset.of("c", new double[][] {{3, 1}, {3, 2}, {3, 4}}, new int[] {0, 1, 0}, 2);
        Standardizer s = Standardizer.fit(constant);
        assertThat(s.scales()[0]).isEqualTo(1.0);
        assertThat(s.apply(constant).feature(2, 0)).isEqualTo(0.0);
    }

    private static String rows(Dataset d) {
        StringBuilder b = new StringBuilder();
        double[] row = new double[d.featureCount()];
        for (int i = 0; i < d.size(); i++) {
            d.copyRow(i, row, 0);
            b.append(java.util.Arrays.toString(row)).append(d.label(i));
        }
        return b.toString();
    }
}

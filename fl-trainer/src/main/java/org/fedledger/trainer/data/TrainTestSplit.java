package org.fedledger.trainer.data;

import java.util.Arrays;
import java.util.Objects;
import org.fedledger.trainer.random.SeededRandom;

/**
 * A training set and a held-out test set. {@link #stratified(Dataset, double, long)} keeps each class's
 * share in both and depends only on the data and the seed, so every site and the centralised reference
 * evaluate on the same test set.
 *
 * <pre>{@code
 * TrainTestSplit split = TrainTestSplit.stratified(Datasets.digits(), 0.2, 42).standardized();
 * Dataset train = split.train();
 * Dataset test = split.test();
 * }</pre>
 */
public final class TrainTestSplit {
    private final Dataset train;
    private final Dataset test;

    private TrainTestSplit(Dataset train, Dataset test) {
        this.train = train;
        this.test = test;
    }

    /**
     * For each class, its samples are shuffled with the seed and {@code round(count * testFraction)} of
     * them go to the test set; both sets keep the original sample order.
     *
     * @param all the whole dataset
     * @param testFraction share of each class held out, in (0, 1)
     * @param seed the shuffle seed
     * @return the split
     * @throws IllegalArgumentException when {@code testFraction} is out of range or either side would
     *     be empty
     */
    public static TrainTestSplit stratified(Dataset all, double testFraction, long seed) {
        Objects.requireNonNull(all, "all");
        if (!(testFraction > 0.0 && testFraction < 1.0)) {
            throw new IllegalArgumentException("test fraction " + testFraction + " must be in (0, 1)");
        }
        SeededRandom random = new SeededRandom(seed);
        boolean[] held = new boolean[all.size()];
        int[] counts = all.classCounts();
        int heldCount = 0;
        for (int c = 0; c < all.classCount(); c++) {
            int[] members = new int[counts[c]];
            int m = 0;
            for (int i = 0; i < all.size(); i++) {
                if (all.label(i) == c) {
                    members[m++] = i;
                }
            }
            random.shuffle(members);
            int take = (int) Math.round(counts[c] * testFraction);
            for (int k = 0; k < take; k++) {
                held[members[k]] = true;
            }
            heldCount += take;
        }
        if (heldCount == 0 || heldCount == all.size()) {
            throw new IllegalArgumentException("a test fraction of " + testFraction + " leaves "
                    + (heldCount == 0 ? "the test" : "the training") + " set of '" + all.name() + "' empty");
        }
        int[] trainIdx = new int[all.size() - heldCount];
        int[] testIdx = new int[heldCount];
        int a = 0;
        int b = 0;
        for (int i = 0; i < all.size(); i++) {
            if (held[i]) {
                testIdx[b++] = i;
            } else {
                trainIdx[a++] = i;
            }
        }
        return new TrainTestSplit(all.subset(trainIdx), all.subset(testIdx));
    }

    /**
     * @return this split with both sets standardised by a {@link Standardizer} fitted on the training
     *     set only
     */
    public TrainTestSplit standardized() {
        Standardizer s = Standardizer.fit(train);
        return new TrainTestSplit(s.apply(train), s.apply(test));
    }

    /** @return the training samples */
    public Dataset train() {
        return train;
    }

    /** @return the held-out test samples */
    public Dataset test() {
        return test;
    }

    @Override
    public String toString() {
        return "TrainTestSplit{train=" + train.size() + " " + Arrays.toString(train.classCounts()) + ", test="
                + test.size() + " " + Arrays.toString(test.classCounts()) + "}";
    }
}

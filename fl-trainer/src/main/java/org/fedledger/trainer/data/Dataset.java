package org.fedledger.trainer.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An immutable labelled dataset: {@code size()} samples of {@code featureCount()} real features, each
 * with a class label in {@code [0, classCount())}. Samples keep the order they were given in, so the
 * same dataset always trains the same way.
 *
 * <pre>{@code
 * Dataset xor = Dataset.of("xor", new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}, new int[] {0, 1, 1, 0}, 2);
 * xor.classCounts(); // [2, 2]
 * }</pre>
 */
public final class Dataset {
    private final String name;
    private final int featureCount;
    private final int classCount;
    private final double[] features;
    private final int[] labels;

    private Dataset(String name, int featureCount, int classCount, double[] features, int[] labels) {
        this.name = name;
        this.featureCount = featureCount;
        this.classCount = classCount;
        this.features = features;
        this.labels = labels;
    }

    /**
     * @param name a name for messages, for example the file it came from
     * @param rows one feature row per sample, all of the same positive length; copied
     * @param labels one label per row, each in {@code [0, classCount)}; copied
     * @param classCount number of classes, at least 2
     * @return the dataset
     * @throws IllegalArgumentException when there are no rows, rows differ in length, a value is not
     *     finite, the label count differs from the row count or a label is out of range
     * @throws NullPointerException when an argument or row is null
     */
    public static Dataset of(String name, double[][] rows, int[] labels, int classCount) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(labels, "labels");
        if (rows.length == 0) {
            throw new IllegalArgumentException("dataset '" + name + "' has no samples");
        }
        int width = Objects.requireNonNull(rows[0], "row 0").length;
        double[] flat = new double[Math.multiplyExact(rows.length, width)];
        for (int i = 0; i < rows.length; i++) {
            double[] row = Objects.requireNonNull(rows[i], "row " + i);
            if (row.length != width) {
                throw new IllegalArgumentException("dataset '" + name + "' row " + i + " has " + row.length
                        + " features; row 0 has " + width);
            }
            System.arraycopy(row, 0, flat, i * width, width);
        }
        return ofFlat(name, width, classCount, flat, labels.clone());
    }

    /** Takes ownership of {@code features} and {@code labels}; checks everything. */
    static Dataset ofFlat(String name, int featureCount, int classCount, double[] features, int[] labels) {
        if (featureCount < 1) {
            throw new IllegalArgumentException("dataset '" + name + "' needs at least one feature");
        }
        if (classCount < 2) {
            throw new IllegalArgumentException("dataset '" + name + "' needs at least 2 classes, not " + classCount);
        }
        if (labels.length == 0 || features.length != labels.length * featureCount) {
            throw new IllegalArgumentException("dataset '" + name + "' has " + labels.length + " labels for "
                    + features.length / featureCount + " rows");
        }
        for (int i = 0; i < features.length; i++) {
            if (!Double.isFinite(features[i])) {
                throw new IllegalArgumentException("dataset '" + name + "' row " + i / featureCount + " feature "
                        + i % featureCount + " is " + features[i] + "; only finite values are allowed");
            }
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classCount) {
                throw new IllegalArgumentException("dataset '" + name + "' row " + i + " has label " + labels[i]
                        + "; labels must be in [0, " + classCount + ")");
            }
        }
        return new Dataset(name, featureCount, classCount, features, labels);
    }

    /** @return the name given at construction */
    public String name() {
        return name;
    }

    /** @return the number of samples, at least 1 */
    public int size() {
        return labels.length;
    }

    /** @return the number of features per sample */
    public int featureCount() {
        return featureCount;
    }

    /** @return the number of classes */
    public int classCount() {
        return classCount;
    }

    /**
     * @param i the sample's index
     * @return the sample's label
     * @throws IndexOutOfBoundsException when {@code i} is not a sample index
     */
    public int label(int i) {
        return labels[Objects.checkIndex(i, labels.length)];
    }

    /**
     * @param i the sample's index
     * @param j the feature's index
     * @return feature {@code j} of sample {@code i}
     * @throws IndexOutOfBoundsException when an index is out of range
     */
    public double feature(int i, int j) {
        Objects.checkIndex(i, labels.length);
        return features[i * featureCount + Objects.checkIndex(j, featureCount)];
    }

    /**
     * Copies sample {@code i}'s features into {@code target} starting at {@code offset}; the hot path of
     * training loops, without allocation.
     *
     * @param i the sample's index
     * @param target the array to fill
     * @param offset the first index written
     * @throws IndexOutOfBoundsException when {@code i} or the target range is out of bounds
     */
    public void copyRow(int i, double[] target, int offset) {
        System.arraycopy(features, Objects.checkIndex(i, labels.length) * featureCount, target, offset, featureCount);
    }

    /** @return how many samples each class has, indexed by label */
    public int[] classCounts() {
        int[] counts = new int[classCount];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** @return a copy of all labels in sample order */
    public int[] labels() {
        return labels.clone();
    }

    /**
     * @param indices sample indices in the order wanted; repeats allowed
     * @return a new dataset of those samples, same feature and class counts
     * @throws IllegalArgumentException when {@code indices} is empty
     * @throws IndexOutOfBoundsException when an index is not a sample index
     */
    public Dataset subset(int[] indices) {
        Objects.requireNonNull(indices, "indices");
        if (indices.length == 0) {
            throw new IllegalArgumentException("a subset of '" + name + "' needs at least one sample");
        }
        double[] f = new double[indices.length * featureCount];
        int[] l = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            copyRow(indices[k], f, k * featureCount);
            l[k] = labels[indices[k]];
        }
        return new Dataset(name, featureCount, classCount, f, l);
    }

    /**
     * @param samples datasets with equal feature and class counts, concatenated in the order given
     * @return one dataset of all their samples, named after the first
     * @throws IllegalArgumentException when the list is empty or the datasets do not line up
     */
    public static Dataset concat(List<Dataset> samples) {
        Objects.requireNonNull(samples, "samples");
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("nothing to concatenate");
        }
        Dataset first = samples.get(0);
        int total = 0;
        for (Dataset d : samples) {
            if (d.featureCount != first.featureCount || d.classCount != first.classCount) {
                throw new IllegalArgumentException("dataset '" + d.name + "' has " + d.featureCount + " features and "
                        + d.classCount + " classes; '" + first.name + "' has " + first.featureCount + " and "
                        + first.classCount);
            }
            total += d.size();
        }
        double[] f = new double[total * first.featureCount];
        int[] l = new int[total];
        int at = 0;
        for (Dataset d : samples) {
            System.arraycopy(d.features, 0, f, at * first.featureCount, d.features.length);
            System.arraycopy(d.labels, 0, l, at, d.labels.length);
            at += d.size();
        }
        return new Dataset(first.name, first.featureCount, first.classCount, f, l);
    }

    /** Package-private view for {@link Standardizer}; never written to. */
    double[] featuresView() {
        return features;
    }

    /** Package-private: same labels and shape, new features (owned). */
    Dataset withFeatures(double[] newFeatures) {
        return ofFlat(name, featureCount, classCount, newFeatures, labels);
    }

    @Override
    public String toString() {
        return "Dataset{name=" + name + ", size=" + size() + ", features=" + featureCount + ", classes=" + classCount
                + ", classCounts=" + Arrays.toString(classCounts()) + "}";
    }
}

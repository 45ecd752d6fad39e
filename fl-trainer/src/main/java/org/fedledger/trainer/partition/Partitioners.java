package org.fedledger.trainer.partition;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.fedledger.trainer.data.Dataset;
import org.fedledger.trainer.random.SeededRandom;

/**
 * Entry point of the partition package: the three ways of splitting a training set across sites.
 *
 * <ul>
 *   <li>{@link #iid(long)}: a seeded shuffle cut into near-equal parts.</li>
 *   <li>{@link #labelSkew(double, long)}: for each class, site shares drawn from a symmetric
 *       Dirichlet(alpha); small alpha gives sites that hold mostly a few classes.</li>
 *   <li>{@link #quantitySkew(double, long)}: labels IID, but site sizes drawn from Dirichlet(alpha).</li>
 * </ul>
 *
 * <p>How no site is left empty: quantity skew gives every site one sample before sharing out the
 * rest; label skew, after sharing every class out, repairs each empty site by moving to it the most
 * recently assigned sample of the currently largest site (lowest site index on ties). Both need at
 * least as many samples as sites. Shares become whole counts by the largest-remainder method (ties to
 * the lower site index), so no floating-point rounding decides which site a sample lands in twice.
 *
 * <pre>{@code
 * Partition p = Partitioners.labelSkew(0.5, 42).split(train, 3);
 * }</pre>
 */
public final class Partitioners {
    private Partitioners() {
    }

    /**
     * @param seed the shuffle seed
     * @return a partitioner giving sites near-equal random shares (sizes differ by at most one)
     */
    public static Partitioner iid(long seed) {
        return (data, sites) -> {
            int n = checkedSize(data, sites);
            int[] order = identity(n);
            new SeededRandom(seed).shuffle(order);
            int[] sizes = new int[sites];
            for (int k = 0; k < sites; k++) {
                sizes[k] = n / sites + (k < n % sites ? 1 : 0);
            }
            return Partition.of(cut(order, sizes));
        };
    }

    /**
     * @param alpha Dirichlet concentration, positive and finite (0.1: strong skew, 100: near IID)
     * @param seed the seed of the shares and shuffles
     * @return a partitioner with Dirichlet label skew
     * @throws IllegalArgumentException when {@code alpha} is not positive and finite
     */
    public static Partitioner labelSkew(double alpha, long seed) {
        checkAlpha(alpha);
        return (data, sites) -> {
            checkedSize(data, sites);
            SeededRandom random = new SeededRandom(seed);
            List<List<Integer>> assigned = new ArrayList<>(sites);
            for (int k = 0; k < sites; k++) {
                assigned.add(new ArrayList<>());
            }
            int[] counts = data.classCounts();
            for (int c = 0; c < data.classCount(); c++) {
                int[] members = new int[counts[c]];
                int m = 0;
                for (int i = 0; i < data.size(); i++) {
                    if (data.label(i) == c) {
                        members[m++] = i;
                    }
                }
                random.shuffle(members);
                int[] sizes = apportion(members.length, random.dirichlet(alpha, sites));
                int at = 0;
                for (int k = 0; k < sites; k++) {
                    for (int s = 0; s < sizes[k]; s++) {
                        assigned.get(k).add(members[at++]);
                    }
                }
            }
            for (int k = 0; k < sites; k++) {
                while (assigned.get(k).isEmpty()) {
                    int largest = 0;
                    for (int j = 1; j < sites; j++) {
                        if (assigned.get(j).size() > assigned.get(largest).size()) {
                            largest = j;
                        }
                    }
                    List<Integer> donor = assigned.get(largest);
                    assigned.get(k).add(donor.remove(donor.size() - 1));
                }
            }
            List<int[]> out = new ArrayList<>(sites);
            for (List<Integer> site : assigned) {
                out.add(site.stream().mapToInt(Integer::intValue).toArray());
            }
            return Partition.of(out);
        };
    }

    /**
     * @param alpha Dirichlet concentration of the site sizes, positive and finite
     * @param seed the seed of the sizes and the shuffle
     * @return a partitioner with IID labels and Dirichlet-distributed site sizes, each at least 1
     * @throws IllegalArgumentException when {@code alpha} is not positive and finite
     */
    public static Partitioner quantitySkew(double alpha, long seed) {
        checkAlpha(alpha);
        return (data, sites) -> {
            int n = checkedSize(data, sites);
            SeededRandom random = new SeededRandom(seed);
            int[] sizes = apportion(n - sites, random.dirichlet(alpha, sites));
            for (int k = 0; k < sites; k++) {
                sizes[k] += 1;
            }
            int[] order = identity(n);
            random.shuffle(order);
            return Partition.of(cut(order, sizes));
        };
    }

    /**
     * Whole counts summing to {@code total} in proportion to {@code shares}: floors first, then one each
     * to the largest fractional remainders (lower index first on ties).
     */
    static int[] apportion(int total, double[] shares) {
        int k = shares.length;
        int[] counts = new int[k];
        double[] remainders = new double[k];
        int given = 0;
        for (int i = 0; i < k; i++) {
            double exact = total * shares[i];
            counts[i] = Math.min(total - given, (int) Math.floor(exact));
            remainders[i] = exact - counts[i];
            given += counts[i];
        }
        while (given < total) {
            int best = 0;
            for (int i = 1; i < k; i++) {
                if (remainders[i] > remainders[best]) {
                    best = i;
                }
            }
            counts[best]++;
            remainders[best] = Double.NEGATIVE_INFINITY;
            given++;
        }
        return counts;
    }

    private static List<int[]> cut(int[] order, int[] sizes) {
        List<int[]> out = new ArrayList<>(sizes.length);
        int at = 0;
        for (int size : sizes) {
            int[] part = new int[size];
            System.arraycopy(order, at, part, 0, size);
            at += size;
            out.add(part);
        }
        return out;
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    private static int checkedSize(Dataset data, int sites) {
        Objects.requireNonNull(data, "data");
        if (sites < 1 || sites > data.size()) {
            throw new IllegalArgumentException(sites + " sites cannot each get a sample of '" + data.name()
                    + "' (" + data.size() + " samples); use 1 to " + data.size() + " sites");
        }
        return data.size();
    }

    private static void checkAlpha(double alpha) {
        if (!(alpha > 0.0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("Dirichlet alpha " + alpha + " must be positive and finite");
        }
    }
}

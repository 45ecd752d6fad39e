package org.fedledger.trainer.partition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.fedledger.trainer.data.Dataset;

/**
 * Which samples of a dataset each site holds: per site, the sample indices in ascending order. Every
 * partition a {@link Partitioner} makes gives every site at least one sample and every sample to
 * exactly one site.
 *
 * <pre>{@code
 * Partition p = Partitioners.iid(7).split(train, 3);
 * List<Dataset> sites = p.apply(train);
 * int[] first = p.indices(0);
 * }</pre>
 */
public final class Partition {
    private final List<int[]> sites;

    private Partition(List<int[]> sites) {
        this.sites = sites;
    }

    /**
     * @param sites per site, the indices of its samples (copied, then sorted)
     * @return the partition
     * @throws IllegalArgumentException when there are no sites or a site has no sample
     * @throws NullPointerException when the list or an element is null
     */
    public static Partition of(List<int[]> sites) {
        Objects.requireNonNull(sites, "sites");
        if (sites.isEmpty()) {
            throw new IllegalArgumentException("a partition needs at least one site");
        }
        List<int[]> copy = new ArrayList<>(sites.size());
        for (int k = 0; k < sites.size(); k++) {
            int[] indices = Objects.requireNonNull(sites.get(k), "site " + k).clone();
            if (indices.length == 0) {
                throw new IllegalArgumentException("site " + k + " has no samples");
            }
            Arrays.sort(indices);
            copy.add(indices);
        }
        return new Partition(List.copyOf(copy));
    }

    /** @return the number of sites */
    public int siteCount() {
        return sites.size();
    }

    /**
     * @param site the site's index
     * @return a copy of the site's sample indices, ascending
     * @throws IndexOutOfBoundsException when {@code site} is not a site index
     */
    public int[] indices(int site) {
        return sites.get(site).clone();
    }

    /** @return each site's sample count, by site */
    public int[] sizes() {
        int[] sizes = new int[sites.size()];
        for (int k = 0; k < sizes.length; k++) {
            sizes[k] = sites.get(k).length;
        }
        return sizes;
    }

    /**
     * @param data the dataset that was split
     * @return one dataset per site, samples in ascending index order
     * @throws IndexOutOfBoundsException when an index is not a sample of {@code data}
     */
    public List<Dataset> apply(Dataset data) {
        Objects.requireNonNull(data, "data");
        List<Dataset> out = new ArrayList<>(sites.size());
        for (int[] indices : sites) {
            out.add(data.subset(indices));
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return "Partition{sizes=" + Arrays.toString(sizes()) + "}";
    }
}

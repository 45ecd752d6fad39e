package org.fedledger.trainer.partition;

import org.fedledger.trainer.data.Dataset;

/**
 * Splits a dataset across sites to simulate a federation. Implementations are seeded: the same data,
 * site count and seed always give the same partition. Get one from {@link Partitioners}.
 *
 * <pre>{@code
 * Partitioner skewed = Partitioners.labelSkew(0.5, 42);
 * List<Dataset> sites = skewed.split(train, 3).apply(train);
 * }</pre>
 */
public interface Partitioner {
    /**
     * @param data the samples to share out
     * @param sites number of sites, at least 1
     * @return a partition in which every sample belongs to exactly one site and every site has at
     *     least one sample
     * @throws IllegalArgumentException when {@code sites} is below 1 or above {@code data.size()}
     */
    Partition split(Dataset data, int sites);
}

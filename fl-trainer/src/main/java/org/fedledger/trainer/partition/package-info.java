/**
 * Seeded ways of splitting a training set across simulated sites: IID, Dirichlet label skew and
 * Dirichlet quantity skew.
 *
 * <p>Entry point: {@link org.fedledger.trainer.partition.Partitioners}.
 *
 * <pre>{@code
 * List<Dataset> sites = Partitioners.labelSkew(0.5, 42).split(train, 3).apply(train);
 * }</pre>
 */
package org.fedledger.trainer.partition;

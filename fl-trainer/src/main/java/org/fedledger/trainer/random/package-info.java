/**
 * Seeded, machine-independent randomness for shuffling, initial weights and partitioning.
 *
 * <p>Entry point: {@link org.fedledger.trainer.random.SeededRandom}.
 *
 * <pre>{@code
 * double[] shares = new SeededRandom(7).dirichlet(0.5, 3);
 * }</pre>
 */
package org.fedledger.trainer.random;

/**
 * Labelled datasets, their strict loaders, standardisation and the train/test split.
 *
 * <p>Entry point: {@link org.fedledger.trainer.data.Datasets}.
 *
 * <pre>{@code
 * Dataset all = Datasets.breastCancer();
 * TrainTestSplit split = TrainTestSplit.stratified(all, 0.2, 42).standardized();
 * }</pre>
 */
package org.fedledger.trainer.data;

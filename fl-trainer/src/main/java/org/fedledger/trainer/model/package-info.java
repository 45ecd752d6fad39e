/**
 * Models a federated site trains locally.
 *
 * <p>Entry point: {@link org.fedledger.trainer.model.LocalModels}, which builds the deterministic
 * logistic regression and MLP; any other Java ML code joins by implementing
 * {@link org.fedledger.trainer.model.LocalModel}.
 *
 * <pre>{@code
 * LocalModel model = LocalModels.mlp(64, 32, 10, TrainingConfig.builder().seed(3).build());
 * model.setWeights(global);
 * long samples = model.train(siteData, 1);
 * }</pre>
 */
package org.fedledger.trainer.model;

/**
 * Aggregation manifests: the on-ledger record of how one global model was computed, and the checks a
 * manifest must pass against its closed round.
 *
 * <p>Entry point: {@link org.fedledger.core.manifest.AggregationManifest}, a plain record built with
 * {@link org.fedledger.core.manifest.AggregationManifest#builder()}; the ledger protocol's record codec
 * writes and reads its JSON. Its parts are {@link org.fedledger.core.manifest.ManifestInput} and
 * {@link org.fedledger.core.manifest.ManifestExclusion}; every refusal is a
 * {@link org.fedledger.core.manifest.ManifestFormatException} naming the field.
 *
 * <pre>{@code
 * AggregationManifest manifest = AggregationManifest.builder().taskId("mnist").round(1)...build();
 * new ClosedRound("mnist", 1, base, rule, accepted).check(manifest);
 * }</pre>
 */
package org.fedledger.core.manifest;

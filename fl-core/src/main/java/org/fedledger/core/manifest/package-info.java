/**
 * Aggregation manifests: the on-ledger record of how one global model was computed.
 *
 * <p>Entry point: {@link org.fedledger.core.manifest.AggregationManifest}, built with
 * {@link org.fedledger.core.manifest.AggregationManifest#builder()} or read strictly with
 * {@link org.fedledger.core.manifest.AggregationManifest#fromJson(String)}. Its parts are
 * {@link org.fedledger.core.manifest.ManifestInput} and
 * {@link org.fedledger.core.manifest.ManifestExclusion}; every refusal is a
 * {@link org.fedledger.core.manifest.ManifestFormatException} naming the field.
 *
 * <pre>{@code
 * AggregationManifest manifest = AggregationManifest.fromJson(manifestJson);
 * ContentHash manifestHash = manifest.hash();
 * }</pre>
 */
package org.fedledger.core.manifest;

package org.fedledger.audit.report;

/**
 * What the rule did to one accepted update of a global model, as the manifest records it and the
 * replay recomputed it (issue 24): only the measures the rule gives are present, the others null.
 *
 * @param key the update record's key
 * @param contributor the contributor's identity id
 * @param trimmedLow trimmed mean: coordinates where the update was trimmed as one of the lowest values
 * @param trimmedHigh trimmed mean: coordinates where it was trimmed as one of the highest
 * @param medianCoordinates median: coordinates whose median it set or was averaged into
 * @param updateNorm clipping: the exact L2 norm of its difference from the base model
 * @param clipFactor clipping: the exact factor that difference was scaled by (1: not clipped)
 */
public record EvidenceEntry(String key, String contributor, Long trimmedLow, Long trimmedHigh, Long medianCoordinates,
        String updateNorm, String clipFactor) {
}

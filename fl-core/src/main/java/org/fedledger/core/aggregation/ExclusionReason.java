package org.fedledger.core.aggregation;

/**
 * Stable reason codes for {@link Exclusion}s. The strings are stored in manifests on the ledger and
 * never change meaning.
 *
 * <pre>{@code
 * if (exclusion.reason().equals(ExclusionReason.KRUM_REJECTED)) { ... }
 * }</pre>
 */
public final class ExclusionReason {
    /**
     * Krum or Multi-Krum scored the input worse than the selected ones (it was further from its
     * nearest neighbours), so it does not contribute to the output.
     */
    public static final String KRUM_REJECTED = "krum_rejected";

    private ExclusionReason() {
    }
}

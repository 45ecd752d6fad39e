package org.fedledger.core.aggregation;

/**
 * The aggregation rules FedLedger knows. The wire names (lower case) are stored on the ledger and
 * never change meaning.
 */
public enum RuleName {
    /** Weighted average, weights proportional to declared sample counts (McMahan et al. 2017). */
    FEDAVG("fedavg"),
    /** Unweighted average of the included updates. */
    MEAN("mean"),
    /** Coordinate-wise median. */
    MEDIAN("median"),
    /** Coordinate-wise trimmed mean: drop the {@code beta} fraction lowest and highest per coordinate. */
    TRIMMED_MEAN("trimmed_mean"),
    /** Krum (Blanchard et al. 2017): pick the one update closest to its neighbours; tolerates {@code f} byzantine. */
    KRUM("krum"),
    /** Multi-Krum: average the {@code m} best-scored updates under Krum's score. */
    MULTI_KRUM("multi_krum");

    private final String wireName;

    RuleName(String wireName) {
        this.wireName = wireName;
    }

    /** @return the name stored on the ledger */
    public String wireName() {
        return wireName;
    }

    /**
     * @param wireName a name as stored on the ledger
     * @return the rule
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static RuleName fromWireName(String wireName) {
        for (RuleName r : values()) {
            if (r.wireName.equals(wireName)) {
                return r;
            }
        }
        StringBuilder known = new StringBuilder();
        for (RuleName r : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(r.wireName);
        }
        throw new IllegalArgumentException("unknown aggregation rule '" + wireName + "'; known rules: " + known);
    }
}

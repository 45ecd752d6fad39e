package org.fedledger.embedded;

/**
 * What opening the data folder found: how many blocks the log held and whether a torn last record
 * (a write cut short by a crash) was cut off.
 *
 * <pre>{@code
 * if (ledger.recovery().tornBytesCut() > 0) { log("cut a torn tail"); }
 * }</pre>
 *
 * @param blocks the number of whole blocks read (0 for a new or in-memory ledger)
 * @param tornBytesCut how many bytes of an incomplete last record were cut (0 when none)
 */
public record Recovery(long blocks, long tornBytesCut) {
    /** Checks the counts. */
    public Recovery {
        if (blocks < 0 || tornBytesCut < 0) {
            throw new IllegalArgumentException("counts must be >= 0");
        }
    }
}

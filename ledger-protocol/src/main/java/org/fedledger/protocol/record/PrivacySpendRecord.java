package org.fedledger.protocol.record;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.fedledger.core.privacy.RdpAccountant;

/**
 * What a dataset has spent of its budget, under
 * {@link org.fedledger.protocol.key.Keys#privacySpend(String, String)}: one count per distinct
 * mechanism, sorted by noise multiplier then sampling rate (as strings), so that the loss is computed
 * from the same counts in the same order on every peer ({@link #accountant()}).
 *
 * <pre>{@code
 * PrivacySpendRecord spent = PrivacySpendRecord.none("Org1MSP", "wisconsin").plus(mechanism, 20);
 * double epsilon = spent.accountant().epsilon(1e-5);
 * }</pre>
 *
 * @param msp the dataset's organisation
 * @param datasetId the dataset
 * @param releases the counts, sorted
 */
@RecordJson.Schema(1)
public record PrivacySpendRecord(String msp, String datasetId, List<ReleaseCount> releases) {
    private static final Comparator<ReleaseCount> ORDER = Comparator.comparing(ReleaseCount::noiseMultiplier)
            .thenComparing(ReleaseCount::samplingRate);

    /**
     * Copies the counts.
     *
     * @param msp the dataset's organisation
     * @param datasetId the dataset
     * @param releases the counts, sorted
     */
    public PrivacySpendRecord {
        releases = releases == null ? List.of() : List.copyOf(releases);
    }

    /**
     * @param msp the dataset's organisation
     * @param datasetId the dataset
     * @return a dataset that has released nothing
     */
    public static PrivacySpendRecord none(String msp, String datasetId) {
        return new PrivacySpendRecord(msp, datasetId, List.of());
    }

    /**
     * @param mechanism a task's mechanism
     * @param times releases to add, at least 0
     * @return these counts with {@code times} more releases of {@code mechanism}
     */
    public PrivacySpendRecord plus(DpMechanism mechanism, long times) {
        List<ReleaseCount> out = new ArrayList<>();
        boolean added = false;
        for (ReleaseCount r : releases) {
            if (r.noiseMultiplier().equals(mechanism.noiseMultiplier())
                    && r.samplingRate().equals(mechanism.samplingRate())) {
                out.add(new ReleaseCount(r.noiseMultiplier(), r.samplingRate(), Math.addExact(r.count(), times)));
                added = true;
            } else {
                out.add(r);
            }
        }
        if (!added) {
            out.add(new ReleaseCount(mechanism.noiseMultiplier(), mechanism.samplingRate(), times));
        }
        out.sort(ORDER);
        return new PrivacySpendRecord(msp, datasetId, out);
    }

    /** @return the loss of every release counted, composed in the record's order */
    public RdpAccountant accountant() {
        RdpAccountant spent = RdpAccountant.none();
        for (ReleaseCount r : releases) {
            spent = spent.plus(RdpAccountant.gaussian(new BigDecimal(r.noiseMultiplier()).doubleValue(),
                    new BigDecimal(r.samplingRate()).doubleValue()), r.count());
        }
        return spent;
    }
}

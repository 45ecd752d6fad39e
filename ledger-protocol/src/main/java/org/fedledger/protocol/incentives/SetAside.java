package org.fedledger.protocol.incentives;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fedledger.core.aggregation.InputEvidence;
import org.fedledger.core.manifest.AggregationManifest;
import org.fedledger.core.manifest.ManifestExclusion;
import org.fedledger.core.manifest.ManifestInput;
import org.fedledger.protocol.record.TensorSpecRecord;

/**
 * Which of a FINAL round's contributors the task's rule set aside, by the task's {@code setAsidePermille}
 * ({@code docs/incentives.md}, section 3): the agreed manifest shows the rule excluded the update (Krum,
 * Multi-Krum) or discarded at least {@code permille} thousandths of it. What a rule discards of an update
 * is what its evidence records:
 * <ul>
 *   <li>a trimmed mean, the coordinates trimmed from it, {@code trimmedLow + trimmedHigh} of the model's
 *       {@code d};</li>
 *   <li>a median, the coordinates at which it was not a middle value, {@code d - medianCoordinates};</li>
 *   <li>clipping, the share of its norm cut off, {@code 1 - clipFactor};</li>
 * </ul>
 * the largest of them when the rule records several. Being set aside once is not misbehaviour (an honest
 * site with unusual data is trimmed often); the task's {@code negativeRoundsToSuspend} rounds in a row are
 * ({@link Settlement#roundCredits}).
 *
 * <p>Exact: counts are integers and the clip factor is the manifest's decimal string, so every
 * comparison ({@code 1000 (low + high) >= permille d}, {@code 1000 clipFactor <= 1000 - permille}) gives
 * the same answer on every machine.
 *
 * <pre>{@code
 * List<String> setAside = SetAside.contributors(proposal.manifest(), SetAside.dimension(task.schema()), 900);
 * }</pre>
 */
public final class SetAside {
    private static final BigInteger THOUSAND = BigInteger.valueOf(1000);

    private SetAside() {
    }

    /**
     * @param schema a task's tensors
     * @return the number of parameters of its model
     */
    public static long dimension(List<TensorSpecRecord> schema) {
        long d = 0;
        for (TensorSpecRecord t : schema) {
            long n = 1;
            for (int size : t.shape()) {
                n = Math.multiplyExact(n, size);
            }
            d = Math.addExact(d, n);
        }
        return d;
    }

    /**
     * @param manifest the round's agreed manifest
     * @param dimension the model's number of parameters ({@link #dimension})
     * @param permille the task's {@code setAsidePermille}, 1 to 1000
     * @return the contributors whose update the rule excluded or discarded at least {@code permille}
     *     thousandths of, in update-key order
     */
    public static List<String> contributors(AggregationManifest manifest, long dimension, int permille) {
        Map<String, String> marked = new TreeMap<>();
        for (ManifestExclusion x : manifest.exclusions()) {
            marked.put(x.updateKey(), x.contributor());
        }
        Map<String, String> contributorOf = new TreeMap<>();
        for (ManifestInput input : manifest.inputs()) {
            contributorOf.put(input.updateKey(), input.contributor());
        }
        BigInteger d = BigInteger.valueOf(dimension);
        BigInteger p = BigInteger.valueOf(permille);
        for (InputEvidence e : manifest.evidence() == null ? List.<InputEvidence>of() : manifest.evidence()) {
            String contributor = contributorOf.get(e.id());
            if (contributor != null && discards(e, d, p)) {
                marked.put(e.id(), contributor);
            }
        }
        return new ArrayList<>(marked.values());
    }

    /** Whether the evidence shows the rule discarded at least {@code p} thousandths of the update. */
    private static boolean discards(InputEvidence e, BigInteger d, BigInteger p) {
        if (e.trimmedLow() != null || e.trimmedHigh() != null) {
            long trimmed = (e.trimmedLow() == null ? 0 : e.trimmedLow()) + (e.trimmedHigh() == null ? 0 : e.trimmedHigh());
            if (THOUSAND.multiply(BigInteger.valueOf(trimmed)).compareTo(p.multiply(d)) >= 0) {
                return true;
            }
        }
        if (e.medianCoordinates() != null) {
            BigInteger notMiddle = d.subtract(BigInteger.valueOf(e.medianCoordinates())).max(BigInteger.ZERO);
            if (THOUSAND.multiply(notMiddle).compareTo(p.multiply(d)) >= 0) {
                return true;
            }
        }
        return e.clipFactor() != null && new BigDecimal(e.clipFactor()).multiply(BigDecimal.valueOf(1000))
                .compareTo(new BigDecimal(THOUSAND.subtract(p))) <= 0;
    }
}

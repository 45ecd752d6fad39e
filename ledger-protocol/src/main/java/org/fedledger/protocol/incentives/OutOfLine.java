package org.fedledger.protocol.incentives;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fedledger.core.aggregation.InputEvidence;
import org.fedledger.core.manifest.AggregationManifest;
import org.fedledger.core.manifest.ManifestInput;

/**
 * Which of a FINAL round's contributors sent an update out of line with the round's others, by the
 * task's {@code outOfLineFactor} ({@code docs/incentives.md}, section 3): the measure is the update's
 * norm, as the agreed manifest's evidence records it ({@code updateNorm}), per local step, the steps
 * being {@code ceil(declared samples / localBatch)} of the task's training plan. Every trainer of a task
 * follows the plan, so an honest update's norm grows with its steps; an update boosted or replaced by
 * noise has far more norm per step, and an untrained update or one that declares far more samples than
 * it trained on far less. An update is out of line when its norm per step is more than {@code factor}
 * times the round's median, or less than the median divided by {@code factor}.
 *
 * <p>Exact: norms are the manifest's decimal strings and every comparison is a product of a decimal
 * and a step count, so the chaincode and the audit compute the same list on every machine. The median
 * is the lower middle of the measured updates in (norm per step, update key) order. A round with fewer
 * than three measured updates marks nobody (two updates cannot say which one is off).
 *
 * <pre>{@code
 * List<String> marked = OutOfLine.contributors(proposal.manifest(), declaredSamples, 3, 16);
 * }</pre>
 */
public final class OutOfLine {
    /** Fewest measured updates a round needs before anybody is out of line. */
    public static final int MIN_MEASURED = 3;

    private OutOfLine() {
    }

    /** One measured update: its contributor, its norm and its local steps. */
    private record Step(String updateKey, String contributor, BigDecimal norm, long steps) {
        /** @return the sign of {@code this.norm / this.steps - other.norm / other.steps}, exactly */
        int compareRatio(Step other) {
            return norm.multiply(BigDecimal.valueOf(other.steps)).compareTo(other.norm.multiply(
                    BigDecimal.valueOf(steps)));
        }
    }

    /**
     * @param manifest the round's agreed manifest
     * @param declaredSamples the sample count each contributor declared with its update (not the
     *     admitted weight, which caps and reputation lower)
     * @param factor the task's {@code outOfLineFactor}, at least 2
     * @param samplesPerStep the task's {@code localBatch}, at least 1
     * @return the contributors whose update is out of line, in update-key order; none when the rule
     *     recorded fewer than {@value #MIN_MEASURED} update norms
     * @throws IllegalArgumentException when a measured contributor's declared samples are missing or below 1
     */
    public static List<String> contributors(AggregationManifest manifest, Map<String, Long> declaredSamples,
            int factor, int samplesPerStep) {
        Map<String, String> contributorOf = new TreeMap<>();
        for (ManifestInput input : manifest.inputs()) {
            contributorOf.put(input.updateKey(), input.contributor());
        }
        List<Step> steps = new ArrayList<>();
        for (InputEvidence e : manifest.evidence() == null ? List.<InputEvidence>of() : manifest.evidence()) {
            String contributor = contributorOf.get(e.id());
            if (e.updateNorm() == null || contributor == null) {
                continue; // an excluded update has no admitted contribution to compare
            }
            Long samples = declaredSamples.get(contributor);
            if (samples == null || samples < 1) {
                throw new IllegalArgumentException("no declared sample count of at least 1 for contributor "
                        + contributor + ", was " + samples);
            }
            long localSteps = samples / samplesPerStep + (samples % samplesPerStep == 0 ? 0 : 1);
            steps.add(new Step(e.id(), contributor, new BigDecimal(e.updateNorm()), localSteps));
        }
        if (steps.size() < MIN_MEASURED) {
            return List.of();
        }
        List<Step> sorted = new ArrayList<>(steps);
        sorted.sort(((Comparator<Step>) Step::compareRatio).thenComparing(Step::updateKey));
        Step median = sorted.get((sorted.size() - 1) / 2);
        BigDecimal f = BigDecimal.valueOf(factor);
        List<String> out = new ArrayList<>();
        for (Step s : steps) {
            // norm_s / steps_s > f norm_m / steps_m, and f norm_s / steps_s < norm_m / steps_m
            BigDecimal mine = s.norm.multiply(BigDecimal.valueOf(median.steps));
            BigDecimal theirs = median.norm.multiply(BigDecimal.valueOf(s.steps));
            if (mine.compareTo(theirs.multiply(f)) > 0 || mine.multiply(f).compareTo(theirs) < 0) {
                out.add(s.contributor);
            }
        }
        return out;
    }
}

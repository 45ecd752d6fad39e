package org.fedledger.protocol.incentives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedledger.core.aggregation.InputEvidence;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.manifest.AggregationManifest;
import org.fedledger.core.manifest.ManifestExclusion;
import org.fedledger.core.manifest.ManifestInput;
import org.fedledger.core.model.ContentHash;
import org.junit.jupiter.api.Test;

/**
 * Issue 24: which updates a round marks out of line, from the agreed manifest's norms and the declared
 * sample counts, exactly. Each test's contributors are {@code a, b, c, ...} with update keys in that order.
 */
class OutOfLineTest {
    private static final ContentHash H = ContentHash.of(new byte[] {7});
    private static final RuleSpec CLIPPED = RuleSpec.of(RuleName.FEDAVG, Map.of("clip_norm", "1000"));

    /** A manifest whose contributor {@code name} sent an update of {@code norms.get(name)}. */
    private static AggregationManifest manifest(Map<String, String> norms) {
        AggregationManifest.Builder b = AggregationManifest.builder().taskId("t").round(1).baseModelHash(H)
                .rule(CLIPPED).outputHash(H);
        List<InputEvidence> evidence = new ArrayList<>();
        norms.forEach((name, norm) -> {
            b.addInput(new ManifestInput("update/" + name, name, H, 1, 1, norms.size()));
            evidence.add(new InputEvidence("update/" + name, null, null, null, norm, "1"));
        });
        return b.evidence(evidence).build();
    }

    private static Map<String, String> norms(String... pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put(pairs[i], pairs[i + 1]);
        }
        return out;
    }

    @Test
    void an_update_with_more_than_factor_times_the_median_norm_per_sample_is_out_of_line() {
        // Norms per sample: a 0.01, b 0.02, c 0.015, d 0.2 (boosted): median (lower middle) 0.015.
        Map<String, Long> samples = Map.of("a", 100L, "b", 100L, "c", 200L, "d", 100L);
        assertThat(OutOfLine.contributors(manifest(norms("a", "1", "b", "2", "c", "3", "d", "20")), samples, 3, 1))
                .containsExactly("d");
    }

    @Test
    void an_update_with_less_than_the_median_over_factor_is_out_of_line_as_a_free_rider_or_an_inflated_count_is() {
        // The same norms per sample for a, b and c; d sends nothing, e declares ten times its samples.
        Map<String, Long> samples = Map.of("a", 100L, "b", 200L, "c", 300L, "d", 100L, "e", 1000L);
        assertThat(OutOfLine.contributors(manifest(norms("a", "1", "b", "2", "c", "3", "d", "0", "e", "1")),
                samples, 3, 1)).containsExactly("d", "e");
    }

    @Test
    void exactly_factor_times_the_median_is_in_line_and_the_least_bit_more_is_not() {
        Map<String, Long> samples = Map.of("a", 3L, "b", 3L, "c", 3L, "d", 3L, "e", 3L);
        // Median 0.1 / 3; 0.3 / 3 is exactly three times, 0.0333... a third exactly when 0.1 / 3 divided by 3.
        assertThat(OutOfLine.contributors(manifest(norms("a", "0.1", "b", "0.1", "c", "0.1", "d", "0.3",
                "e", "0.0333")), samples, 3, 1)).as("0.0333 is below a third of 0.1").containsExactly("e");
        assertThat(OutOfLine.contributors(manifest(norms("a", "0.1", "b", "0.1", "c", "0.1",
                "d", "0.3000000000000000000000000001")), samples, 3, 1)).containsExactly("d");
        assertThat(OutOfLine.contributors(manifest(norms("a", "0.1", "b", "0.1", "c", "0.1", "d", "0.3")), samples, 3, 1))
                .isEmpty();
    }

    @Test
    void the_declared_samples_count_not_the_admitted_weight_in_the_manifest() {
        // Every input's manifest weight is 1; d declared 1000 samples for the norm of 100.
        Map<String, Long> samples = Map.of("a", 100L, "b", 100L, "c", 100L, "d", 1000L);
        assertThat(OutOfLine.contributors(manifest(norms("a", "1", "b", "1", "c", "1", "d", "1")), samples, 3, 1))
                .containsExactly("d");
        assertThat(OutOfLine.contributors(manifest(norms("a", "1", "b", "1", "c", "1", "d", "1")),
                Map.of("a", 100L, "b", 100L, "c", 100L, "d", 100L), 3, 1)).isEmpty();
    }

    @Test
    void steps_are_counted_in_the_tasks_local_batches_so_a_site_smaller_than_a_batch_takes_one_step() {
        // Batches of 16: 3 samples and 16 samples are one step each, 17 are two, 160 are ten.
        Map<String, Long> samples = Map.of("a", 3L, "b", 16L, "c", 17L, "d", 160L);
        assertThat(OutOfLine.contributors(manifest(norms("a", "1", "b", "1", "c", "2", "d", "10")), samples, 3, 16))
                .isEmpty();
        // Per sample instead, the three-sample site would be more than three times the median.
        assertThat(OutOfLine.contributors(manifest(norms("a", "1", "b", "1", "c", "2", "d", "10")), samples, 3, 1))
                .containsExactly("a");
        // A site declaring ten times its 160 samples takes 100 steps on paper for the norm of 10.
        assertThat(OutOfLine.contributors(manifest(norms("a", "1", "b", "1", "c", "2", "d", "10")),
                Map.of("a", 3L, "b", 16L, "c", 17L, "d", 1600L), 3, 16)).containsExactly("d");
    }

    @Test
    void fewer_than_three_measured_updates_mark_nobody_and_an_excluded_update_is_not_measured() {
        assertThat(OutOfLine.contributors(manifest(norms("a", "1", "b", "100")), Map.of("a", 1L, "b", 1L), 3, 1))
                .isEmpty();
        // c was excluded by the rule (its evidence names an exclusion): two measured updates remain.
        AggregationManifest withExclusion = AggregationManifest.builder().taskId("t").round(1).baseModelHash(H)
                .rule(CLIPPED).outputHash(H)
                .addInput(new ManifestInput("update/a", "a", H, 1, 1, 2))
                .addInput(new ManifestInput("update/b", "b", H, 1, 1, 2))
                .addExclusion(new ManifestExclusion("update/c", "c", H, "krum_rejected"))
                .evidence(List.of(new InputEvidence("update/a", null, null, null, "1", "1"),
                        new InputEvidence("update/b", null, null, null, "100", "1"),
                        new InputEvidence("update/c", null, null, null, "1000", "1")))
                .build();
        assertThat(OutOfLine.contributors(withExclusion, Map.of("a", 1L, "b", 1L, "c", 1L), 3, 1)).isEmpty();
    }

    @Test
    void a_manifest_without_norms_marks_nobody_and_a_missing_declared_count_is_refused() {
        AggregationManifest plain = AggregationManifest.builder().taskId("t").round(1).baseModelHash(H)
                .rule(RuleSpec.of(RuleName.FEDAVG)).outputHash(H)
                .addInput(new ManifestInput("update/a", "a", H, 1, 1, 1)).build();
        assertThat(OutOfLine.contributors(plain, Map.of("a", 1L), 3, 1)).isEmpty();
        assertThatThrownBy(() -> OutOfLine.contributors(manifest(norms("a", "1", "b", "1", "c", "1")),
                Map.of("a", 1L, "b", 1L), 3, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("c");
    }
}

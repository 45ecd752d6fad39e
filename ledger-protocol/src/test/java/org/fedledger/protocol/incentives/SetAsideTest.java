package org.fedledger.protocol.incentives;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.fedledger.core.aggregation.ExclusionReason;
import org.fedledger.core.aggregation.InputEvidence;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.manifest.AggregationManifest;
import org.fedledger.core.manifest.ManifestExclusion;
import org.fedledger.core.manifest.ManifestInput;
import org.fedledger.core.model.ContentHash;
import org.fedledger.protocol.record.TensorSpecRecord;
import org.junit.jupiter.api.Test;

/**
 * Issue 24: which contributors a round's rule set aside, from the agreed manifest's exclusions and
 * evidence, exactly at the task's share. Contributors are {@code a, b, c, ...}, update keys in that order;
 * the model has 100 parameters.
 */
class SetAsideTest {
    private static final ContentHash H = ContentHash.of(new byte[] {7});
    private static final long D = 100;

    /** A manifest with one input per evidence entry, named by its contributor. */
    private static AggregationManifest manifest(RuleSpec rule, List<InputEvidence> evidence) {
        AggregationManifest.Builder b = AggregationManifest.builder().taskId("t").round(1).baseModelHash(H)
                .rule(rule).outputHash(H);
        for (InputEvidence e : evidence) {
            b.addInput(new ManifestInput("update/" + e.id(), e.id(), H, 1, 1, evidence.size()));
        }
        List<InputEvidence> keyed = evidence.stream().map(e -> new InputEvidence("update/" + e.id(), e.trimmedLow(),
                e.trimmedHigh(), e.medianCoordinates(), e.updateNorm(), e.clipFactor())).toList();
        return b.evidence(keyed).build();
    }

    private static InputEvidence trimmed(String who, long low, long high) {
        return new InputEvidence(who, low, high, null, null, null);
    }

    @Test
    void the_dimension_is_the_schemas_parameter_count() {
        assertThat(SetAside.dimension(List.of(new TensorSpecRecord("w", List.of(2, 3)),
                new TensorSpecRecord("b", List.of(4))))).isEqualTo(10);
    }

    @Test
    void trimmed_at_exactly_the_share_is_set_aside_and_one_coordinate_less_is_not() {
        RuleSpec rule = RuleSpec.of(RuleName.TRIMMED_MEAN, Map.of("beta", "0.2"));
        // 900 thousandths of 100 coordinates: 90 trimmed (low and high together) is set aside, 89 is not.
        AggregationManifest m = manifest(rule, List.of(trimmed("a", 60, 30), trimmed("b", 89, 0), trimmed("c", 0, 0),
                trimmed("d", 0, 100)));
        assertThat(SetAside.contributors(m, D, 900)).containsExactly("a", "d");
        assertThat(SetAside.contributors(m, D, 1000)).containsExactly("d");
        assertThat(SetAside.contributors(m, D, 1)).containsExactly("a", "b", "d");
    }

    @Test
    void under_the_median_what_is_set_aside_is_every_coordinate_where_the_update_was_not_the_middle() {
        RuleSpec rule = RuleSpec.of(RuleName.MEDIAN);
        AggregationManifest m = manifest(rule, List.of(new InputEvidence("a", null, null, 40L, null, null),
                new InputEvidence("b", null, null, 5L, null, null), new InputEvidence("c", null, null, 0L, null, null)));
        // Not the middle at 60, 95 and 100 coordinates of 100.
        assertThat(SetAside.contributors(m, D, 950)).containsExactly("b", "c");
        assertThat(SetAside.contributors(m, D, 1000)).containsExactly("c");
    }

    @Test
    void clipping_sets_aside_the_share_of_the_norm_it_cut_off_compared_exactly() {
        RuleSpec rule = RuleSpec.of(RuleName.FEDAVG, Map.of("clip_norm", "1"));
        AggregationManifest m = manifest(rule, List.of(new InputEvidence("a", null, null, null, "10", "0.1"),
                new InputEvidence("b", null, null, null, "1.25", "0.8"),
                new InputEvidence("c", null, null, null, "1.2", "0.8333333333333333703"),
                new InputEvidence("d", null, null, null, "0.5", "1")));
        // Cut off: a 0.9, b exactly 0.2, c a little under 0.2, d nothing.
        assertThat(SetAside.contributors(m, D, 200)).containsExactly("a", "b");
        assertThat(SetAside.contributors(m, D, 900)).containsExactly("a");
        assertThat(SetAside.contributors(m, D, 901)).isEmpty();
    }

    @Test
    void an_update_the_rule_excluded_is_set_aside_at_any_share() {
        AggregationManifest m = AggregationManifest.builder().taskId("t").round(1).baseModelHash(H)
                .rule(RuleSpec.of(RuleName.KRUM, Map.of("f", "1"))).outputHash(H)
                .addInput(new ManifestInput("update/a", "a", H, 1, 1, 1))
                .addExclusion(new ManifestExclusion("update/y", "y", H, ExclusionReason.KRUM_REJECTED))
                .addExclusion(new ManifestExclusion("update/x", "x", H, ExclusionReason.KRUM_REJECTED)).build();
        assertThat(SetAside.contributors(m, D, 1000)).as("in update-key order").containsExactly("x", "y");
    }

    @Test
    void a_rule_that_records_nothing_sets_nobody_aside() {
        AggregationManifest m = AggregationManifest.builder().taskId("t").round(1).baseModelHash(H)
                .rule(RuleSpec.of(RuleName.FEDAVG)).outputHash(H)
                .addInput(new ManifestInput("update/a", "a", H, 1, 1, 1)).build();
        assertThat(SetAside.contributors(m, D, 1)).isEmpty();
    }
}

package org.fedledger.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.model.ContentHash;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AggregationManifestTest {
    static final ContentHash BASE = ContentHash.parse("b".repeat(64));
    static final ContentHash OUT = ContentHash.parse("0".repeat(64));
    static final ContentHash H1 = ContentHash.parse("1".repeat(64));
    static final ContentHash H2 = ContentHash.parse("2".repeat(64));
    static final ContentHash H3 = ContentHash.parse("3".repeat(64));

    static final ManifestInput IN_A = new ManifestInput("update/a", "x509::CN=alice", H1, 100, 100, 300);
    static final ManifestInput IN_C = new ManifestInput("update/c", "x509::CN=carol", H3, 200, 200, 300);
    static final ManifestExclusion EX_B = new ManifestExclusion("update/b", "x509::CN=bob", H2, "krum_rejected");

    static AggregationManifest.Builder valid() {
        return AggregationManifest.builder()
                .taskId("mnist")
                .round(3)
                .baseModelHash(BASE)
                .rule(RuleSpec.of(RuleName.MULTI_KRUM, Map.of("m", "2", "f", "1")))
                .addInput(IN_C)
                .addInput(IN_A)
                .addExclusion(EX_B)
                .outputHash(OUT);
    }

    @Nested
    class Build {
        @Test
        void sorts_inputs_and_exclusions_by_update_key() {
            AggregationManifest manifest = valid().build();

            assertThat(manifest.inputs()).containsExactly(IN_A, IN_C);
            assertThat(manifest.exclusions()).containsExactly(EX_B);
        }

        @Test
        void gives_the_same_manifest_whatever_order_the_inputs_were_added_in() {
            List<ManifestInput> inputs = new ArrayList<>(List.of(IN_A, IN_C));
            AggregationManifest first = valid().inputs(inputs).build();
            Collections.reverse(inputs);
            AggregationManifest second = valid().inputs(inputs).build();

            assertThat(second).isEqualTo(first);
            assertThat(second.inputs()).containsExactly(IN_A, IN_C);
        }

        @Test
        void refuses_an_update_key_twice_across_inputs_and_exclusions() {
            ManifestExclusion clash = new ManifestExclusion("update/a", "x509::CN=alice", H1, "krum_rejected");

            assertThatThrownBy(() -> valid().addExclusion(clash).build())
                    .isInstanceOf(ManifestFormatException.class)
                    .hasMessageContaining("exclusions")
                    .hasMessageContaining("update/a");
            assertThatThrownBy(() -> valid().addInput(IN_A).build())
                    .isInstanceOf(ManifestFormatException.class)
                    .hasMessageStartingWith("inputs: ");
        }

        @Test
        void refuses_a_manifest_without_inputs() {
            assertThatThrownBy(() -> valid().inputs(List.of()).build())
                    .isInstanceOf(ManifestFormatException.class)
                    .hasMessageStartingWith("inputs: ");
        }

        @Test
        void refuses_a_missing_field_naming_it() {
            assertThatThrownBy(() -> AggregationManifest.builder().taskId("t").round(1).baseModelHash(BASE)
                    .rule(RuleSpec.of(RuleName.MEAN)).addInput(IN_A).build())
                    .isInstanceOf(ManifestFormatException.class)
                    .hasMessageStartingWith("outputHash: is required");
        }

        @Test
        void checks_each_argument_when_it_is_set() {
            assertThatThrownBy(() -> AggregationManifest.builder().round(0)).hasMessageStartingWith("round: ");
            assertThatThrownBy(() -> AggregationManifest.builder().taskId("")).hasMessageStartingWith("taskId: ");
            assertThatThrownBy(() -> AggregationManifest.builder().taskId(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> AggregationManifest.builder().rule(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> AggregationManifest.builder().addInput(null)).isInstanceOf(NullPointerException.class);
        }

        @Test
        void names_every_field_in_to_string() {
            assertThat(valid().build().toString()).contains("taskId=mnist", "round=3", "baseModelHash=" + BASE.hex(),
                    "rule=", "inputs=", "exclusions=", "outputHash=" + OUT.hex(), "updateKey=update/a");
        }
    }

    @Nested
    class Parts {
        @ParameterizedTest
        @CsvSource({
            "'', c, 1, 1, 1, updateKey",
            "k, '', 1, 1, 1, contributor",
            "k, c, 0, 1, 1, sampleCount",
            "k, c, 1, 0, 1, weightNumerator",
            "k, c, 1, 1, 0, weightDenominator",
            "k, c, 1, 2, 1, weightNumerator",
        })
        void an_input_refuses_each_invalid_component(String key, String contributor, long samples, long numerator,
                long denominator, String field) {
            assertThatThrownBy(() -> new ManifestInput(key, contributor, H1, samples, numerator, denominator))
                    .isInstanceOf(ManifestFormatException.class)
                    .satisfies(e -> assertThat(((ManifestFormatException) e).field()).isEqualTo(field));
        }

        @Test
        void an_exclusion_refuses_a_reason_that_is_not_a_lower_case_code() {
            for (String reason : List.of("", "Krum", "krum rejected", "1st", "x".repeat(65))) {
                assertThatThrownBy(() -> new ManifestExclusion("k", "c", H1, reason))
                        .isInstanceOf(ManifestFormatException.class)
                        .hasMessageStartingWith("reason: ");
            }
        }
    }
}

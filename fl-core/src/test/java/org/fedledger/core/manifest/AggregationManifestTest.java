package org.fedledger.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
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

    static final String GOLDEN = "{\"baseModelHash\":\"" + "b".repeat(64) + "\","
            + "\"exclusions\":[{\"contributor\":\"x509::CN=bob\",\"hash\":\"" + "2".repeat(64)
            + "\",\"reason\":\"krum_rejected\",\"updateKey\":\"update/b\"}],"
            + "\"inputs\":[{\"contributor\":\"x509::CN=alice\",\"hash\":\"" + "1".repeat(64)
            + "\",\"sampleCount\":100,\"updateKey\":\"update/a\",\"weightDenominator\":300,\"weightNumerator\":100},"
            + "{\"contributor\":\"x509::CN=carol\",\"hash\":\"" + "3".repeat(64)
            + "\",\"sampleCount\":200,\"updateKey\":\"update/c\",\"weightDenominator\":300,\"weightNumerator\":200}],"
            + "\"outputHash\":\"" + "0".repeat(64) + "\",\"round\":3,"
            + "\"rule\":{\"name\":\"multi_krum\",\"params\":{\"f\":\"1\",\"m\":\"2\"}},\"taskId\":\"mnist\"}";

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

    static void refusedJson(String json, String field) {
        assertThatThrownBy(() -> AggregationManifest.fromJson(json))
                .isInstanceOf(ManifestFormatException.class)
                .satisfies(e -> assertThat(((ManifestFormatException) e).field()).isEqualTo(field))
                .hasMessageStartingWith(field + ": ");
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

            assertThat(second.toJson()).isEqualTo(first.toJson());
            assertThat(second.hash()).isEqualTo(first.hash());
            assertThat(second).isEqualTo(first);
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

    @Nested
    class ToJson {
        @Test
        void writes_the_golden_canonical_json() {
            assertThat(valid().build().toJson()).isEqualTo(GOLDEN);
        }

        @Test
        void hashes_the_utf8_bytes_of_the_json() {
            assertThat(valid().build().hash()).isEqualTo(ContentHash.of(GOLDEN.getBytes(StandardCharsets.UTF_8)));
        }

        @Test
        void escapes_control_characters_in_composite_update_keys() {
            ManifestInput composite = new ManifestInput("\u0000update\u0000mnist\u00003\u0000", "c", H1, 1, 1, 1);

            String json = valid().inputs(List.of(composite)).exclusions(List.of()).build().toJson();

            assertThat(json).contains("\"updateKey\":\"\\u0000update\\u0000mnist\\u00003\\u0000\"");
            assertThat(AggregationManifest.fromJson(json).inputs()).containsExactly(composite);
        }
    }

    @Nested
    class FromJson {
        @Test
        void reads_the_golden_json_back_into_an_equal_manifest() {
            AggregationManifest manifest = AggregationManifest.fromJson(GOLDEN);

            assertThat(manifest).isEqualTo(valid().build());
            assertThat(manifest.toJson()).isEqualTo(GOLDEN);
            assertThat(manifest.taskId()).isEqualTo("mnist");
            assertThat(manifest.round()).isEqualTo(3);
            assertThat(manifest.rule()).isEqualTo(RuleSpec.of(RuleName.MULTI_KRUM, Map.of("f", "1", "m", "2")));
            assertThat(manifest.baseModelHash()).isEqualTo(BASE);
            assertThat(manifest.outputHash()).isEqualTo(OUT);
        }

        @Test
        void accepts_any_key_order_whitespace_and_array_order_and_canonicalises() {
            String shuffled = "{ \"taskId\": \"mnist\", \"round\": 3, \"outputHash\": \"" + OUT.hex() + "\",\n"
                    + " \"rule\": {\"params\": {\"m\": \"2\", \"f\": \"1\"}, \"name\": \"multi_krum\"},"
                    + " \"inputs\": [" + GOLDEN.substring(GOLDEN.indexOf("{\"contributor\":\"x509::CN=carol"),
                            GOLDEN.indexOf("],\"outputHash\"")) + ","
                    + GOLDEN.substring(GOLDEN.indexOf("{\"contributor\":\"x509::CN=alice"),
                            GOLDEN.indexOf(",{\"contributor\":\"x509::CN=carol")) + "],"
                    + " \"exclusions\": [{\"updateKey\":\"update/b\",\"reason\":\"krum_rejected\",\"hash\":\""
                    + H2.hex() + "\",\"contributor\":\"x509::CN=bob\"}], \"baseModelHash\": \"" + BASE.hex() + "\" }";

            assertThat(AggregationManifest.fromJson(shuffled).toJson()).isEqualTo(GOLDEN);
        }

        @Test
        void refuses_malformed_json() {
            refusedJson("{", "$");
            refusedJson(GOLDEN + "x", "$");
            refusedJson("[]", "$");
            refusedJson("null", "$");
        }

        @Test
        void refuses_duplicate_keys() {
            refusedJson(GOLDEN.replace("{\"baseModelHash\"", "{\"round\":3,\"baseModelHash\""), "$");
        }

        @Test
        void refuses_unknown_fields_at_every_level() {
            refusedJson(GOLDEN.replace("{\"baseModelHash\"", "{\"extra\":1,\"baseModelHash\""), "extra");
            refusedJson(GOLDEN.replace("{\"name\":\"multi_krum\"", "{\"name\":\"multi_krum\",\"x\":\"\""), "rule.x");
            refusedJson(GOLDEN.replace("\"reason\":", "\"why\":\"\",\"reason\":"), "exclusions[0].why");
            refusedJson(GOLDEN.replace("\"sampleCount\":200", "\"sampleCount\":200,\"bonus\":1"), "inputs[1].bonus");
        }

        @Test
        void refuses_missing_fields() {
            refusedJson(GOLDEN.replace("\"round\":3,", ""), "round");
            refusedJson(GOLDEN.replace("\"sampleCount\":100,", ""), "inputs[0].sampleCount");
            refusedJson(GOLDEN.replace(",\"params\":{\"f\":\"1\",\"m\":\"2\"}", ""), "rule.params");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "\"taskId\":\"mnist\"                  | \"taskId\":\"\"                          | taskId",
            "\"taskId\":\"mnist\"                  | \"taskId\":7                             | taskId",
            "\"round\":3                           | \"round\":0                              | round",
            "\"round\":3                           | \"round\":-3                             | round",
            "\"round\":3                           | \"round\":\"3\"                          | round",
            "\"round\":3                           | \"round\":99999999999999999999           | round",
            "\"round\":3                           | \"round\":3.0                            | $",
            "\"baseModelHash\":\"bbbb              | \"baseModelHash\":\"BBBB                 | baseModelHash",
            "\"outputHash\":\"0000                 | \"outputHash\":\"000                     | outputHash",
            "\"name\":\"multi_krum\"               | \"name\":\"best_rule\"                   | rule.name",
            "\"name\":\"multi_krum\"               | \"name\":null                            | rule.name",
            "\"f\":\"1\"                           | \"f\":\"-1\"                             | rule.params",
            "\"f\":\"1\"                           | \"f\":1                                  | rule.params.f",
            "\"sampleCount\":100                   | \"sampleCount\":0                        | inputs[0].sampleCount",
            "\"weightNumerator\":200               | \"weightNumerator\":301                  | inputs[1].weightNumerator",
            "\"weightDenominator\":300,\"weightNumerator\":100 | \"weightDenominator\":0,\"weightNumerator\":100 | inputs[0].weightDenominator",
            "\"updateKey\":\"update/a\"            | \"updateKey\":\"\"                       | inputs[0].updateKey",
            "\"contributor\":\"x509::CN=bob\"      | \"contributor\":[]                       | exclusions[0].contributor",
            "\"reason\":\"krum_rejected\"          | \"reason\":\"Rejected!\"                 | exclusions[0].reason",
            "\"updateKey\":\"update/b\"            | \"updateKey\":\"update/a\"               | exclusions",
        })
        void refuses_each_invalid_field_naming_it(String original, String replacement, String field) {
            assertThat(GOLDEN).contains(original);

            refusedJson(GOLDEN.replace(original, replacement), field);
        }

        @Test
        void refuses_lists_that_are_not_arrays_of_objects() {
            String exclusions = GOLDEN.substring(GOLDEN.indexOf("\"exclusions\":"), GOLDEN.indexOf(",\"inputs\""));

            refusedJson(GOLDEN.replace(exclusions, "\"exclusions\":{}"), "exclusions");
            refusedJson(GOLDEN.replace(exclusions, "\"exclusions\":[\"update/b\"]"), "exclusions[0]");
        }

        @Test
        void refuses_an_empty_input_list() {
            String noInputs = GOLDEN.substring(0, GOLDEN.indexOf("\"inputs\":[") + 10)
                    + GOLDEN.substring(GOLDEN.indexOf("],\"outputHash\""));

            refusedJson(noInputs, "inputs");
        }
    }
}

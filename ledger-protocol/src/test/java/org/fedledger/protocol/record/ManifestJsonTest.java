package org.fedledger.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.fedledger.core.aggregation.InputEvidence;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.manifest.AggregationManifest;
import org.fedledger.core.manifest.ManifestExclusion;
import org.fedledger.core.manifest.ManifestInput;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.testing.Gen;
import org.fedledger.core.testing.PropertyCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The aggregation manifest bound by the one record codec, byte for byte as the ledger has always stored it. */
class ManifestJsonTest {
    static final ContentHash BASE = ContentHash.parse("b".repeat(64));
    static final ContentHash OUT = ContentHash.parse("0".repeat(64));
    static final ContentHash H1 = ContentHash.parse("1".repeat(64));
    static final ContentHash H2 = ContentHash.parse("2".repeat(64));
    static final ContentHash H3 = ContentHash.parse("3".repeat(64));

    /** Written by the manifest's former hand-coded JSON; records on the ledger are hashed and replayed from it. */
    static final String GOLDEN = "{\"baseModelHash\":\"" + "b".repeat(64) + "\","
            + "\"exclusions\":[{\"contributor\":\"x509::CN=bob\",\"hash\":\"" + "2".repeat(64)
            + "\",\"reason\":\"krum_rejected\",\"updateKey\":\"update/b\"}],"
            + "\"inputs\":[{\"contributor\":\"x509::CN=alice\",\"hash\":\"" + "1".repeat(64)
            + "\",\"sampleCount\":100,\"updateKey\":\"update/a\",\"weightDenominator\":300,\"weightNumerator\":100},"
            + "{\"contributor\":\"x509::CN=carol\",\"hash\":\"" + "3".repeat(64)
            + "\",\"sampleCount\":200,\"updateKey\":\"update/c\",\"weightDenominator\":300,\"weightNumerator\":200}],"
            + "\"outputHash\":\"" + "0".repeat(64) + "\",\"round\":3,"
            + "\"rule\":{\"name\":\"multi_krum\",\"params\":{\"f\":\"1\",\"m\":\"2\"}},\"taskId\":\"mnist\"}";
    /** The SHA-256 the former code gave {@link #GOLDEN}: a manifest's identity on the ledger. */
    static final String GOLDEN_HASH = ContentHash.of(GOLDEN.getBytes(StandardCharsets.UTF_8)).hex();

    static AggregationManifest.Builder valid() {
        return AggregationManifest.builder().taskId("mnist").round(3).baseModelHash(BASE)
                .rule(RuleSpec.of(RuleName.MULTI_KRUM, Map.of("m", "2", "f", "1")))
                .addInput(new ManifestInput("update/c", "x509::CN=carol", H3, 200, 200, 300))
                .addInput(new ManifestInput("update/a", "x509::CN=alice", H1, 100, 100, 300))
                .addExclusion(new ManifestExclusion("update/b", "x509::CN=bob", H2, "krum_rejected"))
                .outputHash(OUT);
    }

    static AggregationManifest read(String json) {
        return RecordJson.read(json, AggregationManifest.class);
    }

    static void refused(String json, String path) {
        assertThatThrownBy(() -> read(json)).isInstanceOf(RecordFormatException.class)
                .satisfies(e -> assertThat(((RecordFormatException) e).path()).isEqualTo(path))
                .hasMessageStartingWith(path + ": ");
    }

    @Test
    void writesTheLedgersManifestJsonByteForByteAndItsHash() {
        assertThat(RecordJson.write(valid().build())).isEqualTo(GOLDEN);
        assertThat(RecordJson.hash(valid().build()).hex()).isEqualTo(GOLDEN_HASH);
    }

    @Test
    void readsTheLedgersManifestJsonBackIntoAnEqualManifestThatWritesTheSameBytes() {
        AggregationManifest manifest = read(GOLDEN);

        assertThat(manifest).isEqualTo(valid().build());
        assertThat(RecordJson.write(manifest)).isEqualTo(GOLDEN);
        assertThat(manifest.rule()).isEqualTo(RuleSpec.of(RuleName.MULTI_KRUM, Map.of("f", "1", "m", "2")));
        assertThat(manifest.baseModelHash()).isEqualTo(BASE);
        assertThat(manifest.outputHash()).isEqualTo(OUT);
        assertThat(manifest.inputs()).extracting(ManifestInput::updateKey).containsExactly("update/a", "update/c");
    }

    @Test
    void writesEvidenceOnlyForRulesThatRecordItAndReadsItBackExactly() {
        AggregationManifest clipped = valid().rule(RuleSpec.of(RuleName.MULTI_KRUM, Map.of("m", "2", "f", "1",
                "clip_norm", "2"))).evidence(List.of(InputEvidence.clipped("update/c", 0.5, 1.0),
                        InputEvidence.clipped("update/a", 2.5, 0.8), InputEvidence.clipped("update/b", 1.0, 1.0)))
                .build();
        String json = RecordJson.write(clipped);

        assertThat(json).contains("\"evidence\":[{\"clipFactor\":\"0.8000000000000000444089209850062616169452667236328125\","
                + "\"id\":\"update/a\",\"updateNorm\":\"2.5\"},{\"clipFactor\":\"1\",\"id\":\"update/b\","
                + "\"updateNorm\":\"1\"},{\"clipFactor\":\"1\",\"id\":\"update/c\",\"updateNorm\":\"0.5\"}]");
        assertThat(read(json)).isEqualTo(clipped);
        assertThat(RecordJson.write(valid().build())).doesNotContain("evidence");
        assertThat(read(GOLDEN).evidence()).isEmpty();
    }

    @Test
    void escapesControlCharactersInCompositeUpdateKeys() {
        ManifestInput composite = new ManifestInput("\u0000update\u0000mnist\u00003\u0000", "c", H1, 1, 1, 1);

        String json = RecordJson.write(valid().inputs(List.of(composite)).exclusions(List.of()).build());

        assertThat(json).contains("\"exclusions\":[]", "\"updateKey\":\"\\u0000update\\u0000mnist\\u00003\\u0000\"");
        assertThat(read(json).inputs()).containsExactly(composite);
    }

    @Test
    void acceptsAnyKeyOrderWhitespaceAndArrayOrderAndCanonicalises() {
        String shuffled = "{ \"taskId\": \"mnist\", \"round\": 3, \"outputHash\": \"" + OUT.hex() + "\",\n"
                + " \"rule\": {\"params\": {\"m\": \"2\", \"f\": \"1\"}, \"name\": \"multi_krum\"},"
                + " \"inputs\": [" + GOLDEN.substring(GOLDEN.indexOf("{\"contributor\":\"x509::CN=carol"),
                        GOLDEN.indexOf("],\"outputHash\"")) + ","
                + GOLDEN.substring(GOLDEN.indexOf("{\"contributor\":\"x509::CN=alice"),
                        GOLDEN.indexOf(",{\"contributor\":\"x509::CN=carol")) + "],"
                + " \"exclusions\": [{\"updateKey\":\"update/b\",\"reason\":\"krum_rejected\",\"hash\":\""
                + H2.hex() + "\",\"contributor\":\"x509::CN=bob\"}], \"baseModelHash\": \"" + BASE.hex() + "\" }";

        assertThat(RecordJson.write(read(shuffled))).isEqualTo(GOLDEN);
    }

    @Test
    void refusesMalformedJsonDuplicateKeysUnknownAndMissingFieldsNamingThePath() {
        refused("{", "$");
        refused("[]", "$");
        refused(GOLDEN.replace("{\"baseModelHash\"", "{\"round\":3,\"baseModelHash\""), "$");
        refused(GOLDEN.replace("{\"baseModelHash\"", "{\"extra\":1,\"baseModelHash\""), "$.extra");
        refused(GOLDEN.replace("{\"name\":\"multi_krum\"", "{\"name\":\"multi_krum\",\"x\":\"\""), "$.rule.x");
        refused(GOLDEN.replace("\"reason\":", "\"why\":\"\",\"reason\":"), "$.exclusions[0].why");
        refused(GOLDEN.replace("\"round\":3,", ""), "$.round");
        refused(GOLDEN.replace("\"sampleCount\":100,", ""), "$.inputs[0].sampleCount");
        refused(GOLDEN.replace(",\"params\":{\"f\":\"1\",\"m\":\"2\"}", ""), "$.rule.params");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"taskId\":\"mnist\"                  | \"taskId\":\"\"                          | $.taskId",
        "\"taskId\":\"mnist\"                  | \"taskId\":7                             | $.taskId",
        "\"round\":3                           | \"round\":0                              | $.round",
        "\"round\":3                           | \"round\":\"3\"                          | $.round",
        "\"round\":3                           | \"round\":99999999999999999999           | $.round",
        "\"baseModelHash\":\"bbbb              | \"baseModelHash\":\"BBBB                 | $.baseModelHash",
        "\"outputHash\":\"0000                 | \"outputHash\":\"000                     | $.outputHash",
        "\"name\":\"multi_krum\"               | \"name\":\"best_rule\"                   | $.rule.name",
        "\"name\":\"multi_krum\"               | \"name\":null                            | $.rule.name",
        "\"f\":\"1\"                           | \"f\":\"-1\"                             | $.rule.params",
        "\"f\":\"1\"                           | \"f\":1                                  | $.rule.params.f",
        "\"sampleCount\":100                   | \"sampleCount\":0                        | $.inputs[0].sampleCount",
        "\"weightNumerator\":200               | \"weightNumerator\":301                  | $.inputs[1].weightNumerator",
        "\"updateKey\":\"update/a\"            | \"updateKey\":\"\"                       | $.inputs[0].updateKey",
        "\"contributor\":\"x509::CN=bob\"      | \"contributor\":[]                       | $.exclusions[0].contributor",
        "\"reason\":\"krum_rejected\"          | \"reason\":\"Rejected!\"                 | $.exclusions[0].reason",
        "\"updateKey\":\"update/b\"            | \"updateKey\":\"update/a\"               | $.exclusions",
    })
    void refusesEachInvalidFieldNamingIt(String original, String replacement, String path) {
        assertThat(GOLDEN).contains(original);

        refused(GOLDEN.replace(original, replacement), path);
    }

    @Test
    void refusesListsThatAreNotArraysOfObjectsAndAnEmptyInputList() {
        String exclusions = GOLDEN.substring(GOLDEN.indexOf("\"exclusions\":"), GOLDEN.indexOf(",\"inputs\""));
        refused(GOLDEN.replace(exclusions, "\"exclusions\":{}"), "$.exclusions");
        refused(GOLDEN.replace(exclusions, "\"exclusions\":[\"update/b\"]"), "$.exclusions[0]");
        String noInputs = GOLDEN.substring(0, GOLDEN.indexOf("\"inputs\":[") + 10)
                + GOLDEN.substring(GOLDEN.indexOf("],\"outputHash\""));
        refused(noInputs, "$.inputs");
    }

    @Test
    void editedManifestJsonIsReadCanonicallyOrRefusedWithARecordFormatExceptionOnly() {
        PropertyCheck.forAll(3000, gen -> {
            int at = gen.intBetween(0, 100_000) % GOLDEN.length();
            char c = jsonChar(gen);
            String edited = switch (gen.intBetween(0, 2)) {
                case 0 -> GOLDEN.substring(0, at) + c + GOLDEN.substring(at + 1);
                case 1 -> GOLDEN.substring(0, at) + c + GOLDEN.substring(at);
                default -> GOLDEN.substring(0, at) + GOLDEN.substring(at + 1);
            };
            try {
                AggregationManifest manifest = read(edited);
                assertThat(read(RecordJson.write(manifest))).isEqualTo(manifest);
            } catch (RecordFormatException expected) {
                assertThat(expected.path()).startsWith("$");
            }
        });
    }

    private static char jsonChar(Gen gen) {
        return gen.oneOf(() -> gen.of('{', '}', '[', ']', ':', ',', '"', '\\', '0', '1', '-', '.', 'e', ' ', 'n'),
                gen::anyChar);
    }
}

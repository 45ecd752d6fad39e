package org.fedledger.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import org.fedledger.core.testing.Gen;
import org.fedledger.core.testing.PropertyCheck;
import org.junit.jupiter.api.Test;

class AggregationManifestPropertiesTest {

    @Test
    void random_strings_are_refused_with_a_manifest_format_exception_only() {
        PropertyCheck.forAll(2000, gen -> {
            String text = gen.oneOf(() -> gen.string(80),
                    () -> gen.stringOf("{}[]:,\"0123456789-.eEtrufalsn abc\\", 0, 80));
            try {
                AggregationManifest manifest = AggregationManifest.fromJson(text);
                assertThat(AggregationManifest.fromJson(manifest.toJson())).isEqualTo(manifest);
            } catch (ManifestFormatException expected) {
                assertThat(expected.field()).isNotEmpty();
            }
        });
    }

    @Test
    void edited_golden_json_is_read_or_refused_with_a_manifest_format_exception_only() {
        PropertyCheck.forAll(3000, gen -> {
            String golden = AggregationManifestTest.GOLDEN;
            int at = gen.intBetween(0, 100_000) % golden.length();
            char c = jsonChar(gen);
            String edited = switch (gen.intBetween(0, 2)) {
                case 0 -> golden.substring(0, at) + c + golden.substring(at + 1);
                case 1 -> golden.substring(0, at) + c + golden.substring(at);
                default -> golden.substring(0, at) + golden.substring(at + 1);
            };
            try {
                AggregationManifest manifest = AggregationManifest.fromJson(edited);
                assertThat(AggregationManifest.fromJson(manifest.toJson()).toJson()).isEqualTo(manifest.toJson());
            } catch (ManifestFormatException expected) {
                assertThat(expected.field()).isNotEmpty();
            }
        });
    }

    private static char jsonChar(Gen gen) {
        return gen.oneOf(() -> gen.of('{', '}', '[', ']', ':', ',', '"', '\\', '0', '1', '-', '.', 'e', ' ', 'n'),
                gen::anyChar);
    }
}

package org.fedledger.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class AggregationManifestPropertiesTest {

    @Property(tries = 2000)
    void random_strings_are_refused_with_a_manifest_format_exception_only(@ForAll("jsonish") String text) {
        try {
            AggregationManifest manifest = AggregationManifest.fromJson(text);
            assertThat(AggregationManifest.fromJson(manifest.toJson())).isEqualTo(manifest);
        } catch (ManifestFormatException expected) {
            assertThat(expected.field()).isNotEmpty();
        }
    }

    @Property(tries = 3000)
    void edited_golden_json_is_read_or_refused_with_a_manifest_format_exception_only(
            @ForAll @IntRange(min = 0, max = 100_000) int where, @ForAll @IntRange(min = 0, max = 2) int kind,
            @ForAll("jsonChars") char c) {
        String golden = AggregationManifestTest.GOLDEN;
        int at = where % golden.length();
        String edited = switch (kind) {
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
    }

    @Provide
    Arbitrary<String> jsonish() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(80),
                Arbitraries.strings().withChars("{}[]:,\"0123456789-.eEtrufalsn abc\\").ofMaxLength(80));
    }

    @Provide
    Arbitrary<Character> jsonChars() {
        return Arbitraries.oneOf(Arbitraries.of('{', '}', '[', ']', ':', ',', '"', '\\', '0', '1', '-', '.', 'e', ' ', 'n'),
                Arbitraries.chars());
    }
}

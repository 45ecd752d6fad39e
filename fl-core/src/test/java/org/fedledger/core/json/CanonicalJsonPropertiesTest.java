package org.fedledger.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class CanonicalJsonPropertiesTest {

    @Property(tries = 2000)
    void random_text_is_parsed_or_refused_with_an_illegal_argument_exception_only(@ForAll("jsonish") String text) {
        try {
            JsonElement tree = CanonicalJson.parse(text);
            String canonical = CanonicalJson.toJson(tree);
            assertThat(CanonicalJson.toJson(CanonicalJson.parse(canonical))).isEqualTo(canonical);
        } catch (IllegalArgumentException expected) {
            assertThat(expected).hasMessageNotContaining("Exception:");
        }
    }

    @Property(tries = 300)
    void maps_write_the_same_bytes_whatever_their_insertion_order(@ForAll("entries") Map<String, Long> entries,
            @ForAll Random random) {
        List<String> keys = new ArrayList<>(entries.keySet());
        Collections.shuffle(keys, random);
        Map<String, Object> shuffled = new LinkedHashMap<>();
        for (String k : keys) {
            shuffled.put(k, Map.of("v", entries.get(k), "list", List.of(entries.get(k))));
        }
        Map<String, Object> original = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : entries.entrySet()) {
            original.put(e.getKey(), Map.of("v", e.getValue(), "list", List.of(e.getValue())));
        }

        assertThat(CanonicalJson.toBytes(shuffled)).isEqualTo(CanonicalJson.toBytes(original));
    }

    @Provide
    Arbitrary<String> jsonish() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(60),
                Arbitraries.strings().withChars("{}[]:,\"0123456789-+.eEtrufalsn \\/u").ofMaxLength(60));
    }

    @Provide
    Arbitrary<Map<String, Long>> entries() {
        return Arbitraries.maps(Arbitraries.strings().ofMaxLength(5), Arbitraries.longs()).ofMaxSize(8);
    }
}

package org.fedledger.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedledger.core.testing.Gen;
import org.fedledger.core.testing.PropertyCheck;
import org.junit.jupiter.api.Test;

class CanonicalJsonPropertiesTest {

    @Test
    void random_text_is_parsed_or_refused_with_an_illegal_argument_exception_only() {
        PropertyCheck.forAll(2000, gen -> {
            String text = jsonish(gen);
            try {
                JsonElement tree = CanonicalJson.parse(text);
                String canonical = CanonicalJson.toJson(tree);
                assertThat(CanonicalJson.toJson(CanonicalJson.parse(canonical))).isEqualTo(canonical);
            } catch (IllegalArgumentException expected) {
                assertThat(expected).hasMessageNotContaining("Exception:");
            }
        });
    }

    @Test
    void maps_write_the_same_bytes_whatever_their_insertion_order() {
        PropertyCheck.forAll(300, gen -> {
            Map<String, Long> entries = new LinkedHashMap<>();
            for (int i = gen.intBetween(0, 8); i > 0; i--) {
                entries.put(gen.string(5), gen.anyLong());
            }
            List<String> keys = new ArrayList<>(entries.keySet());
            Collections.shuffle(keys, gen.javaRandom());
            Map<String, Object> shuffled = new LinkedHashMap<>();
            for (String k : keys) {
                shuffled.put(k, Map.of("v", entries.get(k), "list", List.of(entries.get(k))));
            }
            Map<String, Object> original = new LinkedHashMap<>();
            for (Map.Entry<String, Long> e : entries.entrySet()) {
                original.put(e.getKey(), Map.of("v", e.getValue(), "list", List.of(e.getValue())));
            }

            assertThat(CanonicalJson.toBytes(shuffled)).isEqualTo(CanonicalJson.toBytes(original));
        });
    }

    private static String jsonish(Gen gen) {
        return gen.oneOf(() -> gen.string(60), () -> gen.stringOf("{}[]:,\"0123456789-+.eEtrufalsn \\/u", 0, 60));
    }
}

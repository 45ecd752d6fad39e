package org.fedledger.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {
    enum Verdict { AGREE, DISAGREE }

    record Entry(String key, String contributor, long samples) {}

    record Sample(String taskId, long round, int count, boolean open, Verdict verdict, List<Entry> accepted,
            Map<String, String> params, List<String> tags, String note) {}

    static final class PlainRecord {
        String zeta = "z";
        long alpha = 1;
        String omitted;
    }

    static Sample sample(Map<String, String> params) {
        return new Sample("task-1", 3, 2, true, Verdict.AGREE,
                List.of(new Entry("k1", "x509::CN=a", 10), new Entry("k0", "x509::CN=b", 5)),
                params, List.of("<b>", "caf\u00e9", "a\"b\\c\n"), null);
    }

    static final String GOLDEN = "{\"accepted\":[{\"contributor\":\"x509::CN=a\",\"key\":\"k1\",\"samples\":10},"
            + "{\"contributor\":\"x509::CN=b\",\"key\":\"k0\",\"samples\":5}],"
            + "\"count\":2,\"open\":true,\"params\":{\"beta\":\"0.1\",\"clip_norm\":\"5\"},\"round\":3,"
            + "\"tags\":[\"<b>\",\"caf\u00e9\",\"a\\\"b\\\\c\\n\"],\"taskId\":\"task-1\",\"verdict\":\"AGREE\"}";

    @Nested
    class ToJson {
        @Test
        void writes_the_golden_string_for_a_fixed_record() {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("clip_norm", "5");
            params.put("beta", "0.1");

            assertThat(CanonicalJson.toJson(sample(params))).isEqualTo(GOLDEN);
        }

        @Test
        void writes_the_same_bytes_whatever_the_key_order_of_the_input_maps() {
            Map<String, String> linked = new LinkedHashMap<>();
            linked.put("clip_norm", "5");
            linked.put("beta", "0.1");
            Map<String, String> hashed = new HashMap<>(Map.of("beta", "0.1", "clip_norm", "5"));
            Map<String, String> sorted = new TreeMap<>(hashed);

            byte[] expected = GOLDEN.getBytes(StandardCharsets.UTF_8);
            assertThat(CanonicalJson.toBytes(sample(linked))).isEqualTo(expected);
            assertThat(CanonicalJson.toBytes(sample(hashed))).isEqualTo(expected);
            assertThat(CanonicalJson.toBytes(sample(sorted))).isEqualTo(expected);
        }

        @Test
        void sorts_keys_at_every_depth_of_nested_maps_and_json_trees() {
            Map<String, Object> inner = new LinkedHashMap<>();
            inner.put("z", 1);
            inner.put("a", Map.of("y", 2, "b", 3));
            JsonObject tree = new JsonObject();
            tree.addProperty("m", 1);
            tree.addProperty("B", 2);

            assertThat(CanonicalJson.toJson(Map.of("outer", inner, "a", List.of(inner))))
                    .isEqualTo("{\"a\":[{\"a\":{\"b\":3,\"y\":2},\"z\":1}],\"outer\":{\"a\":{\"b\":3,\"y\":2},\"z\":1}}");
            assertThat(CanonicalJson.toJson(tree)).isEqualTo("{\"B\":2,\"m\":1}");
        }

        @Test
        void writes_plain_classes_with_fields_sorted_and_nulls_left_out() {
            assertThat(CanonicalJson.toJson(new PlainRecord())).isEqualTo("{\"alpha\":1,\"zeta\":\"z\"}");
        }

        @Test
        void writes_integers_without_a_decimal_point() {
            assertThat(CanonicalJson.toJson(List.of(0, -7, Long.MAX_VALUE, Long.MIN_VALUE,
                    new BigInteger("123456789012345678901234567890"), new BigDecimal("42"))))
                    .isEqualTo("[0,-7,9223372036854775807,-9223372036854775808,123456789012345678901234567890,42]");
        }

        @Test
        void refuses_floating_point_and_fractional_numbers_naming_the_path() {
            assertThatThrownBy(() -> CanonicalJson.toJson(Map.of("weights", List.of(1, 0.5))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("$.weights[1]")
                    .hasMessageContaining("not an integer");
            assertThatThrownBy(() -> CanonicalJson.toJson(Map.of("w", 2.0d))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> CanonicalJson.toJson(Map.of("w", 1f))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> CanonicalJson.toJson(new BigDecimal("0.1"))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> CanonicalJson.toJson(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void does_not_escape_html_characters() {
            assertThat(CanonicalJson.toJson(Map.of("k", "<a href='x'>&=</a>"))).isEqualTo("{\"k\":\"<a href='x'>&=</a>\"}");
        }

        @Test
        void writes_utf8_bytes() {
            assertThat(CanonicalJson.toBytes("\u00e9")).containsExactly('"', 0xc3, 0xa9, '"');
        }
    }

    @Nested
    class FromJson {
        @Test
        void reads_the_golden_string_back_into_an_equal_record() {
            Sample back = CanonicalJson.fromJson(GOLDEN, Sample.class);

            assertThat(back).isEqualTo(sample(Map.of("beta", "0.1", "clip_norm", "5")));
            assertThat(CanonicalJson.toJson(back)).isEqualTo(GOLDEN);
        }

        @Test
        void accepts_whitespace_and_any_key_order() {
            Entry entry = CanonicalJson.fromJson(" { \"samples\" : 4 ,\n \"key\" : \"k\" , \"contributor\":\"c\" } ", Entry.class);

            assertThat(entry).isEqualTo(new Entry("k", "c", 4));
        }

        @Test
        void refuses_an_integer_that_does_not_fit_the_field_instead_of_truncating_it() {
            assertThatThrownBy(() -> CanonicalJson.fromJson("{\"samples\":9223372036854775808}", Entry.class))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("does not fit a long");
            assertThatThrownBy(() -> CanonicalJson.fromJson(
                    "{\"count\":2147483648}", Sample.class))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("does not fit a int");
        }

        @Test
        void refuses_values_of_the_wrong_type() {
            assertThatThrownBy(() -> CanonicalJson.fromJson("{\"samples\":\"many\"}", Entry.class))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expected an integer");
            assertThatThrownBy(() -> CanonicalJson.fromJson("[1]", Entry.class)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void refuses_json_null() {
            assertThatThrownBy(() -> CanonicalJson.fromJson("null", Entry.class))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("null");
        }
    }

    @Nested
    class Parse {
        @Test
        void reads_numbers_as_big_integers() {
            JsonElement tree = CanonicalJson.parse("{\"n\":-0,\"big\":123456789012345678901234567890}");

            assertThat(tree.getAsJsonObject().get("big").getAsBigInteger()).isEqualTo(new BigInteger("123456789012345678901234567890"));
            assertThat(CanonicalJson.toJson(tree)).isEqualTo("{\"big\":123456789012345678901234567890,\"n\":0}");
        }

        @Test
        void refuses_trailing_content() {
            assertThatThrownBy(() -> CanonicalJson.parse("{\"a\":1} x")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> CanonicalJson.parse("{\"a\":1}{}")).isInstanceOf(IllegalArgumentException.class);
            assertThat(CanonicalJson.parse("{\"a\":1}  \n").getAsJsonObject().get("a").getAsInt()).isEqualTo(1);
        }

        @Test
        void refuses_duplicate_keys_naming_the_key() {
            assertThatThrownBy(() -> CanonicalJson.parse("{\"a\":{\"b\":1,\"b\":2}}"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("duplicate key 'b'")
                    .hasMessageContaining("$.a");
        }

        @Test
        void refuses_non_integer_numbers() {
            for (String number : List.of("1.0", "1e3", "-0.5", "1E+2")) {
                assertThatThrownBy(() -> CanonicalJson.parse("{\"x\":" + number + "}"))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("not an integer")
                        .hasMessageContaining("$.x");
            }
        }

        @Test
        void refuses_lenient_json_extensions() {
            for (String bad : List.of("", "{", "{'a':1}", "{a:1}", "[1,]", "{\"a\":1,}", "// c\n{}", "[01]", "NaN",
                    "[\"tab\there\"]", "{\"a\" 1}", "[1 2]", "\"\\x\"", ")]}'\n{}")) {
                assertThatThrownBy(() -> CanonicalJson.parse(bad))
                        .as(bad)
                        .isInstanceOf(IllegalArgumentException.class);
            }
        }

        @Test
        void refuses_absurdly_deep_nesting_without_overflowing_the_stack() {
            String deep = "[".repeat(100_000) + "]".repeat(100_000);

            assertThatThrownBy(() -> CanonicalJson.parse(deep)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}

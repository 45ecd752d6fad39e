package org.fedledger.protocol.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fedledger.core.model.FormatError;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {
    @Test
    void the_codes_are_exactly_those_of_the_spec_table() throws IOException {
        String spec = Files.readString(Path.of("..", "docs", "ledger-model.md"), StandardCharsets.UTF_8);
        String table = spec.substring(spec.indexOf("## Error codes"));
        List<String> documented = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\| `([A-Z_]+)` \\|").matcher(table);
        while (m.find()) {
            documented.add(m.group(1));
        }
        assertThat(Arrays.stream(ErrorCode.values()).map(Enum::name).toList()).containsExactlyElementsOf(documented);
    }

    @Test
    void the_spec_table_says_for_each_code_whether_a_retry_can_help_as_the_code_does() throws IOException {
        String spec = Files.readString(Path.of("..", "docs", "ledger-model.md"), StandardCharsets.UTF_8);
        Map<String, Boolean> documented = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^\\| `([A-Z_]+)` \\|.*\\| (yes|no) \\|$").matcher(spec);
        while (m.find()) {
            documented.put(m.group(1), m.group(2).equals("yes"));
        }
        Map<String, Boolean> actual = new TreeMap<>();
        for (ErrorCode code : ErrorCode.values()) {
            actual.put(code.name(), code.retryable());
        }
        assertThat(actual).isEqualTo(documented).containsValue(true).containsValue(false);
    }

    @Test
    void every_code_tells_the_caller_what_to_do_in_its_own_words() {
        List<String> guidance = Arrays.stream(ErrorCode.values()).map(ErrorCode::guidance).toList();
        assertThat(guidance).allSatisfy(g -> assertThat(g).hasSizeGreaterThan(10)).doesNotHaveDuplicates();
    }

    @Test
    void every_fl_core_format_error_has_its_own_listed_mapping() {
        // A FormatError added to fl-core is missing from this table, and the test fails until it is listed.
        Map<FormatError, ErrorCode> expected = new EnumMap<>(FormatError.class);
        expected.put(FormatError.MALFORMED_ENCODING, ErrorCode.MALFORMED_PAYLOAD);
        expected.put(FormatError.NON_CANONICAL_ENCODING, ErrorCode.MALFORMED_PAYLOAD);
        expected.put(FormatError.NON_FINITE_VALUE, ErrorCode.NON_FINITE_VALUE);
        expected.put(FormatError.SHAPE_MISMATCH, ErrorCode.MALFORMED_PAYLOAD);
        expected.put(FormatError.SCHEMA_MISMATCH, ErrorCode.SCHEMA_MISMATCH);
        expected.put(FormatError.INVALID_NAME, ErrorCode.MALFORMED_PAYLOAD);
        expected.put(FormatError.DUPLICATE_TENSOR, ErrorCode.MALFORMED_PAYLOAD);
        expected.put(FormatError.INVALID_SHAPE, ErrorCode.MALFORMED_PAYLOAD);
        expected.put(FormatError.MALFORMED_HASH, ErrorCode.MALFORMED_HASH);
        expected.put(FormatError.TOO_LARGE, ErrorCode.PAYLOAD_TOO_LARGE);
        expected.put(FormatError.EMPTY_MODEL, ErrorCode.MALFORMED_PAYLOAD);
        expected.put(FormatError.SIZE_MISMATCH, ErrorCode.PAYLOAD_SIZE_MISMATCH);
        expected.put(FormatError.CODE_OUT_OF_RANGE, ErrorCode.CODE_OUT_OF_RANGE);

        Map<FormatError, ErrorCode> actual = new EnumMap<>(FormatError.class);
        for (FormatError f : FormatError.values()) {
            actual.put(f, ErrorCode.of(f));
        }
        assertThat(actual).isEqualTo(expected);
    }
}

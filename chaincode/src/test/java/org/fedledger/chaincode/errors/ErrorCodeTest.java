package org.fedledger.chaincode.errors;

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
    void an_exception_carries_the_code_as_payload_and_message_prefix() {
        FedLedgerException e = ErrorCode.NOT_FOUND.exception("task 'x' does not exist");
        assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(e.getPayload()).isEqualTo("NOT_FOUND".getBytes(StandardCharsets.UTF_8));
        assertThat(e.getMessage()).isEqualTo("NOT_FOUND: task 'x' does not exist");
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

        Map<FormatError, ErrorCode> actual = new EnumMap<>(FormatError.class);
        for (FormatError f : FormatError.values()) {
            actual.put(f, ErrorCode.of(f));
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void numbers_are_parsed_strictly() {
        assertThat(Arguments.number("n", "0", 0, 5)).isZero();
        assertThat(Arguments.number("n", "9223372036854775807", 0, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
        for (String bad : new String[] {null, "", "-1", "+1", "01", "1.0", "1e2", " 1", "9223372036854775808", "٣"}) {
            assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(FedLedgerException.class,
                    () -> Arguments.number("samples", bad, 0, Long.MAX_VALUE)))
                    .satisfies(e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                        assertThat(e.getMessage()).contains("samples");
                    });
        }
    }
}

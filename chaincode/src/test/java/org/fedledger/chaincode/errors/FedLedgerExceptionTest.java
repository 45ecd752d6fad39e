package org.fedledger.chaincode.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import org.fedledger.protocol.error.ErrorCode;
import org.junit.jupiter.api.Test;

class FedLedgerExceptionTest {
    @Test
    void an_exception_carries_the_code_as_field_payload_and_message_prefix() {
        FedLedgerException e = new FedLedgerException(ErrorCode.NOT_FOUND, "task 'x' does not exist");
        assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(e.retryable()).isTrue();
        assertThat(e.field()).isEmpty();
        assertThat(e.getPayload()).isEqualTo("NOT_FOUND".getBytes(StandardCharsets.UTF_8));
        assertThat(e.getMessage()).isEqualTo("NOT_FOUND: task 'x' does not exist");
    }

    @Test
    void numbers_are_parsed_strictly() {
        assertThat(Arguments.number("n", "0", 0, 5)).isZero();
        assertThat(Arguments.number("n", "9223372036854775807", 0, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
        for (String bad : new String[] {null, "", "-1", "+1", "01", "1.0", "1e2", " 1", "9223372036854775808", "٣"}) {
            assertThat(catchThrowableOfType(FedLedgerException.class, () -> Arguments.number("samples", bad, 0,
                    Long.MAX_VALUE)))
                    .satisfies(e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                        assertThat(e.getMessage()).contains("samples");
                        assertThat(e.field()).hasValue("samples");
                    });
        }
    }
}

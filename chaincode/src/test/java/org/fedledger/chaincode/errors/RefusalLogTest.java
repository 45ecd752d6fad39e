package org.fedledger.chaincode.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.fedledger.protocol.error.ErrorCode;
import org.hyperledger.fabric.shim.ResponseUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What an operator sees in the chaincode's log when the shim turns a failure into an error response. */
class RefusalLogTest {
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (isLoggable(record)) {
                records.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void capture() {
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
        RefusalLog.install();
        RefusalLog.startTransaction();
    }

    @AfterEach
    void release() {
        Logger.getLogger("").removeHandler(capture);
    }

    private String text(LogRecord r) {
        return r.getMessage() + (r.getThrown() == null ? "" : " " + r.getThrown());
    }

    @Test
    void a_refusal_is_one_info_line_without_a_trace() {
        ResponseUtils.newErrorResponse(new FedLedgerException(ErrorCode.ROUND_NOT_OPEN,
                "round 3 of task 'mnist' is CLOSED"));

        assertThat(records).extracting(LogRecord::getLevel).doesNotContain(Level.SEVERE, Level.WARNING);
        assertThat(records).filteredOn(r -> r.getMessage().startsWith("refused ")).singleElement().satisfies(r -> {
            assertThat(r.getLevel()).isEqualTo(Level.INFO);
            assertThat(r.getThrown()).isNull();
            assertThat(r.getMessage()).isEqualTo("refused ROUND_NOT_OPEN: round 3 of task 'mnist' is CLOSED")
                    .doesNotContain("\n");
        });
    }

    @Test
    void an_unexpected_error_keeps_its_severe_record_and_trace() {
        ResponseUtils.newErrorResponse(new IllegalStateException("ledger iterator broke"));

        assertThat(records).filteredOn(r -> r.getLevel() == Level.SEVERE).singleElement()
                .satisfies(r -> assertThat(text(r)).contains("ledger iterator broke").contains("\tat "));
    }

    @Test
    void a_refusal_of_an_earlier_transaction_does_not_hide_a_later_error() {
        new FedLedgerException(ErrorCode.NOT_FOUND, "no such task");
        RefusalLog.startTransaction();
        ResponseUtils.newErrorResponse(new IllegalStateException("boom"));

        assertThat(records).extracting(LogRecord::getLevel).contains(Level.SEVERE);
    }
}

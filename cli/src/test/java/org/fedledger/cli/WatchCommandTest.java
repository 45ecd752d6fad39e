package org.fedledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.fedledger.protocol.event.LedgerEvent;
import org.fedledger.sdk.events.ProtocolEvent;
import org.junit.jupiter.api.Test;

/** A watched event is one line: readable, or one JSON object a tool can parse. */
class WatchCommandTest {
    private static final ProtocolEvent OPENED = new ProtocolEvent(3, "tx3", new LedgerEvent.RoundOpened("bc1", 2, 1, 1796287168));

    @Test
    void json_lines_carry_block_transaction_event_name_and_fields() {
        JsonObject line = JsonParser.parseString(WatchCommand.line(OPENED, true)).getAsJsonObject();
        assertThat(line.get("block").getAsLong()).isEqualTo(3);
        assertThat(line.get("transaction").getAsString()).isEqualTo("tx3");
        assertThat(line.get("event").getAsString()).isEqualTo("RoundOpened");
        JsonObject fields = line.getAsJsonObject("fields");
        assertThat(fields.get("taskId").getAsString()).isEqualTo("bc1");
        assertThat(fields.get("round").getAsInt()).isEqualTo(2);
        assertThat(fields.get("deadline").getAsLong()).isEqualTo(1796287168L);
    }

    @Test
    void plain_lines_name_block_transaction_and_event() {
        assertThat(WatchCommand.line(OPENED, false)).startsWith("block 3 tx tx3 RoundOpened[taskId=bc1, round=2");
    }
}

package org.fedledger.sdk.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import org.fedledger.protocol.event.EventNames;
import org.fedledger.protocol.event.LedgerEvent;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.sdk.ledger.ChaincodeEventRecord;
import org.junit.jupiter.api.Test;

class ConnectionEventsTest {
    @Test
    void every_event_name_of_the_protocol_has_its_typed_event() throws Exception {
        int names = 0;
        for (Field f : EventNames.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                String name = (String) f.get(null);
                assertThat(LedgerEvent.class).isAssignableFrom(ConnectionEvents.typeOf(name));
                names++;
            }
        }
        assertThat(names).isEqualTo(LedgerEvent.class.getPermittedSubclasses().length);
    }

    @Test
    void a_chaincode_event_is_parsed_into_its_typed_event_with_block_and_transaction() {
        LedgerEvent.RoundOpened opened = new LedgerEvent.RoundOpened("mnist", 3, 2, 1_700_000_000L);
        ChaincodeEventRecord raw = new ChaincodeEventRecord(41, "tx9", EventNames.ROUND_OPENED,
                RecordJson.write(opened).getBytes(StandardCharsets.UTF_8));
        ProtocolEvent parsed = ConnectionEvents.parse(raw);
        assertThat(parsed.event()).isEqualTo(opened);
        assertThat(parsed.blockNumber()).isEqualTo(41);
        assertThat(parsed.transactionId()).isEqualTo("tx9");
    }
}

package org.fedledger.sdk.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.fedledger.protocol.event.EventNames;
import org.fedledger.protocol.event.LedgerEvent;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.sdk.ledger.ChaincodeEventRecord;
import org.fedledger.sdk.ledger.EventPosition;
import org.fedledger.sdk.ledger.EventStream;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.junit.jupiter.api.Test;

class ConnectionEventsTest {
    @Test
    void an_event_name_the_protocol_does_not_know_is_refused() {
        assertThatThrownBy(() -> ConnectionEvents.typeOf("RoundReopened")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RoundReopened").hasMessageContaining("older than the chaincode");
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

    @Test
    void closing_waits_for_the_event_being_handled_and_its_checkpoint() throws Exception {
        java.util.concurrent.CountDownLatch streamClosed = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch handling = new java.util.concurrent.CountDownLatch(1);
        ChaincodeEventRecord raw = new ChaincodeEventRecord(7, "tx1", EventNames.ROUND_OPENED,
                RecordJson.write(new LedgerEvent.RoundOpened("t", 1, 0, 1L)).getBytes(StandardCharsets.UTF_8));
        EventStream oneEvent = new EventStream() {
            private boolean delivered;

            @Override
            public boolean hasNext() {
                return !delivered;
            }

            @Override
            public ChaincodeEventRecord next() {
                delivered = true;
                return raw;
            }

            @Override
            public void close() {
                streamClosed.countDown();
            }
        };
        LedgerConnection connection = (LedgerConnection) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {LedgerConnection.class},
                (proxy, method, args) -> method.getName().equals("events") ? oneEvent : null);
        java.util.List<String> checkpoints = new java.util.concurrent.CopyOnWriteArrayList<>();
        Checkpointer checkpointer = new Checkpointer() {
            @Override
            public java.util.Optional<EventPosition> position() {
                return java.util.Optional.empty();
            }

            @Override
            public void checkpoint(long blockNumber, String transactionId) {
                try {
                    Thread.sleep(300); // a slow disk: the write outlasts the close() call unless close() waits
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                checkpoints.add(blockNumber + "/" + transactionId);
            }
        };

        // The handler is still running when close() is called, and only the close releases it.
        Subscription subscription = new ConnectionEvents(connection).subscribe(checkpointer, 0, e -> {
            handling.countDown();
            streamClosed.await();
        });
        handling.await();
        subscription.close();

        assertThat(checkpoints).as("written before close() returned").containsExactly("7/tx1");
        assertThat(subscription.failure()).isEmpty();
    }
}

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
        // What happened, in order: the checkpoint's write, and close() returning to its caller.
        java.util.List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread closer = Thread.currentThread();
        java.util.concurrent.CountDownLatch checkpointed = new java.util.concurrent.CountDownLatch(1);
        Checkpointer checkpointer = new Checkpointer() {
            @Override
            public java.util.Optional<EventPosition> position() {
                return java.util.Optional.empty();
            }

            @Override
            public void checkpoint(long blockNumber, String transactionId) {
                // A slow disk: the write lands only once close() is either waiting for it or has returned,
                // so a close() that does not wait returns first, every time.
                while (!order.contains("close returned") && closer.getState() != Thread.State.WAITING
                        && closer.getState() != Thread.State.TIMED_WAITING) {
                    Thread.onSpinWait();
                }
                order.add("checkpoint " + blockNumber + "/" + transactionId);
                checkpointed.countDown();
            }
        };

        // The handler is still running when close() is called, and only the close releases it.
        Subscription subscription = new ConnectionEvents(connection).subscribe(checkpointer, 0, e -> {
            handling.countDown();
            streamClosed.await();
        });
        handling.await();
        subscription.close();
        order.add("close returned");

        assertThat(checkpointed.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(order).as("the checkpoint written before close() returned")
                .containsExactly("checkpoint 7/tx1", "close returned");
        assertThat(subscription.failure()).isEmpty();
    }
}

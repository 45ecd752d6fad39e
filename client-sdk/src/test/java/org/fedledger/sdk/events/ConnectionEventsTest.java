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
        LedgerConnection connection = streaming(oneEvent);
        // What happened, in order: the checkpoint's write, and close() returning to its caller.
        java.util.List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread closer = Thread.currentThread();
        java.util.concurrent.CountDownLatch checkpointed = new java.util.concurrent.CountDownLatch(1);
        Checkpointer checkpointer = fresh((blockNumber, transactionId) -> {
            // A slow disk: the write lands only once close() is either waiting for it or has returned,
            // so a close() that does not wait returns first, every time.
            while (!order.contains("close returned") && closer.getState() != Thread.State.WAITING
                    && closer.getState() != Thread.State.TIMED_WAITING) {
                Thread.onSpinWait();
            }
            order.add("checkpoint " + blockNumber + "/" + transactionId);
            checkpointed.countDown();
        });

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

    @Test
    void a_subscription_to_some_types_hands_over_and_checkpoints_only_those() throws Exception {
        java.util.List<ChaincodeEventRecord> raws = java.util.List.of(
                raw(5, "tx1", EventNames.ROUND_OPENED, new LedgerEvent.RoundOpened("t", 1, 0, 1L)),
                new ChaincodeEventRecord(5, "tx2", EventNames.UPDATE_ACCEPTED, "not even parsed".getBytes(StandardCharsets.UTF_8)),
                raw(6, "tx3", EventNames.ROUND_CLOSED, new LedgerEvent.RoundClosed("t", 1, 3, 0)),
                new ChaincodeEventRecord(7, "tx4", EventNames.UPDATE_ACCEPTED, new byte[0]));
        java.util.Iterator<ChaincodeEventRecord> left = raws.iterator();
        EventStream stream = new EventStream() {
            @Override
            public boolean hasNext() {
                return left.hasNext();
            }

            @Override
            public ChaincodeEventRecord next() {
                return left.next();
            }

            @Override
            public void close() {
                // nothing held
            }
        };
        java.util.List<String> checkpoints = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.List<LedgerEvent> handled = new java.util.concurrent.CopyOnWriteArrayList<>();

        Subscription subscription = new ConnectionEvents(streaming(stream)).subscribe(
                fresh((block, txId) -> checkpoints.add(block + "/" + txId)), 0,
                java.util.Set.of(LedgerEvent.RoundOpened.class, LedgerEvent.RoundClosed.class), e -> handled.add(e.event()));

        assertThat(subscription.awaitTermination(java.time.Duration.ofSeconds(30))).isTrue();
        assertThat(subscription.failure()).isEmpty();
        assertThat(handled).containsExactly(new LedgerEvent.RoundOpened("t", 1, 0, 1L), new LedgerEvent.RoundClosed("t", 1, 3, 0));
        assertThat(checkpoints).as("the events passed over have no checkpoint of their own").containsExactly("5/tx1", "6/tx3");
    }

    /** A connection whose event service is {@code stream}. */
    private static LedgerConnection streaming(EventStream stream) {
        return (LedgerConnection) java.lang.reflect.Proxy.newProxyInstance(ConnectionEventsTest.class.getClassLoader(),
                new Class<?>[] {LedgerConnection.class},
                (proxy, method, args) -> method.getName().equals("events") ? stream : null);
    }

    /** A checkpointer with no position yet that hands every checkpoint to {@code written}. */
    private static Checkpointer fresh(java.util.function.BiConsumer<Long, String> written) {
        return new Checkpointer() {
            @Override
            public java.util.Optional<EventPosition> position() {
                return java.util.Optional.empty();
            }

            @Override
            public void checkpoint(long blockNumber, String transactionId) {
                written.accept(blockNumber, transactionId);
            }
        };
    }

    private static ChaincodeEventRecord raw(long block, String txId, String name, LedgerEvent event) {
        return new ChaincodeEventRecord(block, txId, name, RecordJson.write(event).getBytes(StandardCharsets.UTF_8));
    }
}

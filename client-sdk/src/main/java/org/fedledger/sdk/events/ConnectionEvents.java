package org.fedledger.sdk.events;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.fedledger.protocol.event.EventNames;
import org.fedledger.protocol.event.LedgerEvent;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.sdk.ledger.ChaincodeEventRecord;
import org.fedledger.sdk.ledger.EventPosition;
import org.fedledger.sdk.ledger.EventStream;
import org.fedledger.sdk.ledger.LedgerConnection;

/** {@link ProtocolEvents} over a {@link LedgerConnection}'s chaincode event stream. */
final class ConnectionEvents implements ProtocolEvents {
    private final LedgerConnection connection;

    ConnectionEvents(LedgerConnection connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
    }

    @Override
    public Subscription subscribe(Checkpointer checkpointer, long startBlock, EventHandler handler) {
        return subscribe(checkpointer, startBlock, type -> true, handler);
    }

    @Override
    public Subscription subscribe(Checkpointer checkpointer, long startBlock, Set<Class<? extends LedgerEvent>> types,
            EventHandler handler) {
        Set<Class<? extends LedgerEvent>> wanted = Set.copyOf(types);
        return subscribe(checkpointer, startBlock, wanted::contains, handler);
    }

    private Subscription subscribe(Checkpointer checkpointer, long startBlock,
            java.util.function.Predicate<Class<? extends LedgerEvent>> wanted, EventHandler handler) {
        Objects.requireNonNull(checkpointer, "checkpointer");
        Objects.requireNonNull(handler, "handler");
        EventPosition from = checkpointer.position().orElse(EventPosition.startOf(startBlock));
        EventStream stream = connection.events(from);
        Running running = new Running(stream);
        Thread thread = new Thread(() -> running.run(checkpointer, wanted, handler), "fedledger-events");
        thread.setDaemon(true);
        running.delivery = thread;
        thread.start();
        return running;
    }

    /** Parses one chaincode event into the protocol's typed event. */
    static ProtocolEvent parse(ChaincodeEventRecord e) {
        String json = new String(e.payload(), StandardCharsets.UTF_8);
        LedgerEvent event = (LedgerEvent) RecordJson.read(json, typeOf(e.name()).asSubclass(Record.class));
        return new ProtocolEvent(e.blockNumber(), e.transactionId(), event);
    }

    static Class<? extends LedgerEvent> typeOf(String name) {
        return EventNames.typeNamed(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown event '" + name + "': is the SDK older than the chaincode?"));
    }

    private static final class Running implements Subscription {
        /** How long {@link #close()} waits for the event being handled and its checkpoint to finish. */
        private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);
        private final EventStream stream;
        private final CountDownLatch stopped = new CountDownLatch(1);
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private volatile boolean closing;
        private volatile Thread delivery;

        Running(EventStream stream) {
            this.stream = stream;
        }

        void run(Checkpointer checkpointer, java.util.function.Predicate<Class<? extends LedgerEvent>> wanted,
                EventHandler handler) {
            try {
                while (!closing && stream.hasNext()) {
                    ChaincodeEventRecord raw = stream.next();
                    if (!wanted.test(typeOf(raw.name()))) {
                        continue; // not the handler's: neither parsed nor checkpointed
                    }
                    handler.handle(parse(raw));
                    checkpointer.checkpoint(raw.blockNumber(), raw.transactionId());
                }
            } catch (Exception | Error e) {
                if (!closing) {
                    failure.set(e);
                }
            } finally {
                stream.close();
                stopped.countDown();
            }
        }

        @Override
        public boolean awaitTermination(Duration timeout) throws InterruptedException {
            return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public Optional<Throwable> failure() {
            return Optional.ofNullable(failure.get());
        }

        @Override
        public void close() {
            closing = true;
            stream.close();
            if (Thread.currentThread() == delivery) {
                return; // closed from inside the handler: the loop ends when the handler returns
            }
            // Waiting here means that once close() returns, nothing of this subscription writes its
            // checkpoint any more: a caller may delete or reuse the checkpoint's folder.
            try {
                stopped.await(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

package org.fedledger.sdk.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import org.fedledger.sdk.errors.LedgerUnavailableException;
import org.fedledger.sdk.ledger.ChaincodeEventRecord;
import org.fedledger.sdk.ledger.EventPosition;
import org.fedledger.sdk.progress.Progress;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.GatewayRuntimeException;
import org.junit.jupiter.api.Test;

/** A chaincode event stream whose peer restarts resumes from the last event it delivered. */
class GatewayEventStreamTest {
    private static final Duration BUDGET = Duration.ofSeconds(60);
    private static final Duration BACKOFF = Duration.ofMillis(500);

    private long now;
    private final List<Progress> lines = new ArrayList<>();
    private final List<EventPosition> opened = new ArrayList<>();

    private EventResumption resumption() {
        return new EventResumption(BUDGET, BACKOFF, () -> now, d -> now += d.toNanos(), lines::add);
    }

    record Event(long block, String tx) implements ChaincodeEvent {
        @Override
        public long getBlockNumber() {
            return block;
        }

        @Override
        public String getTransactionId() {
            return tx;
        }

        @Override
        public String getChaincodeName() {
            return "fedledger";
        }

        @Override
        public String getEventName() {
            return "RoundOpened";
        }

        @Override
        public byte[] getPayload() {
            return new byte[0];
        }
    }

    /** The peer's events from a block on; the stream breaks after {@code breakAfter} of them. */
    private static CloseableIterator<ChaincodeEvent> peer(List<Event> chain, long fromBlock, int breakAfter) {
        Iterator<Event> events = chain.stream().filter(e -> e.block() >= fromBlock).iterator();
        return new CloseableIterator<>() {
            int delivered;

            @Override
            public boolean hasNext() {
                if (delivered == breakAfter) {
                    throw new GatewayRuntimeException(Status.UNAVAILABLE.withDescription("io exception").asRuntimeException());
                }
                return events.hasNext();
            }

            @Override
            public ChaincodeEvent next() {
                delivered++;
                return events.next();
            }

            @Override
            public void close() {
            }
        };
    }

    private static List<String> drain(GatewayConnection.GatewayEventStream s) {
        List<String> txs = new ArrayList<>();
        while (s.hasNext()) {
            ChaincodeEventRecord r = s.next();
            txs.add(r.transactionId());
        }
        return txs;
    }

    @Test
    void a_stream_broken_by_a_peer_restart_resumes_after_the_last_delivered_event_without_repeats() {
        List<Event> chain = List.of(new Event(5, "a"), new Event(5, "b"), new Event(6, "c"), new Event(7, "d"));
        List<Integer> breaks = new ArrayList<>(List.of(2, 1, Integer.MAX_VALUE));
        Function<EventPosition, CloseableIterator<ChaincodeEvent>> open = from -> {
            opened.add(from);
            return peer(chain, from.blockNumber(), breaks.remove(0));
        };

        List<Long> blocksSeen = new ArrayList<>();
        var stream = new GatewayConnection.GatewayEventStream(open, EventPosition.startOf(5), resumption().start(),
                "chaincode events", blocksSeen::add);

        assertThat(drain(stream)).containsExactly("a", "b", "c", "d");
        // each delivered event tells the connection its block is committed on the own peer, once
        assertThat(blocksSeen).containsExactly(5L, 5L, 6L, 7L);
        assertThat(opened).containsExactly(EventPosition.startOf(5), EventPosition.after(5, "b"),
                EventPosition.after(5, "b"));
        // both breaks within one outage: reported once
        assertThat(lines).singleElement().satisfies(p -> assertThat(p.detail()).contains("UNAVAILABLE"));
    }

    @Test
    void a_stream_whose_peer_stays_down_gives_up_after_the_budget() {
        Function<EventPosition, CloseableIterator<ChaincodeEvent>> open = from -> {
            opened.add(from);
            return peer(List.of(), from.blockNumber(), 0);
        };
        var stream = new GatewayConnection.GatewayEventStream(open, EventPosition.startOf(0), resumption().start(),
                "chaincode events", block -> { });

        LedgerUnavailableException e = catchThrowableOfType(LedgerUnavailableException.class, stream::hasNext);

        assertThat(e).hasMessageContaining("event stream failed");
        // one line when the outage began, then one every five seconds of it: not one per try
        assertThat(lines).hasSize(1 + (int) (BUDGET.toSeconds() / EventResumption.REPORT_EVERY.toSeconds()) - 1)
                .extracting(Progress::waited).startsWith(Duration.ZERO, Duration.ofSeconds(5));
        assertThat(Duration.ofNanos(now)).isLessThanOrEqualTo(BUDGET);
        // the first open, then one after each backoff that ends within the budget
        assertThat(opened).hasSize(1 + (int) (BUDGET.toMillis() / BACKOFF.toMillis()));
    }
}

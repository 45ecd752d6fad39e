package org.fedledger.sdk.gateway;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.fedledger.sdk.errors.AwaitTimeoutException;
import org.fedledger.sdk.errors.LedgerUnavailableException;

/**
 * A connection's session consistency across peers: a read or an endorsement sees at least every
 * block this connection has seen committed (its own transactions, the blocks it awaited).
 *
 * <p>Peers of a channel commit the same blocks, but not at the same moment. A transaction whose
 * endorsement failed over to another organisation's peer commits there first; a read right after it on
 * the own peer (or a read that fails over to a peer that is behind) would not find what the
 * connection itself just wrote. So each peer's committed height, as far as this connection knows it,
 * is kept; a peer known to be behind is first waited for (briefly) and, when it does not catch up,
 * counts as unreachable so the call moves on to the next peer. A peer known to be current costs
 * nothing: in the common case (every call on the own peer) no wait ever happens.
 *
 * @param <P> a peer's connection
 */
final class ReadYourWrites<P> {
    /** Waits until {@code peer} has committed {@code block}, or throws {@link AwaitTimeoutException}. */
    @FunctionalInterface
    interface BlockWait<P> {
        void await(P peer, long block, Duration timeout);
    }

    private final BlockWait<P> wait;
    private final Duration catchUp;
    private final Function<P, String> names;
    /** The highest block this connection has seen committed; -1 before the first. */
    private volatile long seen = -1;
    /** The highest block each peer is known to have committed. */
    private final Map<P, Long> committedOn = new ConcurrentHashMap<>();

    ReadYourWrites(BlockWait<P> wait, Duration catchUp, Function<P, String> names) {
        this.wait = Objects.requireNonNull(wait, "wait");
        this.catchUp = Objects.requireNonNull(catchUp, "catchUp");
        this.names = Objects.requireNonNull(names, "names");
    }

    /** {@code peer} has committed {@code block} (a commit status or a block event from it said so). */
    void committed(P peer, long block) {
        committedOn.merge(peer, block, Math::max);
        synchronized (this) {
            seen = Math.max(seen, block);
        }
    }

    /**
     * Before a call on {@code peer}: waits until it has committed every block this connection has seen.
     *
     * @throws LedgerUnavailableException when it does not within the catch-up time (the call should go
     *     to the next peer)
     */
    void beforeCallOn(P peer) {
        long needed = seen;
        if (needed < 0 || committedOn.getOrDefault(peer, -1L) >= needed) {
            return;
        }
        try {
            wait.await(peer, needed, catchUp);
        } catch (AwaitTimeoutException e) {
            throw new LedgerUnavailableException(names.apply(peer) + " has not committed block " + needed
                    + " (which this connection has seen committed) within " + catchUp.toMillis() + " ms", e);
        }
        committedOn.merge(peer, needed, Math::max);
    }
}

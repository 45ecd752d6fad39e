package org.fedledger.sdk;

import java.time.Duration;
import org.fedledger.sdk.ledger.EventPosition;
import org.fedledger.sdk.ledger.EventStream;
import org.fedledger.sdk.ledger.LedgerConnection;

/**
 * The parts of a test connection that the SDK's unit tests do not script: a chain with no block yet
 * (height 0, so every block number is out of range), no events, and every block already committed.
 */
abstract class EmptyChainConnection implements LedgerConnection {
    @Override
    public EventStream events(EventPosition from) {
        throw new IllegalStateException("a unit test's connection has no event service");
    }

    @Override
    public void awaitBlock(long blockNumber, Duration timeout) {
    }

    @Override
    public long blockHeight() {
        return 0;
    }

    @Override
    public byte[] block(long number) {
        throw new IllegalArgumentException("block " + number + " is beyond the chain's height 0");
    }

    @Override
    public void close() {
    }
}

package org.fedledger.it.fabric;

import java.util.List;
import java.util.Map;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.sdk.ledger.Committed;
import org.fedledger.sdk.ledger.EventPosition;
import org.fedledger.sdk.ledger.EventStream;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.fedledger.sdk.ledger.LedgerIdentity;

/**
 * An SDK connection whose submits return only once every organisation's peer has the block, so a
 * test's next step, often another organisation's, reads state that includes it. (The Gateway's
 * commit status comes from the submitter's own peer; the others follow a few milliseconds later.)
 *
 * <pre>{@code
 * LedgerConnection c = new EveryPeerCommitted(GatewayLedger.open(profile), FabricNetwork.get());
 * }</pre>
 */
public final class EveryPeerCommitted implements LedgerConnection {
    private final LedgerConnection delegate;
    private final FabricNetwork network;

    /** Wraps {@code delegate}, which this connection closes. */
    public EveryPeerCommitted(LedgerConnection delegate, FabricNetwork network) {
        this.delegate = delegate;
        this.network = network;
    }

    @Override
    public LedgerIdentity identity() {
        return delegate.identity();
    }

    @Override
    public byte[] evaluate(TransactionName transaction, List<String> arguments) {
        return delegate.evaluate(transaction, arguments);
    }

    @Override
    public Committed submit(TransactionName transaction, List<String> arguments, Map<String, byte[]> transientData) {
        Committed committed = delegate.submit(transaction, arguments, transientData);
        network.awaitAllPeersAt(committed.blockNumber());
        return committed;
    }

    @Override
    public EventStream events(EventPosition from) {
        return delegate.events(from);
    }

    @Override
    public void awaitBlock(long blockNumber, java.time.Duration timeout) {
        delegate.awaitBlock(blockNumber, timeout);
    }

    @Override
    public void close() {
        delegate.close();
    }
}

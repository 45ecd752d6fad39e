package org.fedledger.it.fabric;

import org.fedledger.sdk.ledger.Committed;
import org.fedledger.sdk.ledger.LedgerConnection;

/**
 * An SDK connection whose submits return only once every organisation's peer has the block, so a
 * test's next step, often another organisation's, reads state that includes it. (The Gateway's
 * commit status comes from the submitter's own peer; the others follow a few milliseconds later.)
 *
 * <pre>{@code
 * LedgerConnection c = new EveryPeerCommitted(GatewayLedger.open(profile), FabricNetwork.get());
 * }</pre>
 */
public final class EveryPeerCommitted extends ForwardingConnection {
    private final FabricNetwork network;

    /** Wraps {@code delegate}, which this connection closes. */
    public EveryPeerCommitted(LedgerConnection delegate, FabricNetwork network) {
        super(delegate, true);
        this.network = network;
    }

    @Override
    protected Committed afterSubmit(Committed committed) {
        network.awaitAllPeersAt(committed.blockNumber());
        return committed;
    }
}

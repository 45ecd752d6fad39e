package org.fedledger.it.fabric;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.sdk.ledger.Committed;
import org.fedledger.sdk.ledger.EventPosition;
import org.fedledger.sdk.ledger.EventStream;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.fedledger.sdk.ledger.LedgerIdentity;

/**
 * An SDK connection that forwards every call to another, for tests that change one of them (alter
 * what a read returns, lose a commit status, wait for every peer). Closing it closes the delegate
 * only when {@code ownsDelegate}.
 *
 * <pre>{@code
 * LedgerConnection tampering = new ForwardingConnection(real, false) { ... override evaluate ... };
 * }</pre>
 */
public class ForwardingConnection implements LedgerConnection {
    private final LedgerConnection delegate;
    private final boolean ownsDelegate;

    /**
     * @param delegate the connection that does the work
     * @param ownsDelegate whether {@link #close()} closes it
     */
    public ForwardingConnection(LedgerConnection delegate, boolean ownsDelegate) {
        this.delegate = delegate;
        this.ownsDelegate = ownsDelegate;
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
        return afterSubmit(delegate.submit(transaction, arguments, transientData));
    }

    @Override
    public Committed submit(TransactionName transaction, List<String> arguments, Map<String, byte[]> transientData,
            Set<String> payloadOrganisations) {
        return afterSubmit(delegate.submit(transaction, arguments, transientData, payloadOrganisations));
    }

    /**
     * Called with every submit the delegate committed, payload or not.
     *
     * @param committed the delegate's answer
     * @return what the caller gets (this one by default)
     */
    protected Committed afterSubmit(Committed committed) {
        return committed;
    }

    @Override
    public EventStream events(EventPosition from) {
        return delegate.events(from);
    }

    @Override
    public void awaitBlock(long blockNumber, Duration timeout) {
        delegate.awaitBlock(blockNumber, timeout);
    }

    @Override
    public long blockHeight() {
        return delegate.blockHeight();
    }

    @Override
    public byte[] block(long number) {
        return delegate.block(number);
    }

    @Override
    public void close() {
        if (ownsDelegate) {
            delegate.close();
        }
    }
}

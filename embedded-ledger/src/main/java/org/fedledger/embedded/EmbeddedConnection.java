package org.fedledger.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fedledger.embedded.identity.Identity;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.sdk.errors.CommitInvalidatedException;
import org.fedledger.sdk.errors.CommitStatusUnknownException;
import org.fedledger.sdk.errors.LedgerUnavailableException;
import org.fedledger.sdk.ledger.Committed;
import org.fedledger.sdk.ledger.EventPosition;
import org.fedledger.sdk.ledger.EventStream;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.fedledger.sdk.ledger.LedgerIdentity;
import org.fedledger.sdk.ledger.ValidationCode;

/**
 * One identity's {@link LedgerConnection} to an embedded ledger, with the Gateway connection's
 * exception mapping: a refusal at endorsement is a ContractRefusedException with the chaincode's
 * code, an invalid commit a CommitInvalidatedException with Fabric's validation-code name, a closed
 * ledger LedgerUnavailableException (before sending) or CommitStatusUnknownException (after), a closed
 * connection IllegalStateException.
 */
final class EmbeddedConnection implements LedgerConnection {
    private final Ledger ledger;
    private final Identity identity;
    private final Set<EventStream> streams = ConcurrentHashMap.newKeySet();
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** @param onClose run once, when the connection is first closed (a provider's release of the ledger) */
    EmbeddedConnection(Ledger ledger, Identity identity, Runnable onClose) {
        this.ledger = ledger;
        this.identity = identity;
        this.onClose = Objects.requireNonNull(onClose, "onClose");
    }

    @Override
    public LedgerIdentity identity() {
        return identity.ledgerIdentity();
    }

    @Override
    public byte[] evaluate(TransactionName transaction, List<String> arguments) {
        available();
        return ledger.evaluate(identity, transaction, arguments);
    }

    @Override
    public Committed submit(TransactionName transaction, List<String> arguments, Map<String, byte[]> transientData) {
        return submitEndorsedBy(transaction, arguments, transientData, ledger.defaultEndorsers(identity));
    }

    @Override
    public Committed submit(TransactionName transaction, List<String> arguments, Map<String, byte[]> transientData,
            Set<String> payloadOrganisations) {
        // The task's organisations endorse, the caller's first, as Fabric's Gateway does when told them.
        List<String> endorsers = new ArrayList<>();
        if (payloadOrganisations.contains(identity.mspId())) {
            endorsers.add(identity.mspId());
        }
        new TreeSet<>(payloadOrganisations).stream().filter(msp -> !msp.equals(identity.mspId())).forEach(endorsers::add);
        return submitEndorsedBy(transaction, arguments, transientData, endorsers);
    }

    private Committed submitEndorsedBy(TransactionName transaction, List<String> arguments,
            Map<String, byte[]> transientData, List<String> endorsers) {
        available();
        Endorsed endorsed = ledger.endorse(identity, transaction, arguments, Objects.requireNonNull(transientData,
                "transientData"), endorsers);
        CommitStatus status;
        try {
            status = ledger.submit(endorsed).get();
        } catch (IllegalStateException e) {
            throw new LedgerUnavailableException("the embedded ledger is closed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommitStatusUnknownException(endorsed.txId(), e);
        } catch (ExecutionException e) {
            throw new CommitStatusUnknownException(endorsed.txId(), e.getCause());
        }
        if (!status.valid()) {
            throw invalid(status);
        }
        return new Committed(status.txId(), status.blockNumber(), status.result());
    }

    /** @return the SDK's exception for an invalid commit: Fabric's validation code and the block */
    static CommitInvalidatedException invalid(CommitStatus status) {
        return new CommitInvalidatedException(status.txId(), ValidationCode.named(status.code().name()),
                status.blockNumber());
    }

    @Override
    public EventStream events(EventPosition from) {
        available();
        LedgerEvents stream = new LedgerEvents(ledger, Objects.requireNonNull(from, "from"), streams::remove);
        streams.add(stream);
        return stream;
    }

    @Override
    public void awaitBlock(long blockNumber, java.time.Duration timeout) {
        // Every organisation commits each block at once here, so only a block not yet cut is waited for.
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ledger.height() <= blockNumber) {
            available();
            if (System.nanoTime() > deadline) {
                throw new org.fedledger.sdk.errors.AwaitTimeoutException("block " + blockNumber + " of the embedded ledger",
                        timeout);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new org.fedledger.sdk.errors.AwaitTimeoutException("block " + blockNumber + " (interrupted)", timeout);
            }
        }
    }

    @Override
    public long blockHeight() {
        available();
        return ledger.height();
    }

    @Override
    public byte[] block(long number) {
        available();
        if (number < 0) {
            throw new IllegalArgumentException("block number must be >= 0, was " + number);
        }
        return ledger.fabricBlock(number).orElseThrow(() -> new IllegalArgumentException("block " + number
                + " is not committed (height " + ledger.height() + ")")).toByteArray();
    }

    private void available() {
        if (closed.get()) {
            throw new IllegalStateException("this connection is closed");
        }
        if (ledger.isClosed()) {
            throw new LedgerUnavailableException("the embedded ledger is closed", null);
        }
    }

    @Override
    public void close() {
        for (EventStream s : List.copyOf(streams)) {
            s.close();
        }
        if (closed.compareAndSet(false, true)) {
            onClose.run();
        }
    }

    @Override
    public String toString() {
        return "EmbeddedConnection[" + identity + "]";
    }
}

package org.fedledger.sdk.gateway;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.ManagedChannel;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.sdk.errors.AwaitTimeoutException;
import org.fedledger.sdk.errors.CommitInvalidatedException;
import org.fedledger.sdk.errors.CommitStatusUnknownException;
import org.fedledger.sdk.errors.FedLedgerClientException;
import org.fedledger.sdk.errors.LedgerRejectedException;
import org.fedledger.sdk.errors.LedgerUnavailableException;
import org.fedledger.sdk.ledger.ChaincodeEventRecord;
import org.fedledger.sdk.ledger.Committed;
import org.fedledger.sdk.ledger.EventPosition;
import org.fedledger.sdk.ledger.EventStream;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.fedledger.sdk.ledger.LedgerIdentity;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.CommitStatusException;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.GatewayRuntimeException;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.Proposal;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.protos.common.BlockchainInfo;

/** {@link LedgerConnection} over one Fabric Gateway; see {@link GatewayLedger}. */
final class GatewayConnection implements LedgerConnection {
    private final Gateway gateway;
    private final ManagedChannel ownedChannel;
    private final boolean ownsGateway;
    private final Network network;
    private final Contract contract;
    private final Contract qscc;
    private final String channel;
    private final String chaincode;
    private final LedgerIdentity identity;

    GatewayConnection(Gateway gateway, ManagedChannel ownedChannel, String channel, String chaincode,
            LedgerIdentity identity, boolean ownsGateway) {
        this.gateway = gateway;
        this.ownedChannel = ownedChannel;
        this.ownsGateway = ownsGateway;
        this.channel = Objects.requireNonNull(channel, "channel");
        this.network = gateway.getNetwork(channel);
        this.qscc = network.getContract("qscc");
        this.chaincode = Objects.requireNonNull(chaincode, "chaincode");
        this.contract = network.getContract(chaincode);
        this.identity = Objects.requireNonNull(identity, "identity");
    }

    @Override
    public LedgerIdentity identity() {
        return identity;
    }

    @Override
    public byte[] evaluate(TransactionName transaction, List<String> arguments) {
        try {
            // Evaluated on this organisation's own peer: it holds this organisation's private data.
            return contract.newProposal(transaction.wireName()).addArguments(arguments.toArray(String[]::new))
                    .setEndorsingOrganizations(identity.mspId()).build().evaluate();
        } catch (GatewayException e) {
            throw GatewayErrors.translate(transaction.wireName(), e, null);
        }
    }

    @Override
    public Committed submit(TransactionName transaction, List<String> arguments, Map<String, byte[]> transientData) {
        Proposal proposal = contract.newProposal(transaction.wireName()).addArguments(arguments.toArray(String[]::new))
                .putAllTransient(transientData).build();
        String txId = proposal.getTransactionId();
        Transaction endorsed;
        try {
            endorsed = proposal.endorse();
        } catch (EndorseException e) {
            throw GatewayErrors.translate(transaction.wireName(), e, txId);
        }
        SubmittedTransaction submitted;
        try {
            submitted = endorsed.submitAsync();
        } catch (SubmitException e) {
            throw GatewayErrors.translate(transaction.wireName() + " (ordering)", e, txId);
        }
        Status status;
        try {
            status = submitted.getStatus();
        } catch (CommitStatusException e) {
            throw new CommitStatusUnknownException(txId, e);
        }
        if (!status.isSuccessful()) {
            throw new CommitInvalidatedException(txId, status.getCode().name(), status.getBlockNumber());
        }
        return new Committed(txId, status.getBlockNumber(), submitted.getResult());
    }

    @Override
    public EventStream events(EventPosition from) {
        CloseableIterator<ChaincodeEvent> iterator;
        try {
            iterator = network.newChaincodeEventsRequest(chaincode).startBlock(from.blockNumber()).build().getEvents();
        } catch (GatewayRuntimeException e) {
            throw new LedgerUnavailableException("cannot read chaincode events: " + e.getMessage(), e);
        }
        return new GatewayEventStream(iterator, from);
    }

    @Override
    public void awaitBlock(long blockNumber, java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AwaitTimeoutException("block " + blockNumber + " on " + identity.mspId() + "'s peer", timeout);
            }
            // A filtered block event at blockNumber arrives once this peer has committed it; a peer that
            // has not reached it yet answers NOT_FOUND, so ask again shortly.
            try (var blocks = network.newFilteredBlockEventsRequest().startBlock(blockNumber).build()
                    .getEvents(options -> options.withDeadlineAfter(left, TimeUnit.NANOSECONDS))) {
                if (blocks.hasNext()) {
                    blocks.next();
                    return;
                }
            } catch (java.util.NoSuchElementException notYet) {
                // the peer's deliver service: NOT_FOUND, the block is not committed yet
            } catch (GatewayRuntimeException e) {
                io.grpc.Status.Code code = e.getStatus().getCode();
                if (code != io.grpc.Status.Code.NOT_FOUND && code != io.grpc.Status.Code.DEADLINE_EXCEEDED) {
                    throw new LedgerUnavailableException("cannot read blocks: " + e.getMessage(), e);
                }
            }
            try {
                Thread.sleep(Math.min(50, Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AwaitTimeoutException("block " + blockNumber + " (interrupted)", timeout);
            }
        }
    }

    @Override
    public long blockHeight() {
        byte[] info = query("GetChainInfo", channel);
        try {
            return BlockchainInfo.parseFrom(info).getHeight();
        } catch (InvalidProtocolBufferException e) {
            throw new LedgerRejectedException("qscc GetChainInfo returned no BlockchainInfo: " + e.getMessage(), null, e);
        }
    }

    @Override
    public byte[] block(long number) {
        if (number < 0) {
            throw new IllegalArgumentException("block number must be >= 0, was " + number);
        }
        try {
            return query("GetBlockByNumber", channel, Long.toString(number));
        } catch (FedLedgerClientException e) {
            // qscc answers a block beyond the peer's height with a chaincode error, not a status of its own.
            long height = blockHeight();
            if (number >= height) {
                throw new IllegalArgumentException("block " + number + " is not committed on " + identity.mspId()
                        + "'s peer (height " + height + ")");
            }
            throw e;
        }
    }

    /** Evaluates a query of the peer's system chaincode qscc on this organisation's own peer. */
    private byte[] query(String function, String... arguments) {
        try {
            return qscc.newProposal(function).addArguments(arguments).setEndorsingOrganizations(identity.mspId()).build()
                    .evaluate();
        } catch (GatewayException e) {
            throw GatewayErrors.translate("qscc " + function, e, null);
        }
    }

    @Override
    public void close() {
        if (ownsGateway) {
            gateway.close();
        }
        if (ownedChannel != null) {
            ownedChannel.shutdownNow();
            try {
                ownedChannel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Events after {@code from}: skips the start block's events up to its last handled transaction. */
    private static final class GatewayEventStream implements EventStream {
        private final CloseableIterator<ChaincodeEvent> events;
        private String skipThrough;
        private final long skipBlock;
        private ChaincodeEventRecord next;
        private volatile boolean closed;

        GatewayEventStream(CloseableIterator<ChaincodeEvent> events, EventPosition from) {
            this.events = events;
            this.skipBlock = from.blockNumber();
            this.skipThrough = from.lastTransactionId().orElse(null);
        }

        @Override
        public boolean hasNext() {
            while (next == null && !closed) {
                ChaincodeEvent event;
                try {
                    if (!events.hasNext()) {
                        return false;
                    }
                    event = events.next();
                } catch (GatewayRuntimeException e) {
                    if (closed) {
                        return false;
                    }
                    throw new LedgerUnavailableException("the chaincode event stream failed: " + e.getMessage(), e);
                }
                if (skipThrough != null && event.getBlockNumber() == skipBlock) {
                    if (event.getTransactionId().equals(skipThrough)) {
                        skipThrough = null;
                    }
                    continue;
                }
                skipThrough = null;
                next = new ChaincodeEventRecord(event.getBlockNumber(), event.getTransactionId(), event.getEventName(),
                        event.getPayload());
            }
            return next != null;
        }

        @Override
        public ChaincodeEventRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException("the event stream is closed");
            }
            ChaincodeEventRecord out = next;
            next = null;
            return out;
        }

        @Override
        public void close() {
            closed = true;
            events.close();
        }
    }
}

package org.fedledger.sdk.gateway;

import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.sdk.errors.AwaitTimeoutException;
import org.fedledger.sdk.errors.CommitInvalidatedException;
import org.fedledger.sdk.errors.ContractRefusedException;
import org.fedledger.sdk.errors.FedLedgerClientException;
import org.fedledger.sdk.errors.LedgerRejectedException;
import org.fedledger.sdk.errors.LedgerUnavailableException;
import org.fedledger.sdk.ledger.ChaincodeEventRecord;
import org.fedledger.sdk.ledger.Committed;
import org.fedledger.sdk.ledger.EventPosition;
import org.fedledger.sdk.ledger.EventStream;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.fedledger.sdk.ledger.LedgerIdentity;
import org.fedledger.sdk.ledger.ValidationCode;
import org.fedledger.sdk.progress.Progress;
import org.fedledger.sdk.progress.ProgressListener;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.CommitStatusException;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.GatewayRuntimeException;
import org.hyperledger.fabric.client.Proposal;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.protos.common.BlockchainInfo;

/**
 * {@link LedgerConnection} over the organisation's own peer Gateway (see {@link GatewayLedger}), with
 * reads and endorsements failed over to other organisations' peers while it is down ({@link PeerFailover}) and
 * transactions whose commit status does not come sent again ({@link CommitWatch}).
 */
final class GatewayConnection implements LedgerConnection {
    /** How long a call waits for a peer that is behind this connection's own view before it asks the next. */
    private static final Duration CATCH_UP = Duration.ofSeconds(5);
    /**
     * How long a refused endorsement waits for the other organisations' peers to reach this connection's
     * height before it is asked once more: a peer that just restarted takes longer than {@link #CATCH_UP} to
     * commit the blocks it missed (FaultsIT's restarted peer refused a round its organisation had not
     * committed yet, 5 s after the restart).
     */
    private static final Duration ENDORSER_CATCH_UP = Duration.ofSeconds(20);
    /** Transactions that read a private data collection: only member organisations' peers hold those. */
    private static final Set<TransactionName> PRIVATE_DATA_READS = EnumSet.of(TransactionName.READ_UPDATE_PAYLOAD,
            TransactionName.READ_UPDATE_PAYLOADS,
            TransactionName.READ_MODEL_PAYLOAD, TransactionName.READ_PROPOSAL_PAYLOAD);

    private final GatewayPeer own;
    private final List<GatewayPeer> others;
    private final Contract qscc;
    private final String channel;
    private final String chaincode;
    private final LedgerIdentity identity;
    private final PeerFailover<GatewayPeer> failover;
    private final CommitWatch commits;
    private final EventResumption events;
    private final Duration submitTimeout;
    private final ReadYourWrites<GatewayPeer> readYourWrites;
    private final ProgressListener progress;

    GatewayConnection(GatewayPeer own, List<GatewayPeer> others, String channel, String chaincode,
            LedgerIdentity identity, GatewaySettings settings, ProgressListener progress) {
        this.own = Objects.requireNonNull(own, "own");
        this.others = List.copyOf(others);
        this.channel = Objects.requireNonNull(channel, "channel");
        this.qscc = own.qscc();
        this.chaincode = Objects.requireNonNull(chaincode, "chaincode");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.failover = new PeerFailover<>(own, this.others, GatewayPeer::name, settings.failoverRecheck(), System::nanoTime,
                progress);
        this.commits = new CommitWatch(settings.commitStatusWait(), settings.commitTimeout(), settings.resendBackoff(),
                System::nanoTime, d -> Thread.sleep(d.toMillis()), progress);
        this.submitTimeout = settings.submitTimeout();
        this.progress = progress;
        this.readYourWrites = new ReadYourWrites<>(GatewayConnection::awaitBlockOn, CATCH_UP, GatewayPeer::name);
        this.events = new EventResumption(settings.eventResumeBudget(), settings.resendBackoff(), System::nanoTime,
                d -> Thread.sleep(d.toMillis()), progress);
    }

    @Override
    public LedgerIdentity identity() {
        return identity;
    }

    @Override
    public byte[] evaluate(TransactionName transaction, List<String> arguments) {
        String[] args = arguments.toArray(String[]::new);
        return failover.evaluate(transaction.wireName(), PRIVATE_DATA_READS.contains(transaction), peer -> {
            readYourWrites.beforeCallOn(peer);
            try {
                var proposal = peer.reconnectNow().contract().newProposal(transaction.wireName()).addArguments(args);
                // On the own peer, evaluated there (it holds this organisation's private data); on another
                // organisation's Gateway, on that organisation's peer.
                if (peer == own) {
                    proposal.setEndorsingOrganizations(identity.mspId());
                }
                return proposal.build().evaluate();
            } catch (GatewayException e) {
                throw GatewayErrors.translate(transaction.wireName() + " on " + peer.name(), e, null);
            }
        });
    }

    /** A transaction endorsed through one peer's Gateway, which then orders it and reports its status. */
    private record Endorsed(GatewayPeer peer, Transaction transaction, String transactionId) {
    }

    @Override
    public Committed submit(TransactionName transaction, List<String> arguments, Map<String, byte[]> transientData) {
        return submitEndorsedBy(transaction, arguments, transientData, List.of());
    }

    @Override
    public Committed submit(TransactionName transaction, List<String> arguments, Map<String, byte[]> transientData,
            Set<String> payloadOrganisations) {
        if (payloadOrganisations.isEmpty()) {
            throw new IllegalArgumentException("a payload needs the organisations of its task");
        }
        return submitEndorsedBy(transaction, arguments, transientData, List.copyOf(new TreeSet<>(payloadOrganisations)));
    }

    /**
     * Endorses through the first peer that answers, by the given organisations (none: as discovery plans it),
     * and when some of them are unreachable, by the others if they are more than half of them; then orders.
     * Named endorsers are asked whatever their height (discovery would have preferred the peers that are
     * up to date), so a refusal is asked once more after every peer reached the highest height any reports.
     */
    private Committed submitEndorsedBy(TransactionName transaction, List<String> arguments,
            Map<String, byte[]> transientData, List<String> endorsingOrganisations) {
        String[] args = arguments.toArray(String[]::new);
        Endorsed endorsement = failover.evaluate(transaction.wireName(), false, peer -> {
            // Endorsed on a peer that is behind, the transaction would read old versions and fail validation.
            readYourWrites.beforeCallOn(peer);
            List<String> endorsers = endorsingOrganisations;
            boolean caughtUp = false;
            while (true) {
                Proposal.Builder builder = peer.reconnectNow().contract().newProposal(transaction.wireName())
                        .addArguments(args).putAllTransient(transientData);
                if (!endorsers.isEmpty()) {
                    builder.setEndorsingOrganizations(endorsers.toArray(String[]::new));
                }
                Proposal proposal = builder.build();
                try {
                    return new Endorsed(peer, proposal.endorse(), proposal.getTransactionId());
                } catch (EndorseException x) {
                    FedLedgerClientException failure = GatewayErrors.translate(transaction.wireName() + " on "
                            + peer.name(), x, proposal.getTransactionId());
                    if (failure instanceof ContractRefusedException && !endorsers.isEmpty() && !caughtUp) {
                        // A named endorser may be a peer behind the others (the round it is asked to take an
                        // update for not committed there yet): let every peer catch up, then ask once more.
                        caughtUp = true;
                        if (peersCaughtUp()) {
                            continue;
                        }
                    }
                    List<String> rest = EndorsingOrganisations.withoutUnreachable(endorsers, x);
                    if (failure instanceof ContractRefusedException || rest.equals(endorsers)
                            || rest.size() * 2 <= endorsingOrganisations.size()) {
                        throw failure;
                    }
                    progress.waiting(new Progress(transaction.wireName(), Duration.ZERO, "the peers of "
                            + endorsers.stream().filter(o -> !rest.contains(o)).toList() + " are unreachable; "
                            + rest + " endorse the payload (" + failure.getMessage() + ")"));
                    endorsers = rest;
                }
            }
        });
        GatewayPeer via = endorsement.peer();
        Transaction endorsed = endorsement.transaction();
        String txId = endorsement.transactionId();
        var latest = new java.util.concurrent.atomic.AtomicReference<SubmittedTransaction>();
        CommitWatch.Outcome outcome = commits.sendAndAwait(transaction.wireName(), new CommitWatch.Sent() {
            @Override
            public String transactionId() {
                return txId;
            }

            @Override
            public void resend() {
                try {
                    via.reconnectNow();
                    latest.set(endorsed.submitAsync(options -> options.withDeadlineAfter(submitTimeout.toMillis(),
                            TimeUnit.MILLISECONDS)));
                } catch (SubmitException e) {
                    throw GatewayErrors.translate(transaction.wireName() + " (ordering)", e, txId);
                }
            }

            @Override
            public Optional<CommitWatch.Outcome> status(Duration wait) {
                try {
                    // The status by transaction id: whichever copy was ordered, the first to commit counts.
                    via.reconnectNow();
                    Status status = latest.get().getStatus(options -> options.withDeadlineAfter(
                            Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS));
                    return Optional.of(new CommitWatch.Outcome(ValidationCode.named(status.getCode().name()),
                            status.getBlockNumber()));
                } catch (CommitStatusException e) {
                    if (e.getStatus().getCode() == io.grpc.Status.Code.DEADLINE_EXCEEDED) {
                        return Optional.empty();
                    }
                    throw new LedgerUnavailableException("commit status of " + txId + " on " + via.name() + ": "
                            + e.getMessage(), e);
                }
            }
        });
        readYourWrites.committed(via, outcome.blockNumber());
        if (!outcome.valid()) {
            throw new CommitInvalidatedException(txId, outcome.code(), outcome.blockNumber());
        }
        return new Committed(txId, outcome.blockNumber(), endorsed.getResult());
    }

    @Override
    public EventStream events(EventPosition from) {
        // An event delivered from block B means the own peer committed B: reads that fail over to another
        // peer wait for it to commit B too, so a record learned of from an event is never read stale.
        return new GatewayEventStream(this::openEvents, from, events.start(), "chaincode events on " + own.name(),
                block -> readYourWrites.committed(own, block));
    }

    private CloseableIterator<ChaincodeEvent> openEvents(EventPosition from) {
        try {
            return own.reconnectNow().network().newChaincodeEventsRequest(chaincode).startBlock(from.blockNumber()).build()
                    .getEvents();
        } catch (GatewayRuntimeException e) {
            throw new LedgerUnavailableException("cannot read chaincode events: " + e.getMessage(), e);
        }
    }

    @Override
    public void awaitBlock(long blockNumber, java.time.Duration timeout) {
        awaitBlockOn(own, blockNumber, timeout);
        readYourWrites.committed(own, blockNumber);
    }

    /**
     * Waits up to {@link #ENDORSER_CATCH_UP} for every peer, the own one included, to reach the highest
     * height any of them reports: a named endorser (or the own peer) that restarted may not have committed
     * the round it is asked about, while another organisation's peer has.
     *
     * @return whether some peer's height was learned (and so the peers were waited for)
     */
    private boolean peersCaughtUp() {
        long height = -1;
        try {
            height = blockHeight();
        } catch (FedLedgerClientException e) {
            // the own peer is down: the others' heights still say what to wait for
        }
        for (GatewayPeer other : others) {
            height = Math.max(height, heightOf(other));
        }
        if (height <= 0) {
            return false;
        }
        for (GatewayPeer peer : allPeers()) {
            try {
                awaitBlockOn(peer, height - 1, ENDORSER_CATCH_UP);
            } catch (FedLedgerClientException e) {
                // down or still behind: the endorsement will say so
            }
        }
        return true;
    }

    private List<GatewayPeer> allPeers() {
        List<GatewayPeer> all = new java.util.ArrayList<>(others.size() + 1);
        all.add(own);
        all.addAll(others);
        return all;
    }

    /** The height another organisation's peer reports through its own Gateway; -1 when it does not answer. */
    private long heightOf(GatewayPeer peer) {
        try {
            peer.reconnectNow();
            return BlockchainInfo.parseFrom(peer.qscc().evaluateTransaction("GetChainInfo", channel)).getHeight();
        } catch (GatewayException | InvalidProtocolBufferException | RuntimeException e) {
            return -1;
        }
    }

    /** Waits until {@code peer} has committed block {@code blockNumber}. */
    private static void awaitBlockOn(GatewayPeer peer, long blockNumber, java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AwaitTimeoutException("block " + blockNumber + " on " + peer.name(), timeout);
            }
            // A filtered block event at blockNumber arrives once the peer has committed it; a peer that
            // has not reached it yet answers NOT_FOUND, so ask again shortly.
            peer.reconnectNow();
            try (var blocks = peer.network().newFilteredBlockEventsRequest().startBlock(blockNumber).build()
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
                    throw new LedgerUnavailableException("cannot read blocks on " + peer.name() + ": " + e.getMessage(),
                            e);
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
        own.reconnectNow();
        try {
            return qscc.newProposal(function).addArguments(arguments).setEndorsingOrganizations(identity.mspId()).build()
                    .evaluate();
        } catch (GatewayException e) {
            throw GatewayErrors.translate("qscc " + function, e, null);
        }
    }

    @Override
    public void close() {
        own.close();
        others.forEach(GatewayPeer::close);
    }

    /**
     * Events after {@code from}: skips the start block's events up to its last handled transaction. When
     * the peer goes away, the stream opens again from the last event it delivered (as a checkpoint
     * would), so a peer's restart is a pause, not the end of the stream.
     */
    static final class GatewayEventStream implements EventStream {
        private final java.util.function.Function<EventPosition, CloseableIterator<ChaincodeEvent>> open;
        private final EventResumption.Outages outages;
        private final String what;
        private final java.util.function.LongConsumer delivered;
        private volatile CloseableIterator<ChaincodeEvent> events;
        private EventPosition position;
        private String skipThrough;
        private long skipBlock;
        private ChaincodeEventRecord next;
        private volatile boolean closed;

        GatewayEventStream(java.util.function.Function<EventPosition, CloseableIterator<ChaincodeEvent>> open,
                EventPosition from, EventResumption.Outages outages, String what,
                java.util.function.LongConsumer delivered) {
            this.open = open;
            this.outages = outages;
            this.what = what;
            this.delivered = delivered;
            this.position = from;
            this.events = open.apply(from);
            skipFrom(from);
        }

        private void skipFrom(EventPosition from) {
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
                    reopen(new LedgerUnavailableException("the chaincode event stream failed: " + e.getMessage(), e));
                    continue;
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
                position = EventPosition.after(event.getBlockNumber(), event.getTransactionId());
                delivered.accept(event.getBlockNumber());
            }
            return next != null;
        }

        /** Opens the stream again from the last delivered event, or gives up with {@code failure}. */
        private void reopen(LedgerUnavailableException failure) {
            while (true) {
                outages.pauseOrGiveUp(what, failure);
                if (closed) {
                    return;
                }
                events.close();
                try {
                    events = open.apply(position);
                    skipFrom(position);
                    if (closed) {
                        events.close();
                    }
                    return;
                } catch (LedgerUnavailableException e) {
                    failure = e;
                }
            }
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

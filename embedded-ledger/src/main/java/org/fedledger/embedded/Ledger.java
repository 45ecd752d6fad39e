package org.fedledger.embedded;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.fedledger.embedded.block.Block;
import org.fedledger.embedded.block.BlockLog;
import org.fedledger.embedded.block.ChannelConfig;
import org.fedledger.embedded.block.Endorsement;
import org.fedledger.embedded.block.FabricFormat;
import org.fedledger.embedded.block.PrivateData;
import org.fedledger.embedded.block.ProposalResult;
import org.fedledger.embedded.block.Transaction;
import org.fedledger.embedded.identity.Identity;
import org.fedledger.embedded.identity.Organisation;
import org.fedledger.embedded.identity.Pem;
import org.fedledger.embedded.peer.Endorser;
import org.fedledger.embedded.peer.Proposal;
import org.fedledger.embedded.state.ReadWriteSet;
import org.fedledger.embedded.state.StagedState;
import org.fedledger.embedded.state.Version;
import org.fedledger.embedded.state.WorldState;
import org.fedledger.protocol.key.Collections;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.hyperledger.fabric.protos.common.ImplicitMetaPolicy;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/** The embedded ledger: endorsers per organisation, one orderer-and-committer thread, the block log. */
final class Ledger implements EmbeddedLedger {
    record Config(List<String> organisations, EndorsementPolicy policy, String channel,
            Map<String, Set<String>> collections, int maxBlockTransactions, Duration batchTimeout, Clock clock,
            Optional<Path> dataFolder) {
    }

    private record Pending(Transaction tx, CompletableFuture<CommitStatus> future) {
    }

    private record Location(long block, int index) {
    }

    private final Config config;
    private final Map<String, Organisation> organisations = new LinkedHashMap<>();
    private final Map<String, Endorser> endorsers = new LinkedHashMap<>();
    private final WorldState state;
    private final List<Block> blocks = new ArrayList<>();
    private final ReentrantLock blocksLock = new ReentrantLock();
    private final Condition committed = blocksLock.newCondition();
    private final Map<String, Location> txIndex = new ConcurrentHashMap<>();
    private final Map<String, X509Certificate> certificates = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final DataFolderLock folderLock;
    private final BlockLog log;
    private final Recovery recovery;
    private final Thread orderer;
    private volatile boolean closed;

    Ledger(Config config) {
        this.config = config;
        this.state = new WorldState(config.collections());
        // Held before anything in the folder is read or written, and until close.
        this.folderLock = config.dataFolder().map(DataFolderLock::acquire).orElse(null);
        Opened opened;
        try {
            opened = openFolderAndState();
        } catch (RuntimeException e) {
            if (folderLock != null) {
                folderLock.close();
            }
            throw e;
        }
        this.log = opened.log();
        this.recovery = opened.recovery();
        this.orderer = new Thread(this::orderLoop, "embedded-ledger-orderer");
        orderer.setDaemon(true);
        orderer.start();
    }

    /** What opening found: the block log (null in memory) and what recovery did. */
    private record Opened(BlockLog log, Recovery recovery) {
    }

    /** Identities, then the block log replayed into the state (or a new log with block 0); the log closed on failure. */
    private Opened openFolderAndState() {
        for (String msp : config.organisations()) {
            Organisation org = Organisation.openOrCreate(msp,
                    config.dataFolder().map(d -> d.resolve("crypto").resolve(msp)).orElse(null));
            organisations.put(msp, org);
            endorsers.put(msp, new Endorser(org.peer(), state));
        }
        if (config.dataFolder().isEmpty()) {
            blocks.add(Block.genesis(genesisEnvelope()));
            return new Opened(null, new Recovery(0, 0));
        }
        BlockLog.Opened read;
        try {
            read = BlockLog.open(config.dataFolder().get().resolve("blocks.log"));
        } catch (BlockLog.LogDamage e) {
            throw new CorruptLedgerException(e.blockNumber(), CorruptLedgerException.Problem.valueOf(e.kind()),
                    e.getMessage());
        }
        checkGenesis(read);
        try {
            for (Block b : read.blocks()) {
                replay(b);
            }
            if (blocks.isEmpty()) {
                Block genesis = Block.genesis(genesisEnvelope());
                read.log().append(genesis, PrivateData.none());
                blocks.add(genesis);
            }
        } catch (RuntimeException e) {
            read.log().close();
            throw e;
        }
        return new Opened(read.log(), new Recovery(read.blocks().size(), read.tornBytesCut()));
    }

    /** The channel's config envelope: this ledger's organisations with their CAs and its policy. */
    private byte[] genesisEnvelope() {
        Map<String, String> cas = new LinkedHashMap<>();
        organisations.forEach((msp, org) -> cas.put(msp, Pem.certificate(org.caCertificate())));
        ImplicitMetaPolicy.Rule rule = switch (config.policy()) {
            case MAJORITY -> ImplicitMetaPolicy.Rule.MAJORITY;
            case ANY -> ImplicitMetaPolicy.Rule.ANY;
            case ALL -> ImplicitMetaPolicy.Rule.ALL;
        };
        return ChannelConfig.genesisEnvelope(config.channel(), cas, rule).toByteArray();
    }

    /** Refuses a log whose block 0 is not this ledger's config block; closes the log then. */
    private void checkGenesis(BlockLog.Opened opened) {
        if (opened.blocks().isEmpty()) {
            return;
        }
        Block first = opened.blocks().get(0);
        String problem = !first.isConfig()
                ? "block 0 is not a channel configuration block: the data folder was written by a version whose block 0"
                        + " was an empty genesis block, and is not migrated; start from an empty data folder"
                : !Arrays.equals(first.configEnvelope(), genesisEnvelope())
                        ? "block 0's channel configuration differs from this ledger's organisations, CA certificates,"
                                + " channel or endorsement policy " + config.policy()
                        : null;
        if (problem != null) {
            opened.log().close();
            throw new CorruptLedgerException(0, CorruptLedgerException.Problem.CONFIG, problem);
        }
    }

    private void replay(Block b) {
        List<Transaction> txs = b.transactions();
        for (int i = 0; i < txs.size(); i++) {
            Transaction tx = txs.get(i);
            if (b.validationCodes().get(i) == TxValidationCode.VALID) {
                state.apply(tx.result().readWriteSet(), new Version(b.number(), i), tx.txId(), tx.timestamp());
            }
            txIndex.putIfAbsent(tx.txId(), new Location(b.number(), i));
        }
        blocks.add(b);
    }

    // ---- organisations and connections ----

    @Override
    public List<String> organisations() {
        return List.copyOf(organisations.keySet());
    }

    @Override
    public Organisation organisation(String mspId) {
        Organisation org = organisations.get(mspId);
        if (org == null) {
            throw new IllegalArgumentException("no organisation " + mspId + " in this ledger; it has " + organisations.keySet());
        }
        return org;
    }

    @Override
    public LedgerConnection connect(Identity identity) {
        return connect(identity, () -> { });
    }

    /** A connection that runs {@code onClose} once, when it is first closed. */
    LedgerConnection connect(Identity identity, Runnable onClose) {
        checkMember(identity);
        return new EmbeddedConnection(this, identity, onClose);
    }

    // ---- endorsement ----

    @Override
    public byte[] evaluate(Identity creator, TransactionName transaction, List<String> arguments) {
        checkMember(creator);
        checkArguments(transaction, arguments);
        Proposal p = Proposal.create(creator, config.channel(), transaction.wireName(), arguments, Map.of(),
                config.clock().instant());
        ProposalResult r = endorsers.get(creator.mspId()).simulate(p);
        if (!r.succeeded()) {
            throw Refusals.of(r, null);
        }
        return r.payload();
    }

    @Override
    public Endorsed endorse(Identity creator, TransactionName transaction, List<String> arguments,
            Map<String, byte[]> transientData, Collection<String> endorsingOrgs) {
        checkMember(creator);
        checkArguments(transaction, arguments);
        Objects.requireNonNull(transientData, "transientData");
        List<String> asked = List.copyOf(endorsingOrgs);
        if (asked.isEmpty() || Set.copyOf(asked).size() != asked.size()) {
            throw new IllegalArgumentException("endorsers must be distinct and at least one, were " + asked);
        }
        for (String msp : asked) {
            organisation(msp);
        }
        Proposal p = Proposal.create(creator, config.channel(), transaction.wireName(), arguments, transientData,
                config.clock().instant());
        List<Endorser.Response> responses = new ArrayList<>();
        // Every endorser simulates on the same committed state (all peers at the same height): no block
        // commits between two organisations' simulations of one proposal, so their results differ only
        // if the chaincode is not deterministic.
        state.lock().readLock().lock();
        try {
            for (String msp : asked) {
                Endorser.Response r = endorsers.get(msp).endorse(p);
                if (!r.result().succeeded()) {
                    throw Refusals.of(r.result(), p.txId());
                }
                responses.add(r);
            }
        } finally {
            state.lock().readLock().unlock();
        }
        return new Endorsed(p, responses);
    }

    /**
     * @param mspId an organisation
     * @param collection a private data collection
     * @return the collection's keys as that organisation's peer holds them (none for a non-member), in key order
     */
    List<String> privateKeys(String mspId, String collection) {
        state.lock().readLock().lock();
        try {
            return List.copyOf(state.privateRange(mspId, collection, "", "").keySet());
        } finally {
            state.lock().readLock().unlock();
        }
    }

    @Override
    public List<byte[]> heldPrivateValues(String mspId) {
        organisation(mspId);
        state.lock().readLock().lock();
        try {
            List<byte[]> out = new ArrayList<>();
            for (String collection : config.collections().keySet()) {
                state.privateRange(mspId, collection, "", "").values().forEach(v -> out.add(v.clone()));
            }
            return out;
        } finally {
            state.lock().readLock().unlock();
        }
    }

    @Override
    public List<String> defaultEndorsers(Identity creator) {
        checkMember(creator);
        List<String> order = new ArrayList<>();
        order.add(creator.mspId());
        for (String msp : organisations.keySet()) {
            if (!msp.equals(creator.mspId())) {
                order.add(msp);
            }
        }
        return List.copyOf(order.subList(0, config.policy().required(order.size())));
    }

    private void checkMember(Identity identity) {
        Objects.requireNonNull(identity, "identity");
        Organisation org = organisation(identity.mspId());
        if (!org.issued(identity.certificate())) {
            throw new IllegalArgumentException(identity + " is not issued by the CA of " + identity.mspId());
        }
    }

    private static void checkArguments(TransactionName transaction, List<String> arguments) {
        Objects.requireNonNull(transaction, "transaction");
        Objects.requireNonNull(arguments, "arguments");
        if (arguments.size() != transaction.arguments().size()) {
            throw new IllegalArgumentException(transaction.wireName() + " takes " + transaction.arguments().size()
                    + " arguments " + transaction.arguments() + ", got " + arguments.size());
        }
        for (int i = 0; i < arguments.size(); i++) {
            if (arguments.get(i) == null) {
                throw new IllegalArgumentException(transaction.wireName() + " argument " + transaction.arguments().get(i)
                        + " is null");
            }
        }
    }

    // ---- ordering and commit ----

    @Override
    public CompletableFuture<CommitStatus> submit(Endorsed endorsed) {
        Objects.requireNonNull(endorsed, "endorsed");
        if (closed) {
            throw new IllegalStateException("the embedded ledger is closed");
        }
        Proposal p = endorsed.proposal();
        ProposalResult result = endorsed.responses().get(0).result();
        List<Endorsement> endorsements = endorsed.responses().stream().map(Endorser.Response::endorsement)
                .filter(Objects::nonNull).toList();
        Identity creator = p.creator();
        byte[] creatorBytes = creator.serialized();
        Transaction unsigned = new Transaction(p.txId(), p.timestamp(), p.channelId(), creator.mspId(), creatorBytes,
                p.nonce(), p.function(), p.arguments(), result, endorsements, new byte[0]);
        Transaction tx = unsigned.withSignature(creator.sign(unsigned.signedBytes()));
        CompletableFuture<CommitStatus> future = new CompletableFuture<>();
        queue.add(new Pending(tx, future));
        return future;
    }

    private void orderLoop() {
        List<Pending> batch = new ArrayList<>();
        try {
            while (!closed) {
                Pending first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + config.batchTimeout().toNanos();
                while (batch.size() < config.maxBlockTransactions()) {
                    long wait = deadline - System.nanoTime();
                    if (wait <= 0) {
                        break;
                    }
                    Pending next = queue.poll(wait, TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                commit(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            closed = true;
            batch.forEach(p -> p.future().completeExceptionally(e));
        }
        IllegalStateException stopped = new IllegalStateException("the embedded ledger closed before commit");
        for (Pending p; (p = queue.poll()) != null;) {
            p.future().completeExceptionally(stopped);
        }
    }

    /**
     * Validates, stores and applies one block, in Fabric's order: reads are checked against the
     * state staged so far (no lock: only this thread changes the state), the block is appended to
     * the log (and forced to disk) while simulations go on, and only then is the state's write lock
     * taken to apply it. So a crash before the append leaves neither block nor state, and nothing is
     * visible, or reported committed, before it is durable.
     */
    private void commit(List<Pending> batch) {
        // Signatures and the policy need no state: checked in parallel.
        List<TxValidationCode> precheck = batch.parallelStream().map(p -> precheck(p.tx())).toList();
        List<Transaction> txs = batch.stream().map(Pending::tx).toList();
        long number = blocks.size();
        StagedState staged = new StagedState(state);
        List<TxValidationCode> codes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < txs.size(); i++) {
            Transaction tx = txs.get(i);
            TxValidationCode code = precheck.get(i);
            if (txIndex.containsKey(tx.txId()) || !seen.add(tx.txId())) {
                code = TxValidationCode.DUPLICATE_TXID;
            }
            if (code == TxValidationCode.VALID) {
                code = staged.check(tx.result().readWriteSet());
            }
            if (code == TxValidationCode.VALID) {
                staged.stage(tx.result().readWriteSet(), new Version(number, i));
            }
            codes.add(code);
        }
        Block block = Block.of(number, blocks.get(blocks.size() - 1).hash(), txs, codes);
        if (log != null) {
            log.append(block, PrivateData.of(block));
        }
        state.lock().writeLock().lock();
        try {
            for (int i = 0; i < txs.size(); i++) {
                if (codes.get(i) == TxValidationCode.VALID) {
                    Transaction tx = txs.get(i);
                    state.apply(tx.result().readWriteSet(), new Version(number, i), tx.txId(), tx.timestamp());
                }
            }
        } finally {
            state.lock().writeLock().unlock();
        }
        blocksLock.lock();
        try {
            blocks.add(block);
            for (int i = 0; i < txs.size(); i++) {
                txIndex.putIfAbsent(txs.get(i).txId(), new Location(block.number(), i));
            }
            committed.signalAll();
        } finally {
            blocksLock.unlock();
        }
        for (int i = 0; i < batch.size(); i++) {
            Transaction tx = txs.get(i);
            batch.get(i).future().complete(new CommitStatus(tx.txId(), block.number(), codes.get(i), tx.result().payload(),
                    tx.result().event()));
        }
    }

    private TxValidationCode precheck(Transaction tx) {
        Optional<X509Certificate> creator = creatorCertificate(tx);
        if (creator.isEmpty() || !Identity.verify(creator.get(), tx.signedBytes(), tx.signature())) {
            return TxValidationCode.BAD_CREATOR_SIGNATURE;
        }
        if (!tx.result().succeeded()) {
            return TxValidationCode.ENDORSEMENT_POLICY_FAILURE;
        }
        byte[] response = tx.responsePayload();
        Set<String> satisfied = new HashSet<>();
        for (Endorsement e : tx.endorsements()) {
            Organisation org = organisations.get(e.mspId());
            if (org == null) {
                continue;
            }
            X509Certificate cert = certificate(e.endorserPem());
            if (cert != null && org.issued(cert) && isPeer(cert) && Identity.verify(cert,
                    FabricFormat.endorsementMessage(response, e.mspId(), e.endorserPem()), e.signature())) {
                satisfied.add(e.mspId());
            }
        }
        return policiesMet(tx.result().readWriteSet(), satisfied) ? TxValidationCode.VALID
                : TxValidationCode.ENDORSEMENT_POLICY_FAILURE;
    }

    /** Fabric's key-level validation ({@link Collections#endorsementSatisfied}) with this ledger's chaincode policy. */
    private boolean policiesMet(ReadWriteSet rw, Set<String> endorsedBy) {
        return Collections.endorsementSatisfied(!rw.writes().isEmpty(), rw.privateWrites(), endorsedBy,
                e -> e.size() >= config.policy().required(organisations.size()));
    }

    private Optional<X509Certificate> creatorCertificate(Transaction tx) {
        try {
            SerializedIdentity id = SerializedIdentity.parseFrom(tx.creator());
            Organisation org = organisations.get(id.getMspid());
            if (org == null || !id.getMspid().equals(tx.creatorMsp())) {
                return Optional.empty();
            }
            X509Certificate cert = certificate(id.getIdBytes().toString(StandardCharsets.US_ASCII));
            return cert != null && org.issued(cert) ? Optional.of(cert) : Optional.empty();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return Optional.empty();
        }
    }

    private X509Certificate certificate(String pem) {
        X509Certificate cached = certificates.get(pem);
        if (cached != null) {
            return cached;
        }
        try {
            X509Certificate cert = Pem.readCertificate(pem);
            if (certificates.size() < 10_000) {
                certificates.put(pem, cert);
            }
            return cert;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean isPeer(X509Certificate cert) {
        String subject = cert.getSubjectX500Principal().getName();
        return Arrays.stream(subject.split(",")).map(String::strip).anyMatch(("OU=" + Organisation.PEER_OU)::equals);
    }

    // ---- queries ----

    @Override
    public long height() {
        blocksLock.lock();
        try {
            return blocks.size();
        } finally {
            blocksLock.unlock();
        }
    }

    @Override
    public Optional<Block> block(long number) {
        blocksLock.lock();
        try {
            return number >= 0 && number < blocks.size() ? Optional.of(blocks.get((int) number)) : Optional.empty();
        } finally {
            blocksLock.unlock();
        }
    }

    @Override
    public Optional<org.hyperledger.fabric.protos.common.Block> fabricBlock(long number) {
        return block(number).map(FabricFormat::block);
    }

    @Override
    public Optional<TransactionInfo> transaction(String txId) {
        Location at = txIndex.get(Objects.requireNonNull(txId, "txId"));
        if (at == null) {
            return Optional.empty();
        }
        return block(at.block()).map(b -> new TransactionInfo(b.number(), at.index(), b.validationCodes().get(at.index()),
                b.transactions().get(at.index())));
    }

    @Override
    public ChainInfo chainInfo() {
        blocksLock.lock();
        try {
            Block last = blocks.get(blocks.size() - 1);
            return new ChainInfo(blocks.size(), last.hash(), last.previousHash());
        } finally {
            blocksLock.unlock();
        }
    }

    @Override
    public Recovery recovery() {
        return recovery;
    }

    /**
     * Waits until block {@code number} is committed or {@code stop} says so. A caller that makes
     * {@code stop} true calls {@link #wakeBlockWaiters()} afterwards, so the wait ends at once rather
     * than at its next periodic look.
     *
     * @return the block, or empty when stopped
     */
    Optional<Block> awaitBlock(long number, java.util.function.BooleanSupplier stop) throws InterruptedException {
        blocksLock.lock();
        try {
            while (number >= blocks.size()) {
                if (stop.getAsBoolean() || closed) {
                    return Optional.empty();
                }
                committed.await(50, TimeUnit.MILLISECONDS);
            }
            return Optional.of(blocks.get((int) number));
        } finally {
            blocksLock.unlock();
        }
    }

    /**
     * Wakes every {@link #awaitBlock} waiter to look at its stop condition again: an event stream
     * closed while its reader waits for the next block is released now, not up to the wait's period
     * later (the await that closed it, such as a round driver's, waits for that reader to end).
     */
    void wakeBlockWaiters() {
        blocksLock.lock();
        try {
            committed.signalAll();
        } finally {
            blocksLock.unlock();
        }
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            orderer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        blocksLock.lock();
        try {
            committed.signalAll();
        } finally {
            blocksLock.unlock();
        }
        if (log != null) {
            log.close();
        }
        if (folderLock != null) {
            folderLock.close();
        }
    }

    @Override
    public String toString() {
        return "EmbeddedLedger[organisations=" + organisations.keySet() + ", policy=" + config.policy() + ", height="
                + height() + "]";
    }
}

package org.fedledger.embedded.peer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.fedledger.embedded.block.Event;
import org.fedledger.embedded.block.FabricFormat;
import org.fedledger.embedded.identity.Identity;
import org.fedledger.embedded.state.HistoryEntry;
import org.fedledger.embedded.state.KeyOrder;
import org.fedledger.embedded.state.ReadWriteSet;
import org.fedledger.embedded.state.StagedState;
import org.fedledger.embedded.state.Version;
import org.fedledger.embedded.state.Versioned;
import org.fedledger.embedded.state.WorldState;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * One channel's committed state behind a committing peer, driven one transaction at a time by the
 * caller: {@link #newStub} starts a simulation on a {@link SimulationStub} (the caller runs chaincode
 * code against it in-process), and {@link #commit} validates its read-write set as a committing peer
 * does (MVCC, phantom reads, duplicate tx ids) and applies it in a block of its own. No endorsement
 * policy, signatures or block log: for unit tests of chaincode code, where the embedded ledger would
 * be the whole network.
 *
 * <p>Tx ids are derived from a counter, so the same sequence of transactions gives the same tx ids
 * run after run. One thread at a time.
 *
 * <pre>{@code
 * SimulatedChannel channel = new SimulatedChannel("fedledger", Map.of("updates", Set.of("Org1MSP")));
 * SimulationStub stub = channel.newStub(alice, "Org1MSP", now, Map.of(), List.of("openRound", "t1"));
 * contract.openRound(contract.createContext(stub), "t1");
 * assertThat(channel.commit(stub).code()).isEqualTo(TxValidationCode.VALID);
 * }</pre>
 */
public final class SimulatedChannel {
    private final String channelId;
    private final WorldState state;
    private final Set<String> committedTxIds = new HashSet<>();
    private final List<Commit> commits = new ArrayList<>();
    private long proposals;

    /**
     * What committing one simulated transaction gave.
     *
     * @param txId the transaction
     * @param block the block it was committed in (one block per transaction)
     * @param code its validation code
     * @param event its event when it was valid and set one
     */
    public record Commit(String txId, long block, TxValidationCode code, Optional<Event> event) {
        /** Checks the parts. */
        public Commit {
            Objects.requireNonNull(txId, "txId");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(event, "event");
        }

        /** @return whether its writes were applied */
        public boolean isValid() {
            return code == TxValidationCode.VALID;
        }
    }

    /**
     * An empty channel at height 1 (the genesis block).
     *
     * @param channelId the channel every stub reports
     * @param collectionMembers for each private data collection, the MSP ids of its members
     */
    public SimulatedChannel(String channelId, Map<String, Set<String>> collectionMembers) {
        this.channelId = Objects.requireNonNull(channelId, "channelId");
        this.state = new WorldState(collectionMembers);
    }

    /**
     * Starts one transaction's simulation: a signed proposal of {@code creator} endorsed on the peer
     * of {@code endorsingMsp}. Reads see committed state only; writes wait for {@link #commit}.
     *
     * @param creator who signs the proposal
     * @param endorsingMsp the organisation whose peer simulates it (its private data is what is read)
     * @param timestamp the proposal's timestamp
     * @param transientData the transient map
     * @param functionAndArguments the function name, then its arguments; empty for none
     * @return the stub to run chaincode code on
     */
    public SimulationStub newStub(Identity creator, String endorsingMsp, Instant timestamp,
            Map<String, byte[]> transientData, List<String> functionAndArguments) {
        proposals++;
        String function = functionAndArguments.isEmpty() ? "" : functionAndArguments.get(0);
        List<String> arguments = functionAndArguments.isEmpty() ? List.of()
                : functionAndArguments.subList(1, functionAndArguments.size());
        byte[] nonce = Arrays.copyOf(FabricFormat.sha256((channelId + "/" + proposals).getBytes(StandardCharsets.UTF_8)),
                24);
        Proposal proposal = Proposal.create(creator, channelId, function, arguments, transientData, timestamp, nonce);
        return new SimulationStub(proposal, endorsingMsp, state);
    }

    /**
     * Validates a simulated transaction as a committing peer does and, when valid, applies its writes
     * at the next block. A tx id committed before is a {@code DUPLICATE_TXID}.
     *
     * @param simulated the simulation to commit
     * @return the outcome
     */
    public Commit commit(SimulationStub simulated) {
        ReadWriteSet rw = simulated.readWriteSet();
        long block = height();
        TxValidationCode code = committedTxIds.add(simulated.getTxId()) ? new StagedState(state).check(rw)
                : TxValidationCode.DUPLICATE_TXID;
        Optional<Event> event = Optional.empty();
        if (code == TxValidationCode.VALID) {
            state.lock().writeLock().lock();
            try {
                state.apply(rw, new Version(block, 0), simulated.getTxId(), simulated.getTxTimestamp());
            } finally {
                state.lock().writeLock().unlock();
            }
            event = simulated.event();
        }
        Commit commit = new Commit(simulated.getTxId(), block, code, event);
        commits.add(commit);
        return commit;
    }

    /** @return the number of blocks: the genesis block and one per commit */
    public long height() {
        return commits.size() + 1L;
    }

    /** @return every commit, in order */
    public List<Commit> commits() {
        return List.copyOf(commits);
    }

    /** @return the events of valid transactions, in commit order */
    public List<Event> events() {
        return commits.stream().flatMap(c -> c.event().stream()).toList();
    }

    /**
     * @param key a public key
     * @return its committed value
     */
    public Optional<byte[]> value(String key) {
        return state.get(key).map(v -> v.value().clone());
    }

    /**
     * @param key a public key
     * @return its committed value as UTF-8
     */
    public Optional<String> valueUtf8(String key) {
        return value(key).map(v -> new String(v, StandardCharsets.UTF_8));
    }

    /**
     * @param key a public key
     * @return the version that wrote its committed value
     */
    public Optional<Version> version(String key) {
        return state.get(key).map(Versioned::version);
    }

    /**
     * @param key a public key
     * @return its committed writes, newest first
     */
    public List<HistoryEntry> history(String key) {
        return state.history(key);
    }

    /** @return a copy of the public state, in key order */
    public SortedMap<String, byte[]> snapshot() {
        SortedMap<String, byte[]> copy = new TreeMap<>(KeyOrder.COMPARATOR);
        state.range("", "").forEach((k, v) -> copy.put(k, v.value().clone()));
        return copy;
    }

    /**
     * @param mspId the organisation whose peer is asked
     * @param collection a private data collection
     * @return a copy of the collection as that peer holds it (empty for a non-member), in key order
     */
    public SortedMap<String, byte[]> privateSnapshot(String mspId, String collection) {
        SortedMap<String, byte[]> copy = new TreeMap<>(KeyOrder.COMPARATOR);
        state.privateRange(mspId, collection, "", "").forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }

    @Override
    public String toString() {
        return "SimulatedChannel[" + channelId + ", height=" + height() + "]";
    }
}

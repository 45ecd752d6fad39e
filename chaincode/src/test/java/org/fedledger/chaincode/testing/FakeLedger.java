package org.fedledger.chaincode.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The committed state of one channel and chaincode, with a committing peer's validation: public
 * world state and private data ordered by key and versioned by (block, tx), history of public keys,
 * and the events of valid transactions.
 *
 * <p>A transaction is simulated on a {@link FakeStub} that reads committed state only and buffers its
 * writes; {@link #commit(FakeStub)} validates its read set and range queries (MVCC and phantom reads)
 * and applies the writes atomically. Each commit is one block, valid or not.
 *
 * <pre>{@code
 * FakeLedger ledger = new FakeLedger();
 * TestIdentity alice = TestOrg.of("Org1MSP").member("alice");
 * ledger.invoke(alice, Instant.parse("2025-01-01T00:00:00Z"), stub -> {
 *     stub.putStringState("k", "v");
 *     return null;
 * });
 * assertThat(ledger.state("k")).hasValueSatisfying(v -> assertThat(v).isEqualTo("v".getBytes(UTF_8)));
 * }</pre>
 */
public final class FakeLedger {
    /** The channel every stub reports. */
    public static final String CHANNEL_ID = "fedledger";
    /** The chaincode name used in events and proposals. */
    public static final String CHAINCODE_NAME = "fedledger";

    /** A committed value and the version that wrote it. */
    record Versioned(byte[] value, Version version) {
    }

    private final NavigableMap<String, Versioned> state = new TreeMap<>(Keys.ORDER);
    private final Map<String, NavigableMap<String, Versioned>> privateState = new TreeMap<>();
    private final Map<String, List<HistoryEntry>> history = new TreeMap<>(Keys.ORDER);
    private final Map<String, byte[]> validationParameters = new TreeMap<>(Keys.ORDER);
    private final Map<String, Map<String, byte[]>> privateValidationParameters = new TreeMap<>();
    private final List<CommitResult> commits = new ArrayList<>();
    private final List<LedgerEvent> events = new ArrayList<>();
    private long proposals;
    private long blocks;
    private long keyWrites;
    private FakeStub lastStub;

    /** An empty ledger at height 0. */
    public FakeLedger() {
    }

    /**
     * Starts the simulation of one transaction. Reads see committed state only; writes are buffered
     * until {@link #commit(FakeStub)}.
     *
     * <pre>{@code FakeStub stub = ledger.newStub(alice, ts, Map.of("payload/0", bytes), "submitUpdate", "t1", "1"); }</pre>
     *
     * @param creator       the transaction creator
     * @param txTimestamp   the proposal timestamp
     * @param transientData the transient map (copied)
     * @param args          function name and parameters
     */
    public synchronized FakeStub newStub(TestIdentity creator, Instant txTimestamp, Map<String, byte[]> transientData,
            String... args) {
        Objects.requireNonNull(creator, "creator");
        Objects.requireNonNull(txTimestamp, "txTimestamp");
        Objects.requireNonNull(transientData, "transientData");
        Objects.requireNonNull(args, "args");
        proposals++;
        FakeStub stub = new FakeStub(this, txIdFor(proposals), proposals, creator, txTimestamp, transientData,
                List.of(args));
        lastStub = stub;
        return stub;
    }

    /**
     * {@link #newStub} without transient data.
     *
     * <pre>{@code FakeStub stub = ledger.newStub(alice, ts); }</pre>
     */
    public FakeStub newStub(TestIdentity creator, Instant txTimestamp, String... args) {
        return newStub(creator, txTimestamp, Map.of(), args);
    }

    /**
     * Validates a simulated transaction like a committing peer and, when valid, applies its writes
     * atomically at the next block, appends history and stores its event.
     *
     * <pre>{@code assertThat(ledger.commit(stub).code()).isEqualTo(ValidationCode.VALID); }</pre>
     *
     * @throws IllegalStateException if the stub belongs to another ledger or was already committed
     *                               (Fabric would reject the duplicate transaction id)
     */
    public synchronized CommitResult commit(FakeStub simulated) {
        Objects.requireNonNull(simulated, "simulated");
        if (simulated.ledger() != this) {
            throw new IllegalStateException("transaction " + simulated.getTxId() + " was simulated on another ledger");
        }
        if (simulated.isCommitted()) {
            throw new IllegalStateException("transaction " + simulated.getTxId() + " was already committed");
        }
        simulated.markCommitted();
        blocks++;
        ValidationCode code = validate(simulated);
        Optional<LedgerEvent> event = Optional.empty();
        if (code == ValidationCode.VALID) {
            apply(simulated, new Version(blocks, 0));
            event = simulated.eventName().map(name -> new LedgerEvent(simulated.getTxId(), name,
                    simulated.eventPayload().orElse(new byte[0])));
            event.ifPresent(events::add);
        }
        CommitResult result = new CommitResult(code, simulated.getTxId(), event);
        commits.add(result);
        return result;
    }

    /**
     * Simulates and commits a transaction: {@code call} runs on a new stub and, when it returns
     * normally, the stub is committed. If {@code call} throws, nothing is committed and the exception
     * propagates unchanged; {@link #lastStub()} then shows what it had buffered.
     *
     * <pre>{@code Round r = ledger.invoke(coordinator, ts, Map.of(), stub -> contract.openRound(ctx(stub), "t1")); }</pre>
     *
     * @throws IllegalStateException if the commit is invalidated (MVCC or phantom read conflict)
     */
    public <R> R invoke(TestIdentity creator, Instant txTimestamp, Map<String, byte[]> transientData,
            Function<FakeStub, R> call) {
        Objects.requireNonNull(call, "call");
        FakeStub stub = newStub(creator, txTimestamp, transientData);
        R result = call.apply(stub);
        CommitResult committed = commit(stub);
        if (!committed.isValid()) {
            throw new IllegalStateException("transaction " + committed.txId() + " was invalidated at commit: "
                    + committed.code());
        }
        return result;
    }

    /**
     * {@link #invoke(TestIdentity, Instant, Map, Function)} without transient data.
     *
     * <pre>{@code ledger.invoke(admin, ts, stub -> contract.registerParticipant(ctx(stub), pem, "trainer")); }</pre>
     *
     * @throws IllegalStateException if the commit is invalidated
     */
    public <R> R invoke(TestIdentity creator, Instant txTimestamp, Function<FakeStub, R> call) {
        return invoke(creator, txTimestamp, Map.of(), call);
    }

    /**
     * Simulates a transaction without committing it, as an evaluate (query) does.
     *
     * <pre>{@code String json = ledger.evaluate(alice, ts, stub -> contract.getTask(ctx(stub), "t1")); }</pre>
     */
    public <R> R evaluate(TestIdentity creator, Instant txTimestamp, Map<String, byte[]> transientData,
            Function<FakeStub, R> call) {
        Objects.requireNonNull(call, "call");
        return call.apply(newStub(creator, txTimestamp, transientData));
    }

    /** {@link #evaluate(TestIdentity, Instant, Map, Function)} without transient data. */
    public <R> R evaluate(TestIdentity creator, Instant txTimestamp, Function<FakeStub, R> call) {
        return evaluate(creator, txTimestamp, Map.of(), call);
    }

    /**
     * The most recently created stub, committed or not.
     *
     * <pre>{@code assertThat(ledger.lastStub().writes()).isEmpty(); }</pre>
     *
     * @throws IllegalStateException if no transaction was simulated yet
     */
    public synchronized FakeStub lastStub() {
        if (lastStub == null) {
            throw new IllegalStateException("no transaction has been simulated on this ledger");
        }
        return lastStub;
    }

    /** The committed value of a public key, empty when absent. */
    public synchronized Optional<byte[]> state(String key) {
        return Optional.ofNullable(state.get(key)).map(v -> v.value().clone());
    }

    /** The committed value of a public key as UTF-8, empty when absent. */
    public Optional<String> stateUtf8(String key) {
        return state(key).map(v -> new String(v, StandardCharsets.UTF_8));
    }

    /** The committed version of a public key, empty when absent. */
    public synchronized Optional<Version> version(String key) {
        return Optional.ofNullable(state.get(key)).map(Versioned::version);
    }

    /** The committed value of a private key, empty when absent. */
    public synchronized Optional<byte[]> privateState(String collection, String key) {
        return Optional.ofNullable(privateState.getOrDefault(collection, Collections.emptyNavigableMap()).get(key))
                .map(v -> v.value().clone());
    }

    /** A sorted copy of the committed public state. */
    public synchronized Map<String, byte[]> stateSnapshot() {
        return snapshot(state);
    }

    /** A sorted copy of one committed private data collection (empty if never written). */
    public synchronized Map<String, byte[]> privateSnapshot(String collection) {
        return snapshot(privateState.getOrDefault(collection, Collections.emptyNavigableMap()));
    }

    /** The committed history of a public key, oldest first (commit order). */
    public synchronized List<HistoryEntry> history(String key) {
        return List.copyOf(history.getOrDefault(key, List.of()));
    }

    /** Number of individual key writes (puts and deletes, public and private) applied by valid transactions. */
    public synchronized int stateWriteCount() {
        return Math.toIntExact(keyWrites);
    }

    /** Number of committed transactions, valid or invalid (one block each). */
    public synchronized long height() {
        return blocks;
    }

    /** Every commit, in order. */
    public synchronized List<CommitResult> commits() {
        return List.copyOf(commits);
    }

    /** The events of valid transactions, in commit order. */
    public synchronized List<LedgerEvent> events() {
        return List.copyOf(events);
    }

    // ---- used by FakeStub: committed reads ----

    synchronized Versioned committed(String key) {
        return state.get(key);
    }

    synchronized Versioned committedPrivate(String collection, String key) {
        return privateState.getOrDefault(collection, Collections.emptyNavigableMap()).get(key);
    }

    /** Committed public entries in [start, end), {@code end} empty meaning unbounded. */
    synchronized List<Map.Entry<String, Versioned>> range(String start, String end) {
        return rangeOf(state, start, end, false);
    }

    synchronized List<Map.Entry<String, Versioned>> privateRange(String collection, String start, String end) {
        return rangeOf(privateState.getOrDefault(collection, Collections.emptyNavigableMap()), start, end, false);
    }

    synchronized byte[] validationParameter(String key) {
        byte[] ep = validationParameters.get(key);
        return ep == null ? new byte[0] : ep.clone();
    }

    synchronized byte[] privateValidationParameter(String collection, String key) {
        byte[] ep = privateValidationParameters.getOrDefault(collection, Map.of()).get(key);
        return ep == null ? new byte[0] : ep.clone();
    }

    private static List<Map.Entry<String, Versioned>> rangeOf(NavigableMap<String, Versioned> map, String start,
            String end, boolean endInclusive) {
        NavigableMap<String, Versioned> view;
        if (end.isEmpty()) {
            view = map.tailMap(start, true);
        } else if (Keys.ORDER.compare(start, end) > 0 || (!endInclusive && start.equals(end))) {
            return List.of();
        } else {
            view = map.subMap(start, true, end, endInclusive);
        }
        return List.copyOf(view.entrySet());
    }

    private ValidationCode validate(FakeStub tx) {
        for (Map.Entry<String, Optional<Version>> read : tx.readSet().entrySet()) {
            if (!read.getValue().equals(version(state.get(read.getKey())))) {
                return ValidationCode.MVCC_READ_CONFLICT;
            }
        }
        for (Map.Entry<String, Map<String, Optional<Version>>> coll : tx.privateReadSet().entrySet()) {
            NavigableMap<String, Versioned> committed =
                    privateState.getOrDefault(coll.getKey(), Collections.emptyNavigableMap());
            for (Map.Entry<String, Optional<Version>> read : coll.getValue().entrySet()) {
                if (!read.getValue().equals(version(committed.get(read.getKey())))) {
                    return ValidationCode.MVCC_READ_CONFLICT;
                }
            }
        }
        for (FakeStub.RangeRecord query : tx.rangeRecords()) {
            List<Map.Entry<String, Versioned>> read = query.readEntries();
            List<Map.Entry<String, Versioned>> now;
            if (query.exhausted()) {
                now = rangeOf(state, query.start(), query.end(), false);
            } else if (read.isEmpty()) {
                continue; // nothing was read, so nothing can have changed under it
            } else {
                // Like Fabric: an iterator closed early is validated up to the last key it returned.
                now = rangeOf(state, query.start(), read.get(read.size() - 1).getKey(), true);
            }
            if (!sameKeysAndVersions(read, now)) {
                return ValidationCode.PHANTOM_READ_CONFLICT;
            }
        }
        return ValidationCode.VALID;
    }

    private static Optional<Version> version(Versioned v) {
        return v == null ? Optional.empty() : Optional.of(v.version());
    }

    private static boolean sameKeysAndVersions(List<Map.Entry<String, Versioned>> a,
            List<Map.Entry<String, Versioned>> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).getKey().equals(b.get(i).getKey())
                    || !a.get(i).getValue().version().equals(b.get(i).getValue().version())) {
                return false;
            }
        }
        return true;
    }

    private void apply(FakeStub tx, Version version) {
        for (Map.Entry<String, byte[]> write : tx.writes().entrySet()) {
            String key = write.getKey();
            byte[] value = write.getValue();
            boolean delete = value.length == 0;
            if (delete) {
                state.remove(key);
            } else {
                state.put(key, new Versioned(value, version));
            }
            history.computeIfAbsent(key, k -> new ArrayList<>())
                    .add(new HistoryEntry(tx.getTxId(), tx.getTxTimestamp(), value, delete));
            keyWrites++;
        }
        for (Map.Entry<String, Map<String, byte[]>> coll : tx.privateWrites().entrySet()) {
            NavigableMap<String, Versioned> committed =
                    privateState.computeIfAbsent(coll.getKey(), c -> new TreeMap<>(Keys.ORDER));
            for (Map.Entry<String, byte[]> write : coll.getValue().entrySet()) {
                if (write.getValue().length == 0) {
                    committed.remove(write.getKey());
                } else {
                    committed.put(write.getKey(), new Versioned(write.getValue(), version));
                }
                keyWrites++;
            }
        }
        tx.validationParameterWrites().forEach((key, ep) -> putOrRemove(validationParameters, key, ep));
        tx.privateValidationParameterWrites().forEach((coll, eps) -> eps.forEach((key, ep) -> putOrRemove(
                privateValidationParameters.computeIfAbsent(coll, c -> new TreeMap<>(Keys.ORDER)), key, ep)));
    }

    private static void putOrRemove(Map<String, byte[]> map, String key, byte[] value) {
        if (value.length == 0) {
            map.remove(key);
        } else {
            map.put(key, value.clone());
        }
    }

    private static Map<String, byte[]> snapshot(NavigableMap<String, Versioned> map) {
        Map<String, byte[]> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(k, v.value().clone()));
        return Collections.unmodifiableMap(copy);
    }

    private static String txIdFor(long counter) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("fedledger-fake-tx-" + counter).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    @Override
    public synchronized String toString() {
        return "FakeLedger{channel=" + CHANNEL_ID + ", height=" + blocks + ", keys=" + state.size() + "}";
    }
}

package org.fedledger.embedded.peer;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.fedledger.embedded.block.Event;
import org.fedledger.embedded.state.HistoryEntry;
import org.fedledger.embedded.state.KeyOrder;
import org.fedledger.embedded.state.RangeRead;
import org.fedledger.embedded.state.ReadWriteSet;
import org.fedledger.embedded.state.Version;
import org.fedledger.embedded.state.Versioned;
import org.fedledger.embedded.state.WorldState;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.hyperledger.fabric.shim.Chaincode;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/**
 * The {@link ChaincodeStub} one endorsing organisation's peer hands the chaincode for one proposal,
 * with Fabric's simulation semantics: reads come from committed state (never from this
 * transaction's own writes) and are recorded with their versions; public range reads are recorded
 * for phantom checks; writes are buffered (an empty value deletes); private data reads come from
 * this organisation's store only (a non-member reads nothing); the last event set wins. Tx id,
 * timestamp, creator, transient data and binding come from the signed {@link Proposal}.
 *
 * <p>The caller holds the state's read lock while the chaincode runs.
 *
 * <pre>{@code
 * SimulationStub stub = new SimulationStub(proposal, "Org1MSP", state);
 * Chaincode.Response r = router.invoke(stub);
 * ReadWriteSet rw = stub.readWriteSet();
 * }</pre>
 */
public final class SimulationStub implements ChaincodeStub {
    /** The largest code point: the end of a partial composite key range, as the shim uses. */
    static final String MAX_UNICODE_RUNE = "\udbff\udfff";
    /** The start of an unbounded simple-key range, as the shim uses. */
    static final String UNSPECIFIED_START = "\u0001";

    private final Proposal proposal;
    private final String mspId;
    private final WorldState state;
    private final SortedMap<String, Optional<Version>> reads = new TreeMap<>(KeyOrder.COMPARATOR);
    private final List<RangeRecorder> ranges = new ArrayList<>();
    private final SortedMap<String, byte[]> writes = new TreeMap<>(KeyOrder.COMPARATOR);
    private final SortedMap<String, SortedMap<String, Optional<Version>>> privateReads = new TreeMap<>(KeyOrder.COMPARATOR);
    private final SortedMap<String, SortedMap<String, byte[]>> privateWrites = new TreeMap<>(KeyOrder.COMPARATOR);
    private final List<QueryResultsIterator<?>> openIterators = new ArrayList<>();
    private Event event;

    /**
     * @param proposal the signed proposal
     * @param mspId the endorsing peer's organisation
     * @param state the committed state (read-locked by the caller)
     */
    public SimulationStub(Proposal proposal, String mspId, WorldState state) {
        this.proposal = Objects.requireNonNull(proposal, "proposal");
        this.mspId = Objects.requireNonNull(mspId, "mspId");
        this.state = Objects.requireNonNull(state, "state");
    }

    /** @return what the simulation read and wrote so far */
    public ReadWriteSet readWriteSet() {
        List<RangeRead> rr = ranges.stream().map(RangeRecorder::read).toList();
        return new ReadWriteSet(reads, rr, writes, privateReads, privateWrites);
    }

    /**
     * The iterators the chaincode opened and has not closed: a peer holds each open iterator's
     * resources until the transaction ends, so chaincode is expected to close every one.
     *
     * @return descriptions of the open iterators, in the order they were opened
     */
    public List<String> openIterators() {
        return openIterators.stream().map(Object::toString).toList();
    }

    /** @return the event set last, if any */
    public Optional<Event> event() {
        return Optional.ofNullable(event);
    }

    // ---- the proposal ----

    @Override
    public List<byte[]> getArgs() {
        List<byte[]> args = new ArrayList<>();
        args.add(proposal.function().getBytes(StandardCharsets.UTF_8));
        proposal.arguments().forEach(a -> args.add(a.getBytes(StandardCharsets.UTF_8)));
        return args;
    }

    @Override
    public List<String> getStringArgs() {
        List<String> args = new ArrayList<>();
        args.add(proposal.function());
        args.addAll(proposal.arguments());
        return args;
    }

    @Override
    public String getFunction() {
        return proposal.function();
    }

    @Override
    public List<String> getParameters() {
        return proposal.arguments();
    }

    @Override
    public String getTxId() {
        return proposal.txId();
    }

    @Override
    public String getChannelId() {
        return proposal.channelId();
    }

    @Override
    public Instant getTxTimestamp() {
        return proposal.timestamp();
    }

    @Override
    public byte[] getCreator() {
        return proposal.creator().serialized();
    }

    @Override
    public Map<String, byte[]> getTransient() {
        Map<String, byte[]> copy = new TreeMap<>();
        proposal.transientData().forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }

    @Override
    public SignedProposal getSignedProposal() {
        return proposal.signed();
    }

    @Override
    public byte[] getBinding() {
        return proposal.binding();
    }

    @Override
    public String getMspId() {
        return mspId;
    }

    @Override
    public Chaincode.Response invokeChaincode(String chaincodeName, List<byte[]> args, String channel) {
        throw new UnsupportedOperationException("the embedded ledger runs one chaincode; invokeChaincode("
                + chaincodeName + ") is not supported");
    }

    // ---- public state ----

    @Override
    public byte[] getState(String key) {
        checkKey(key);
        Optional<Versioned> v = state.get(key);
        reads.putIfAbsent(key, v.map(Versioned::version));
        return v.map(x -> x.value().clone()).orElse(new byte[0]);
    }

    @Override
    public void putState(String key, byte[] value) {
        checkKey(key);
        writes.put(key, Objects.requireNonNull(value, "value").clone());
    }

    @Override
    public void delState(String key) {
        checkKey(key);
        writes.put(key, new byte[0]);
    }

    @Override
    public byte[] getStateValidationParameter(String key) {
        checkKey(key);
        return new byte[0];
    }

    @Override
    public void setStateValidationParameter(String key, byte[] value) {
        throw new UnsupportedOperationException("key-level endorsement policies are not supported by the embedded ledger");
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByRange(String startKey, String endKey) {
        String start = startKey == null || startKey.isEmpty() ? UNSPECIFIED_START : startKey;
        String end = endKey == null ? "" : endKey;
        if (start.startsWith(CompositeKey.NAMESPACE) || end.startsWith(CompositeKey.NAMESPACE)) {
            throw new IllegalArgumentException("getStateByRange takes simple keys; use getStateByPartialCompositeKey");
        }
        return range(start, end);
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getStateByRangeWithPagination(String startKey, String endKey,
            int pageSize, String bookmark) {
        throw new UnsupportedOperationException("paginated range queries are not supported by the embedded ledger");
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(String compositeKey) {
        String prefix = compositeKey == null || compositeKey.isEmpty() ? CompositeKey.NAMESPACE
                : compositeKey.startsWith(CompositeKey.NAMESPACE) ? compositeKey : new CompositeKey(compositeKey).toString();
        return range(prefix, prefix + MAX_UNICODE_RUNE);
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(String objectType, String... attributes) {
        return getStateByPartialCompositeKey(new CompositeKey(objectType, attributes));
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(CompositeKey compositeKey) {
        return getStateByPartialCompositeKey(compositeKey.toString());
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getStateByPartialCompositeKeyWithPagination(
            CompositeKey compositeKey, int pageSize, String bookmark) {
        throw new UnsupportedOperationException("paginated range queries are not supported by the embedded ledger");
    }

    @Override
    public CompositeKey createCompositeKey(String objectType, String... attributes) {
        return new CompositeKey(objectType, attributes);
    }

    @Override
    public CompositeKey splitCompositeKey(String compositeKey) {
        return CompositeKey.parseCompositeKey(compositeKey);
    }

    @Override
    public QueryResultsIterator<KeyValue> getQueryResult(String query) {
        throw new UnsupportedOperationException("rich queries need CouchDB; the embedded ledger is a LevelDB-style store");
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getQueryResultWithPagination(String query, int pageSize,
            String bookmark) {
        throw new UnsupportedOperationException("rich queries need CouchDB; the embedded ledger is a LevelDB-style store");
    }

    @Override
    public QueryResultsIterator<KeyModification> getHistoryForKey(String key) {
        checkKey(key);
        List<KeyModification> out = new ArrayList<>();
        for (HistoryEntry h : state.history(key)) {
            out.add(new Modification(h));
        }
        return opened(new ListIterator<>("history of " + key, out));
    }

    // ---- private data ----

    @Override
    public byte[] getPrivateData(String collection, String key) {
        checkCollection(collection);
        checkKey(key);
        privateReads.computeIfAbsent(collection, c -> new TreeMap<>(KeyOrder.COMPARATOR))
                .putIfAbsent(key, state.privateVersion(collection, key));
        return state.privateValue(mspId, collection, key).map(byte[]::clone).orElse(new byte[0]);
    }

    @Override
    public byte[] getPrivateDataHash(String collection, String key) {
        checkCollection(collection);
        checkKey(key);
        return state.privateHash(collection, key).map(byte[]::clone).orElse(new byte[0]);
    }

    @Override
    public byte[] getPrivateDataValidationParameter(String collection, String key) {
        checkCollection(collection);
        return new byte[0];
    }

    @Override
    public void putPrivateData(String collection, String key, byte[] value) {
        checkCollection(collection);
        checkKey(key);
        Objects.requireNonNull(value, "value");
        privateWrites.computeIfAbsent(collection, c -> new TreeMap<>(KeyOrder.COMPARATOR)).put(key, value.clone());
    }

    @Override
    public void setPrivateDataValidationParameter(String collection, String key, byte[] value) {
        throw new UnsupportedOperationException("key-level endorsement policies are not supported by the embedded ledger");
    }

    @Override
    public void delPrivateData(String collection, String key) {
        checkCollection(collection);
        checkKey(key);
        privateWrites.computeIfAbsent(collection, c -> new TreeMap<>(KeyOrder.COMPARATOR)).put(key, new byte[0]);
    }

    @Override
    public void purgePrivateData(String collection, String key) {
        throw new UnsupportedOperationException("purging private data is not supported by the embedded ledger");
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByRange(String collection, String startKey, String endKey) {
        checkCollection(collection);
        String start = startKey == null || startKey.isEmpty() ? UNSPECIFIED_START : startKey;
        return privateRange(collection, start, endKey == null ? "" : endKey);
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(String collection, String compositeKey) {
        checkCollection(collection);
        String prefix = compositeKey == null || compositeKey.isEmpty() ? CompositeKey.NAMESPACE
                : compositeKey.startsWith(CompositeKey.NAMESPACE) ? compositeKey : new CompositeKey(compositeKey).toString();
        return privateRange(collection, prefix, prefix + MAX_UNICODE_RUNE);
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(String collection, CompositeKey compositeKey) {
        return getPrivateDataByPartialCompositeKey(collection, compositeKey.toString());
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(String collection, String objectType,
            String... attributes) {
        return getPrivateDataByPartialCompositeKey(collection, new CompositeKey(objectType, attributes));
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataQueryResult(String collection, String query) {
        throw new UnsupportedOperationException("rich queries need CouchDB; the embedded ledger is a LevelDB-style store");
    }

    // ---- events ----

    @Override
    public void setEvent(String name, byte[] payload) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("event name can not be nil or empty string");
        }
        event = new Event(name, payload == null ? new byte[0] : payload);
    }

    @Override
    public ChaincodeEvent getEvent() {
        if (event == null) {
            return null;
        }
        return ChaincodeEvent.newBuilder().setEventName(event.name()).setPayload(ByteString.copyFrom(event.payload()))
                .setTxId(proposal.txId()).build();
    }

    // ---- helpers ----

    private QueryResultsIterator<KeyValue> range(String start, String end) {
        List<Map.Entry<String, Versioned>> snapshot = new ArrayList<>(state.range(start, end).entrySet());
        RangeRecorder recorder = new RangeRecorder(start, end, snapshot);
        ranges.add(recorder);
        return opened(recorder);
    }

    private QueryResultsIterator<KeyValue> privateRange(String collection, String start, String end) {
        List<KeyValue> out = new ArrayList<>();
        state.privateRange(mspId, collection, start, end).forEach((k, v) -> out.add(new Kv(k, v.clone())));
        return opened(new ListIterator<>("private range " + collection + " [" + start + ", " + end + ")", out));
    }

    private <T> QueryResultsIterator<T> opened(QueryResultsIterator<T> iterator) {
        openIterators.add(iterator);
        return iterator;
    }

    private static void checkKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key must not be null or empty");
        }
    }

    private void checkCollection(String collection) {
        if (collection == null || !state.hasCollection(collection)) {
            throw new IllegalArgumentException("collection " + collection + " is not defined for this chaincode");
        }
    }

    private record Kv(String key, byte[] value) implements KeyValue {
        @Override
        public String getKey() {
            return key;
        }

        @Override
        public byte[] getValue() {
            return value.clone();
        }

        @Override
        public String getStringValue() {
            return new String(value, StandardCharsets.UTF_8);
        }
    }

    private record Modification(HistoryEntry entry) implements KeyModification {
        @Override
        public String getTxId() {
            return entry.txId();
        }

        @Override
        public byte[] getValue() {
            return entry.value().clone();
        }

        @Override
        public String getStringValue() {
            return new String(entry.value(), StandardCharsets.UTF_8);
        }

        @Override
        public Instant getTimestamp() {
            return entry.timestamp();
        }

        @Override
        public boolean isDeleted() {
            return entry.deleted();
        }
    }

    /** A closeable iterator over a fixed list. */
    private final class ListIterator<T> implements QueryResultsIterator<T> {
        private final String description;
        private final List<T> items;

        ListIterator(String description, List<T> items) {
            this.description = description;
            this.items = items;
        }

        @Override
        public String toString() {
            return description;
        }

        @Override
        public Iterator<T> iterator() {
            return items.iterator();
        }

        @Override
        public void close() {
            // Nothing else held: the items were copied under the state's read lock.
            openIterators.remove(this);
        }
    }

    /** A public range read: returns the committed entries and records which were read. */
    private final class RangeRecorder implements QueryResultsIterator<KeyValue> {
        private final String start;
        private final String end;
        private final List<Map.Entry<String, Versioned>> entries;
        private final List<RangeRead.KeyVersion> returned = new ArrayList<>();
        private boolean exhausted;

        RangeRecorder(String start, String end, List<Map.Entry<String, Versioned>> entries) {
            this.start = start;
            this.end = end;
            this.entries = entries;
        }

        RangeRead read() {
            return new RangeRead(start, end, returned, exhausted || returned.size() == entries.size());
        }

        @Override
        public Iterator<KeyValue> iterator() {
            return new Iterator<>() {
                private int next = returned.size();

                @Override
                public boolean hasNext() {
                    if (next >= entries.size()) {
                        exhausted = true;
                        return false;
                    }
                    return true;
                }

                @Override
                public KeyValue next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Map.Entry<String, Versioned> e = entries.get(next++);
                    returned.add(new RangeRead.KeyVersion(e.getKey(), e.getValue().version()));
                    return new Kv(e.getKey(), e.getValue().value().clone());
                }
            };
        }

        @Override
        public String toString() {
            return "range [" + start + ", " + end + ")";
        }

        @Override
        public void close() {
            // Nothing else held: the entries were copied under the state's read lock.
            openIterators.remove(this);
        }
    }
}

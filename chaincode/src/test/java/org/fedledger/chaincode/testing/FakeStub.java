package org.fedledger.chaincode.testing;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ChaincodeID;
import org.hyperledger.fabric.protos.peer.ChaincodeInput;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeSpec;
import org.hyperledger.fabric.protos.peer.Proposal;
import org.hyperledger.fabric.protos.peer.QueryResponseMetadata;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.hyperledger.fabric.shim.Chaincode;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/**
 * The simulation of one transaction on a {@link FakeLedger}, behaving like the shim's stub against
 * a LevelDB peer.
 *
 * <ul>
 *   <li>Reads come from committed state only: a transaction does not see its own writes.</li>
 *   <li>Writes are buffered; putting an empty value is a delete, as in Fabric's write set.</li>
 *   <li>Reads (with the version read, or absent) and public range queries (with the keys returned)
 *       are recorded for validation at {@link FakeLedger#commit(FakeStub)}.</li>
 *   <li>Rich queries, chaincode-to-chaincode calls and writes after a paginated query fail as on a peer.</li>
 *   <li>Missing keys read as an empty array, never {@code null}.</li>
 * </ul>
 *
 * <pre>{@code
 * FakeStub stub = ledger.newStub(alice, ts, Map.of(), "openRound", "t1");
 * contract.openRound(new Context(stub), "t1");
 * assertThat(stub.writes()).containsKey(roundKey);
 * assertThat(stub.allIteratorsClosed()).isTrue();
 * }</pre>
 */
public final class FakeStub implements ChaincodeStub {
    private static final String NOT_AVAILABLE = " is not available in FakeStub";
    private static final String NO_RICH_QUERIES = "LevelDB state database has no rich queries";

    /** A range query on public state and how far its iterator was read. */
    static final class RangeRecord {
        private final String start;
        private final String end;
        private final List<Map.Entry<String, FakeLedger.Versioned>> entries;
        private int returned;
        private boolean exhausted;

        RangeRecord(String start, String end, List<Map.Entry<String, FakeLedger.Versioned>> entries) {
            this.start = start;
            this.end = end;
            this.entries = entries;
        }

        String start() {
            return start;
        }

        String end() {
            return end;
        }

        boolean exhausted() {
            return exhausted;
        }

        List<Map.Entry<String, FakeLedger.Versioned>> readEntries() {
            return exhausted ? entries : entries.subList(0, returned);
        }

        LedgerIterator.Progress progress() {
            return new LedgerIterator.Progress() {
                @Override
                public void returned(int count) {
                    returned = Math.max(returned, count);
                }

                @Override
                public void exhausted() {
                    exhausted = true;
                }
            };
        }

        RangeRead view() {
            return new RangeRead(start, end, readEntries().stream().map(Map.Entry::getKey).toList(), exhausted);
        }
    }

    private final FakeLedger ledger;
    private final String txId;
    private final long sequence;
    private final TestIdentity creator;
    private final Instant timestamp;
    private final Map<String, byte[]> transientData;
    private final List<String> args;

    private final Map<String, Optional<Version>> reads = new LinkedHashMap<>();
    private final Map<String, Map<String, Optional<Version>>> privateReads = new TreeMap<>();
    private final List<RangeRecord> ranges = new ArrayList<>();
    private final NavigableMap<String, byte[]> writes = new TreeMap<>(Keys.ORDER);
    private final Map<String, NavigableMap<String, byte[]>> privateWrites = new TreeMap<>();
    private final Map<String, byte[]> validationParameterWrites = new TreeMap<>(Keys.ORDER);
    private final Map<String, Map<String, byte[]>> privateValidationParameterWrites = new TreeMap<>();
    private final List<LedgerIterator<?>> iterators = new ArrayList<>();
    private String peerMspId;
    private String eventName;
    private byte[] eventPayload;
    private boolean paginatedQueryPerformed;
    private boolean committed;

    FakeStub(FakeLedger ledger, String txId, long sequence, TestIdentity creator, Instant timestamp,
            Map<String, byte[]> transientData, List<String> args) {
        this.ledger = ledger;
        this.txId = txId;
        this.sequence = sequence;
        this.creator = creator;
        this.timestamp = timestamp;
        Map<String, byte[]> copy = new LinkedHashMap<>();
        transientData.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "transient key"),
                Objects.requireNonNull(v, "transient value for " + k).clone()));
        this.transientData = Collections.unmodifiableMap(copy);
        this.args = List.copyOf(args);
        this.peerMspId = creator.mspId();
    }

    /**
     * Sets the MSP of the peer that endorses this simulation, which {@link #getMspId()} returns.
     * Defaults to the creator's MSP (a client endorsing on its own org's peer).
     *
     * <pre>{@code ledger.newStub(alice, ts).onPeerOf("Org2MSP"); }</pre>
     */
    public FakeStub onPeerOf(String mspId) {
        this.peerMspId = Objects.requireNonNull(mspId, "mspId");
        return this;
    }

    // ---- test accessors ----

    /** The creator of this transaction. */
    public TestIdentity creator() {
        return creator;
    }

    /** Buffered public writes, ordered by key; a delete shows as an empty value. */
    public Map<String, byte[]> writes() {
        return copyOf(writes);
    }

    /** Public keys this transaction deletes. */
    public List<String> deletedKeys() {
        return writes.entrySet().stream().filter(e -> e.getValue().length == 0).map(Map.Entry::getKey).toList();
    }

    /** Buffered private writes per collection, ordered by key; a delete or purge shows as an empty value. */
    public Map<String, Map<String, byte[]>> privateWrites() {
        Map<String, Map<String, byte[]>> copy = new TreeMap<>();
        privateWrites.forEach((c, w) -> copy.put(c, copyOf(w)));
        return Collections.unmodifiableMap(copy);
    }

    /** Public keys read, with the committed version seen (empty when the key was absent). */
    public Map<String, Optional<Version>> readSet() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(reads));
    }

    /** Private keys read per collection, with the committed version seen. */
    public Map<String, Map<String, Optional<Version>>> privateReadSet() {
        Map<String, Map<String, Optional<Version>>> copy = new TreeMap<>();
        privateReads.forEach((c, r) -> copy.put(c, Collections.unmodifiableMap(new LinkedHashMap<>(r))));
        return Collections.unmodifiableMap(copy);
    }

    /** The public range queries run (range, partial composite key and paginated), in order. */
    public List<RangeRead> rangeQueries() {
        return ranges.stream().map(RangeRecord::view).toList();
    }

    /** The event set by this transaction (the last {@code setEvent} call), if any. */
    public Optional<String> eventName() {
        return Optional.ofNullable(eventName);
    }

    /** The payload of the event, if one was set (empty array for an event without payload). */
    public Optional<byte[]> eventPayload() {
        return eventName == null ? Optional.empty() : Optional.of(eventPayload.clone());
    }

    /** Whether every iterator this stub returned was closed. */
    public boolean allIteratorsClosed() {
        return iterators.stream().allMatch(LedgerIterator::isClosed);
    }

    /** Descriptions of the iterators still open, for assertion messages. */
    public List<String> openIterators() {
        return iterators.stream().filter(i -> !i.isClosed()).map(LedgerIterator::description).toList();
    }

    /** Whether {@link FakeLedger#commit(FakeStub)} has been called for this stub. */
    public boolean isCommitted() {
        return committed;
    }

    FakeLedger ledger() {
        return ledger;
    }

    void markCommitted() {
        committed = true;
    }

    List<RangeRecord> rangeRecords() {
        return List.copyOf(ranges);
    }

    Map<String, byte[]> validationParameterWrites() {
        return copyOf(validationParameterWrites);
    }

    Map<String, Map<String, byte[]>> privateValidationParameterWrites() {
        Map<String, Map<String, byte[]>> copy = new TreeMap<>();
        privateValidationParameterWrites.forEach((c, w) -> copy.put(c, copyOf(w)));
        return copy;
    }

    // ---- arguments and proposal ----

    @Override
    public List<byte[]> getArgs() {
        return args.stream().map(a -> a.getBytes(StandardCharsets.UTF_8)).toList();
    }

    @Override
    public List<String> getStringArgs() {
        return args;
    }

    @Override
    public String getFunction() {
        return args.isEmpty() ? null : args.get(0);
    }

    @Override
    public List<String> getParameters() {
        return args.isEmpty() ? List.of() : args.subList(1, args.size());
    }

    @Override
    public String getTxId() {
        return txId;
    }

    @Override
    public String getChannelId() {
        return FakeLedger.CHANNEL_ID;
    }

    @Override
    public Instant getTxTimestamp() {
        return timestamp;
    }

    @Override
    public byte[] getCreator() {
        return creator.serialized();
    }

    /** The endorsing peer's MSP: the creator's unless {@link #onPeerOf(String)} said otherwise. */
    @Override
    public String getMspId() {
        return peerMspId;
    }

    @Override
    public Map<String, byte[]> getTransient() {
        Map<String, byte[]> copy = new LinkedHashMap<>();
        transientData.forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }

    /**
     * A proposal built from this simulation (channel header with tx id and timestamp, signature
     * header with creator and a deterministic nonce, chaincode input and transient map), signed with
     * the creator's key.
     */
    @Override
    public SignedProposal getSignedProposal() {
        ChannelHeader channelHeader = ChannelHeader.newBuilder()
                .setType(HeaderType.ENDORSER_TRANSACTION_VALUE)
                .setChannelId(FakeLedger.CHANNEL_ID)
                .setTxId(txId)
                .setTimestamp(Timestamp.newBuilder()
                        .setSeconds(timestamp.getEpochSecond())
                        .setNanos(timestamp.getNano()))
                .setExtension(ChaincodeID.newBuilder().setName(FakeLedger.CHAINCODE_NAME).build().toByteString())
                .build();
        SignatureHeader signatureHeader = SignatureHeader.newBuilder()
                .setCreator(ByteString.copyFrom(creator.serialized()))
                .setNonce(ByteString.copyFrom(nonce()))
                .build();
        ChaincodeInput.Builder input = ChaincodeInput.newBuilder();
        args.forEach(a -> input.addArgs(ByteString.copyFromUtf8(a)));
        ChaincodeInvocationSpec invocation = ChaincodeInvocationSpec.newBuilder()
                .setChaincodeSpec(ChaincodeSpec.newBuilder()
                        .setType(ChaincodeSpec.Type.JAVA)
                        .setChaincodeId(ChaincodeID.newBuilder().setName(FakeLedger.CHAINCODE_NAME))
                        .setInput(input))
                .build();
        ChaincodeProposalPayload.Builder payload = ChaincodeProposalPayload.newBuilder()
                .setInput(invocation.toByteString());
        transientData.forEach((k, v) -> payload.putTransientMap(k, ByteString.copyFrom(v)));
        Proposal proposal = Proposal.newBuilder()
                .setHeader(Header.newBuilder()
                        .setChannelHeader(channelHeader.toByteString())
                        .setSignatureHeader(signatureHeader.toByteString())
                        .build()
                        .toByteString())
                .setPayload(payload.build().toByteString())
                .build();
        byte[] proposalBytes = proposal.toByteArray();
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(creator.privateKey());
            signer.update(proposalBytes);
            return SignedProposal.newBuilder()
                    .setProposalBytes(ByteString.copyFrom(proposalBytes))
                    .setSignature(ByteString.copyFrom(signer.sign()))
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the proposal of " + txId, e);
        }
    }

    /** Fabric's binding: SHA-256 of nonce, creator and epoch (0, little-endian). */
    @Override
    public byte[] getBinding() {
        byte[] epoch = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(0).array();
        MessageDigest sha = sha256();
        sha.update(nonce());
        sha.update(creator.serialized());
        sha.update(epoch);
        return sha.digest();
    }

    private byte[] nonce() {
        byte[] digest = sha256().digest(("fedledger-fake-nonce-" + sequence).getBytes(StandardCharsets.UTF_8));
        byte[] nonce = new byte[24];
        System.arraycopy(digest, 0, nonce, 0, nonce.length);
        return nonce;
    }

    // ---- public state ----

    @Override
    public byte[] getState(String key) {
        Keys.checkReadable(key);
        FakeLedger.Versioned v = ledger.committed(key);
        reads.putIfAbsent(key, v == null ? Optional.empty() : Optional.of(v.version()));
        return v == null ? new byte[0] : v.value().clone();
    }

    @Override
    public void putState(String key, byte[] value) {
        Keys.checkWritable(key);
        Objects.requireNonNull(value, "value cannot be null");
        checkWriteAllowed();
        writes.put(key, value.clone());
    }

    @Override
    public void delState(String key) {
        Keys.checkWritable(key);
        checkWriteAllowed();
        writes.put(key, new byte[0]);
    }

    @Override
    public byte[] getStateValidationParameter(String key) {
        getState(key); // a metadata read is part of the read set
        return ledger.validationParameter(key);
    }

    @Override
    public void setStateValidationParameter(String key, byte[] value) {
        Keys.checkWritable(key);
        Objects.requireNonNull(value, "value cannot be null");
        checkWriteAllowed();
        validationParameterWrites.put(key, value.clone());
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByRange(String startKey, String endKey) {
        String start = startKey == null || startKey.isEmpty() ? Keys.UNSPECIFIED_START : startKey;
        String end = endKey == null ? Keys.UNBOUNDED : endKey;
        checkRangeKeys(start, end);
        return rangeIterator("getStateByRange(" + start + ", " + end + ")", start, end);
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getStateByRangeWithPagination(String startKey, String endKey,
            int pageSize, String bookmark) {
        String start = startKey == null || startKey.isEmpty() ? Keys.UNSPECIFIED_START : startKey;
        String end = endKey == null ? Keys.UNBOUNDED : endKey;
        checkRangeKeys(start, end);
        return page("getStateByRangeWithPagination(" + start + ", " + end + ")", start, end, pageSize, bookmark);
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(String compositeKey) {
        Objects.requireNonNull(compositeKey, "compositeKey");
        String prefix = compositeKey.startsWith(CompositeKey.NAMESPACE)
                ? compositeKey
                : new CompositeKey(compositeKey).toString();
        Keys.checkUtf8(prefix, "partial composite key");
        return rangeIterator("getStateByPartialCompositeKey(" + printable(prefix) + ")", prefix,
                prefix + Keys.MAX_UNICODE_RUNE);
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(String objectType, String... attributes) {
        return getStateByPartialCompositeKey(createCompositeKey(objectType, attributes));
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(CompositeKey compositeKey) {
        Objects.requireNonNull(compositeKey, "compositeKey");
        return getStateByPartialCompositeKey(compositeKey.toString());
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getStateByPartialCompositeKeyWithPagination(
            CompositeKey compositeKey, int pageSize, String bookmark) {
        Objects.requireNonNull(compositeKey, "compositeKey");
        String prefix = compositeKey.toString();
        Keys.checkUtf8(prefix, "partial composite key");
        return page("getStateByPartialCompositeKeyWithPagination(" + printable(prefix) + ")", prefix,
                prefix + Keys.MAX_UNICODE_RUNE, pageSize, bookmark);
    }

    @Override
    public CompositeKey createCompositeKey(String objectType, String... attributes) {
        Objects.requireNonNull(objectType, "objectType");
        checkSegment(objectType);
        for (String attribute : attributes) {
            checkSegment(Objects.requireNonNull(attribute, "composite key attribute"));
        }
        return new CompositeKey(objectType, attributes);
    }

    @Override
    public CompositeKey splitCompositeKey(String compositeKey) {
        return CompositeKey.parseCompositeKey(compositeKey);
    }

    @Override
    public QueryResultsIterator<KeyValue> getQueryResult(String query) {
        throw new IllegalStateException(NO_RICH_QUERIES);
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getQueryResultWithPagination(String query, int pageSize,
            String bookmark) {
        throw new IllegalStateException(NO_RICH_QUERIES);
    }

    /** The committed history of a public key, newest first, as a closeable iterator. */
    @Override
    public QueryResultsIterator<KeyModification> getHistoryForKey(String key) {
        Keys.checkReadable(key);
        List<KeyModification> newestFirst = new ArrayList<>(ledger.history(key));
        Collections.reverse(newestFirst);
        return track(new LedgerIterator<>("getHistoryForKey(" + printable(key) + ")", newestFirst,
                LedgerIterator.Progress.NONE, null));
    }

    // ---- private data ----

    @Override
    public byte[] getPrivateData(String collection, String key) {
        Keys.checkCollection(collection);
        Keys.checkReadable(key);
        FakeLedger.Versioned v = ledger.committedPrivate(collection, key);
        recordPrivateRead(collection, key, v);
        return v == null ? new byte[0] : v.value().clone();
    }

    /** SHA-256 of the committed private value; empty when the key is absent. */
    @Override
    public byte[] getPrivateDataHash(String collection, String key) {
        Keys.checkCollection(collection);
        Keys.checkReadable(key);
        FakeLedger.Versioned v = ledger.committedPrivate(collection, key);
        recordPrivateRead(collection, key, v);
        return v == null ? new byte[0] : sha256().digest(v.value());
    }

    @Override
    public byte[] getPrivateDataValidationParameter(String collection, String key) {
        getPrivateData(collection, key);
        return ledger.privateValidationParameter(collection, key);
    }

    @Override
    public void putPrivateData(String collection, String key, byte[] value) {
        Keys.checkCollection(collection);
        Keys.checkWritable(key);
        Objects.requireNonNull(value, "value cannot be null");
        checkWriteAllowed();
        privateWrites.computeIfAbsent(collection, c -> new TreeMap<>(Keys.ORDER)).put(key, value.clone());
    }

    @Override
    public void setPrivateDataValidationParameter(String collection, String key, byte[] value) {
        Keys.checkCollection(collection);
        Keys.checkWritable(key);
        Objects.requireNonNull(value, "value cannot be null");
        checkWriteAllowed();
        privateValidationParameterWrites.computeIfAbsent(collection, c -> new TreeMap<>(Keys.ORDER))
                .put(key, value.clone());
    }

    @Override
    public void delPrivateData(String collection, String key) {
        Keys.checkCollection(collection);
        Keys.checkWritable(key);
        checkWriteAllowed();
        privateWrites.computeIfAbsent(collection, c -> new TreeMap<>(Keys.ORDER)).put(key, new byte[0]);
    }

    /** Removes the key from the collection at commit; the fake keeps no private history, so this acts as a delete. */
    @Override
    public void purgePrivateData(String collection, String key) {
        delPrivateData(collection, key);
    }

    /** A range over committed private data; like Fabric, not re-validated for phantoms at commit. */
    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByRange(String collection, String startKey, String endKey) {
        Keys.checkCollection(collection);
        String start = startKey == null || startKey.isEmpty() ? Keys.UNSPECIFIED_START : startKey;
        String end = endKey == null ? Keys.UNBOUNDED : endKey;
        checkRangeKeys(start, end);
        return privateRangeIterator(collection, "getPrivateDataByRange(" + collection + ", " + start + ", " + end
                + ")", start, end);
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(String collection,
            String compositeKey) {
        Keys.checkCollection(collection);
        Objects.requireNonNull(compositeKey, "compositeKey");
        String prefix = compositeKey.startsWith(CompositeKey.NAMESPACE)
                ? compositeKey
                : new CompositeKey(compositeKey).toString();
        Keys.checkUtf8(prefix, "partial composite key");
        return privateRangeIterator(collection, "getPrivateDataByPartialCompositeKey(" + collection + ", "
                + printable(prefix) + ")", prefix, prefix + Keys.MAX_UNICODE_RUNE);
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(String collection,
            CompositeKey prefix) {
        Objects.requireNonNull(prefix, "prefix");
        return getPrivateDataByPartialCompositeKey(collection, prefix.toString());
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(String collection, String objectType,
            String... attributes) {
        return getPrivateDataByPartialCompositeKey(collection, createCompositeKey(objectType, attributes));
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataQueryResult(String collection, String query) {
        throw new IllegalStateException(NO_RICH_QUERIES);
    }

    // ---- events and other chaincodes ----

    /** Sets the transaction's event; a later call replaces an earlier one, as in Fabric. */
    @Override
    public void setEvent(String name, byte[] payload) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("event name can not be nil string");
        }
        eventName = name;
        eventPayload = payload == null ? new byte[0] : payload.clone();
    }

    /** The event as the shim's proto, or {@code null} when none was set (as the shim does). */
    @Override
    public ChaincodeEvent getEvent() {
        if (eventName == null) {
            return null;
        }
        return ChaincodeEvent.newBuilder()
                .setChaincodeId(FakeLedger.CHAINCODE_NAME)
                .setTxId(txId)
                .setEventName(eventName)
                .setPayload(ByteString.copyFrom(eventPayload))
                .build();
    }

    @Override
    public Chaincode.Response invokeChaincode(String chaincodeName, List<byte[]> args, String channel) {
        throw new IllegalStateException("invokeChaincode" + NOT_AVAILABLE
                + ": the fake ledger holds a single chaincode (called " + chaincodeName + ")");
    }

    // ---- helpers ----

    private QueryResultsIterator<KeyValue> rangeIterator(String description, String start, String end) {
        RangeRecord record = new RangeRecord(start, end, ledger.range(start, end));
        ranges.add(record);
        return track(new LedgerIterator<>(description, toKeyValues(record.entries), record.progress(), null));
    }

    private QueryResultsIterator<KeyValue> privateRangeIterator(String collection, String description, String start,
            String end) {
        List<Map.Entry<String, FakeLedger.Versioned>> entries = ledger.privateRange(collection, start, end);
        entries.forEach(e -> recordPrivateRead(collection, e.getKey(), e.getValue()));
        return track(new LedgerIterator<>(description, toKeyValues(entries), LedgerIterator.Progress.NONE, null));
    }

    private QueryResultsIteratorWithMetadata<KeyValue> page(String description, String start, String end,
            int pageSize, String bookmark) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be positive, was " + pageSize);
        }
        if (!writes.isEmpty() || !privateWrites.isEmpty()) {
            throw new IllegalStateException(
                    "txid [" + txId + "]: paginated queries are only valid for read-only transactions");
        }
        paginatedQueryPerformed = true;
        String from = bookmark == null || bookmark.isEmpty() ? start : Keys.successor(bookmark);
        if (Keys.ORDER.compare(from, start) < 0) {
            from = start;
        }
        List<Map.Entry<String, FakeLedger.Versioned>> all = ledger.range(from, end);
        List<Map.Entry<String, FakeLedger.Versioned>> pageEntries = all.subList(0, Math.min(pageSize, all.size()));
        boolean more = all.size() > pageEntries.size();
        // The page covers [from, next key not returned): that is what is validated at commit.
        String pageEnd = more ? all.get(pageEntries.size()).getKey() : end;
        RangeRecord record = new RangeRecord(from, pageEnd, pageEntries);
        ranges.add(record);
        QueryResponseMetadata metadata = QueryResponseMetadata.newBuilder()
                .setFetchedRecordsCount(pageEntries.size())
                .setBookmark(more ? pageEntries.get(pageEntries.size() - 1).getKey() : "")
                .build();
        return track(new LedgerIterator<>(description, toKeyValues(pageEntries), record.progress(), metadata));
    }

    private <T> LedgerIterator<T> track(LedgerIterator<T> iterator) {
        iterators.add(iterator);
        return iterator;
    }

    private void recordPrivateRead(String collection, String key, FakeLedger.Versioned v) {
        privateReads.computeIfAbsent(collection, c -> new LinkedHashMap<>())
                .putIfAbsent(key, v == null ? Optional.empty() : Optional.of(v.version()));
    }

    private void checkWriteAllowed() {
        if (paginatedQueryPerformed) {
            throw new IllegalStateException("txid [" + txId
                    + "]: transaction has already performed a paginated query. Writes are not allowed");
        }
    }

    private static void checkRangeKeys(String start, String end) {
        Keys.checkUtf8(start, "start key");
        Keys.checkUtf8(end, "end key");
        CompositeKey.validateSimpleKeys(start, end);
    }

    private static void checkSegment(String segment) {
        Keys.checkUtf8(segment, "composite key segment");
        if (segment.indexOf('\u0000') >= 0 || segment.contains(Keys.MAX_UNICODE_RUNE)) {
            throw new IllegalArgumentException(
                    "composite key segment must not contain U+0000 or U+10FFFF: " + printable(segment));
        }
    }

    private static List<KeyValue> toKeyValues(List<Map.Entry<String, FakeLedger.Versioned>> entries) {
        return entries.stream().<KeyValue>map(e -> new Kv(e.getKey(), e.getValue().value())).toList();
    }

    private static Map<String, byte[]> copyOf(Map<String, byte[]> map) {
        Map<String, byte[]> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(k, v.clone()));
        return Collections.unmodifiableMap(copy);
    }

    private static String printable(String key) {
        return key.replace("\u0000", "\\u0000").replace(Keys.MAX_UNICODE_RUNE, "\\U0010FFFF");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** A key and its committed value. */
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

        @Override
        public String toString() {
            return "KeyValue{" + printable(key) + "=" + getStringValue() + "}";
        }
    }

    @Override
    public String toString() {
        return "FakeStub{txId=" + txId + ", creator=" + creator.id() + ", timestamp=" + timestamp
                + ", args=" + args + ", writes=" + writes.keySet().stream().map(FakeStub::printable).toList() + "}";
    }
}

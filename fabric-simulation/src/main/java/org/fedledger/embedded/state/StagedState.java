package org.fedledger.embedded.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * The committed state as the block being validated leaves it so far: the committed versions,
 * overlaid with the versions written by the block's earlier valid transactions. The committer checks
 * each transaction's reads against it (MVCC and phantom reads in block order) without changing the
 * committed state, so the block can be written to disk before the state's write lock is taken and the
 * block applied, as Fabric's peer validates a block with an update batch, stores it, then commits the
 * batch to its state database.
 *
 * <p>Only the committing thread uses a staged state, and the committed state changes only on that
 * thread, so it reads the committed state without the lock.
 *
 * <pre>{@code
 * StagedState staged = new StagedState(state);
 * if (staged.version(key).equals(readVersion)) { staged.stage(rw, new Version(block, tx)); }
 * }</pre>
 */
public final class StagedState {
    private final WorldState committed;
    /** Public keys written by the block so far: the new version, or empty for a delete. */
    private final TreeMap<String, Optional<Version>> staged = new TreeMap<>(KeyOrder.COMPARATOR);
    private final Map<String, Map<String, Optional<Version>>> stagedPrivate = new HashMap<>();

    /** @param committed the committed state the block builds on */
    public StagedState(WorldState committed) {
        this.committed = Objects.requireNonNull(committed, "committed");
    }

    /**
     * Records a valid transaction's writes.
     *
     * @param rw its read-write set
     * @param version its version (block, position)
     */
    public void stage(ReadWriteSet rw, Version version) {
        rw.writes().forEach((key, value) -> staged.put(key, value.length == 0 ? Optional.empty() : Optional.of(version)));
        rw.privateWrites().forEach((collection, writes) -> writes.forEach((key, value) -> stagedPrivate
                .computeIfAbsent(collection, c -> new HashMap<>())
                .put(key, value.length == 0 ? Optional.empty() : Optional.of(version))));
    }

    /** @return the version of a public key; empty when absent or deleted */
    public Optional<Version> version(String key) {
        Optional<Version> written = staged.get(key);
        return written != null ? written : committed.get(key).map(Versioned::version);
    }

    /** @return the version of a private key; empty when absent or deleted */
    public Optional<Version> privateVersion(String collection, String key) {
        Optional<Version> written = stagedPrivate.getOrDefault(collection, Map.of()).get(key);
        return written != null ? written : committed.privateVersion(collection, key);
    }

    /**
     * @param start first key, inclusive
     * @param end last key, exclusive; empty for no bound
     * @param last the last key to return, inclusive; empty for the whole range
     * @return the keys present in the range, with their versions, in key order
     */
    public List<RangeRead.KeyVersion> range(String start, String end, Optional<String> last) {
        NavigableMap<String, Versioned> base = committed.range(start, end);
        NavigableMap<String, Optional<Version>> written = end.isEmpty() ? staged.tailMap(start, true)
                : staged.subMap(start, true, end, false);
        List<RangeRead.KeyVersion> out = new ArrayList<>();
        Iterator<Map.Entry<String, Versioned>> b = base.entrySet().iterator();
        Iterator<Map.Entry<String, Optional<Version>>> w = written.entrySet().iterator();
        Map.Entry<String, Versioned> nextBase = b.hasNext() ? b.next() : null;
        Map.Entry<String, Optional<Version>> nextWritten = w.hasNext() ? w.next() : null;
        while (nextBase != null || nextWritten != null) {
            int order = nextBase == null ? 1 : nextWritten == null ? -1
                    : KeyOrder.COMPARATOR.compare(nextBase.getKey(), nextWritten.getKey());
            String key = order <= 0 ? nextBase.getKey() : nextWritten.getKey();
            if (last.isPresent() && KeyOrder.COMPARATOR.compare(key, last.get()) > 0) {
                break;
            }
            // A key the block wrote shadows its committed version; a key it deleted is gone.
            Optional<Version> version = order < 0 ? Optional.of(nextBase.getValue().version()) : nextWritten.getValue();
            version.ifPresent(v -> out.add(new RangeRead.KeyVersion(key, v)));
            if (order <= 0) {
                nextBase = b.hasNext() ? b.next() : null;
            }
            if (order >= 0) {
                nextWritten = w.hasNext() ? w.next() : null;
            }
        }
        return out;
    }

    /**
     * A committing peer's MVCC and phantom checks of one transaction against the state as the
     * block's earlier valid transactions left it: every key read must still have the version read,
     * and every public range read must still hold the same keys and versions (an iterator not read
     * to its end is checked up to the last key it returned).
     *
     * @param rw the transaction's read-write set
     * @return {@code VALID}, {@code MVCC_READ_CONFLICT} or {@code PHANTOM_READ_CONFLICT}
     */
    public TxValidationCode check(ReadWriteSet rw) {
        for (Map.Entry<String, Optional<Version>> read : rw.reads().entrySet()) {
            if (!version(read.getKey()).equals(read.getValue())) {
                return TxValidationCode.MVCC_READ_CONFLICT;
            }
        }
        for (var collection : rw.privateReads().entrySet()) {
            for (Map.Entry<String, Optional<Version>> read : collection.getValue().entrySet()) {
                if (!privateVersion(collection.getKey(), read.getKey()).equals(read.getValue())) {
                    return TxValidationCode.MVCC_READ_CONFLICT;
                }
            }
        }
        for (RangeRead range : rw.ranges()) {
            if (!range.exhausted() && range.results().isEmpty()) {
                continue;
            }
            Optional<String> last = range.exhausted() ? Optional.empty()
                    : Optional.of(range.results().get(range.results().size() - 1).key());
            if (!range(range.start(), range.end(), last).equals(range.results())) {
                return TxValidationCode.PHANTOM_READ_CONFLICT;
            }
        }
        return TxValidationCode.VALID;
    }
}

package org.fedledger.embedded.state;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The committed state every peer derives from the same blocks: public keys with their versions and
 * history, and the private data collections. Private values are kept per organisation, only by the
 * collection's members; every organisation knows each private key's version and value hash (as
 * Fabric's peers keep the hashed private state).
 *
 * <p>Simulations hold the {@link #lock()}'s read lock while they run; the committer holds the write
 * lock while it applies a block, as Fabric's lock-based transaction manager does.
 *
 * <pre>{@code
 * state.lock().readLock().lock();
 * try { state.get(key); } finally { state.lock().readLock().unlock(); }
 * }</pre>
 */
public final class WorldState {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final TreeMap<String, Versioned> values = new TreeMap<>(KeyOrder.COMPARATOR);
    private final Map<String, List<HistoryEntry>> history = new HashMap<>();
    private final Map<String, TreeMap<String, Version>> privateVersions = new HashMap<>();
    private final Map<String, Map<String, byte[]>> privateHashes = new HashMap<>();
    private final Map<String, Map<String, TreeMap<String, byte[]>>> privateValues = new HashMap<>();
    private final Map<String, Set<String>> collectionMembers;

    /**
     * @param collectionMembers for each private data collection, the MSP ids of its member organisations
     */
    public WorldState(Map<String, Set<String>> collectionMembers) {
        Map<String, Set<String>> copy = new HashMap<>();
        collectionMembers.forEach((c, m) -> copy.put(c, Set.copyOf(m)));
        this.collectionMembers = Map.copyOf(copy);
    }

    /** @return the lock: read for simulation and queries, write for commit */
    public ReentrantReadWriteLock lock() {
        return lock;
    }

    /** @return the committed value of a public key */
    public Optional<Versioned> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /**
     * @param start first key, inclusive
     * @param end last key, exclusive; empty for no bound
     * @return the committed keys in the range, in key order (a live view: read it under the lock)
     */
    public NavigableMap<String, Versioned> range(String start, String end) {
        return end.isEmpty() ? values.tailMap(start, true) : values.subMap(start, true, end, false);
    }

    /** @return the committed writes of a public key, newest first */
    public List<HistoryEntry> history(String key) {
        List<HistoryEntry> h = new ArrayList<>(history.getOrDefault(key, List.of()));
        java.util.Collections.reverse(h);
        return h;
    }

    /** @return whether {@code mspId} is a member of {@code collection} */
    public boolean isMember(String collection, String mspId) {
        return collectionMembers.getOrDefault(collection, Set.of()).contains(mspId);
    }

    /** @return whether the collection is defined */
    public boolean hasCollection(String collection) {
        return collectionMembers.containsKey(collection);
    }

    /** @return the version of a private key, known to every organisation */
    public Optional<Version> privateVersion(String collection, String key) {
        TreeMap<String, Version> versions = privateVersions.get(collection);
        return Optional.ofNullable(versions == null ? null : versions.get(key));
    }

    /** @return the SHA-256 of a private value, known to every organisation */
    public Optional<byte[]> privateHash(String collection, String key) {
        Map<String, byte[]> hashes = privateHashes.get(collection);
        return Optional.ofNullable(hashes == null ? null : hashes.get(key));
    }

    /** @return the private value as {@code mspId}'s peer holds it: empty for a non-member */
    public Optional<byte[]> privateValue(String mspId, String collection, String key) {
        return Optional.ofNullable(storeOrEmpty(mspId, collection).get(key));
    }

    /** @return {@code mspId}'s private values of a collection in a key range (a live view) */
    public NavigableMap<String, byte[]> privateRange(String mspId, String collection, String start, String end) {
        TreeMap<String, byte[]> store = storeOrEmpty(mspId, collection);
        return end.isEmpty() ? store.tailMap(start, true) : store.subMap(start, true, end, false);
    }

    /**
     * Applies a valid transaction's writes; the caller holds the write lock.
     *
     * @param rw the transaction's read-write set (with private values, if this ledger has them)
     * @param version the transaction's version
     * @param txId its id, for key history
     * @param timestamp its timestamp, for key history
     */
    public void apply(ReadWriteSet rw, Version version, String txId, Instant timestamp) {
        Objects.requireNonNull(version, "version");
        rw.writes().forEach((key, value) -> {
            if (value.length == 0) {
                values.remove(key);
            } else {
                values.put(key, new Versioned(value.clone(), version));
            }
            history.computeIfAbsent(key, k -> new ArrayList<>()).add(new HistoryEntry(txId, timestamp, value.clone(),
                    value.length == 0));
        });
        rw.privateWrites().forEach((collection, writes) -> writes.forEach((key, value) -> {
            TreeMap<String, Version> versions = privateVersions.computeIfAbsent(collection, c -> new TreeMap<>(KeyOrder.COMPARATOR));
            Map<String, byte[]> hashes = privateHashes.computeIfAbsent(collection, c -> new HashMap<>());
            if (value.length == 0) {
                versions.remove(key);
                hashes.remove(key);
            } else {
                versions.put(key, version);
                hashes.put(key, sha256(value));
            }
            for (String member : collectionMembers.getOrDefault(collection, Set.of())) {
                TreeMap<String, byte[]> store = privateStore(member, collection);
                if (value.length == 0) {
                    store.remove(key);
                } else {
                    store.put(key, value.clone());
                }
            }
        }));
    }

    private TreeMap<String, byte[]> storeOrEmpty(String mspId, String collection) {
        // Readers share the read lock: look up without creating anything.
        TreeMap<String, byte[]> store = privateValues.getOrDefault(mspId, Map.of()).get(collection);
        return store == null ? new TreeMap<>(KeyOrder.COMPARATOR) : store;
    }

    private TreeMap<String, byte[]> privateStore(String mspId, String collection) {
        return privateValues.computeIfAbsent(mspId, m -> new HashMap<>())
                .computeIfAbsent(collection, c -> new TreeMap<>(KeyOrder.COMPARATOR));
    }

    /** @return the SHA-256 of {@code bytes} */
    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}

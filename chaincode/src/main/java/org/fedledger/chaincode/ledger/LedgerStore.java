package org.fedledger.chaincode.ledger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.fedledger.core.json.CanonicalJson;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;

/**
 * The public world state as typed records: every value is written and read through fl-core's
 * {@link CanonicalJson} (sorted keys, no whitespace), so every endorsing peer writes the same bytes.
 * Range reads go over composite-key prefixes (LevelDB has no rich queries) and close their iterator.
 *
 * <pre>{@code
 * LedgerStore store = new LedgerStore(stub);
 * Optional<TaskRecord> task = store.get(Keys.task("mnist"), TaskRecord.class);
 * store.put(Keys.task("mnist"), task.orElseThrow().withLastRound(1));
 * }</pre>
 */
public final class LedgerStore {
    private final ChaincodeStub stub;

    /** @param stub the transaction's stub */
    public LedgerStore(ChaincodeStub stub) {
        this.stub = Objects.requireNonNull(stub, "stub");
    }

    /** @return the record under {@code key}, if any */
    public <T> Optional<T> get(String key, Class<T> type) {
        byte[] value = stub.getState(key);
        if (value == null || value.length == 0) {
            return Optional.empty();
        }
        return Optional.of(CanonicalJson.fromJson(new String(value, StandardCharsets.UTF_8), type));
    }

    /** @return the raw value under {@code key}; empty array when absent */
    public byte[] raw(String key) {
        byte[] value = stub.getState(key);
        return value == null ? new byte[0] : value;
    }

    /** @return whether a value exists under {@code key} */
    public boolean exists(String key) {
        byte[] value = stub.getState(key);
        return value != null && value.length > 0;
    }

    /** Writes {@code record} as canonical JSON under {@code key}. */
    public void put(String key, Object record) {
        stub.putState(key, CanonicalJson.toBytes(record));
    }

    /** Writes a non-empty raw value (Fabric treats an empty value as a delete). */
    public void putRaw(String key, byte[] value) {
        if (value.length == 0) {
            throw new IllegalArgumentException("Fabric deletes a key written with an empty value");
        }
        stub.putState(key, value);
    }

    /**
     * @return every record whose key starts with {@code objectType} and {@code attributes}, in key order
     */
    public <T> List<T> list(String objectType, Class<T> type, String... attributes) {
        List<T> out = new ArrayList<>();
        try (QueryResultsIterator<KeyValue> it = stub.getStateByPartialCompositeKey(objectType, attributes)) {
            for (KeyValue kv : it) {
                out.add(CanonicalJson.fromJson(new String(kv.getValue(), StandardCharsets.UTF_8), type));
            }
        } catch (Exception e) {
            throw rethrow(e);
        }
        return out;
    }

    /**
     * @return the raw values whose key starts with {@code objectType} and {@code attributes}, in key order
     */
    public List<byte[]> listRaw(String objectType, String... attributes) {
        List<byte[]> out = new ArrayList<>();
        try (QueryResultsIterator<KeyValue> it = stub.getStateByPartialCompositeKey(objectType, attributes)) {
            for (KeyValue kv : it) {
                out.add(kv.getValue());
            }
        } catch (Exception e) {
            throw rethrow(e);
        }
        return out;
    }

    static RuntimeException rethrow(Exception e) {
        // QueryResultsIterator.close() declares Exception; everything else here is unchecked.
        return e instanceof RuntimeException re ? re : new IllegalStateException("closing a ledger iterator failed", e);
    }
}

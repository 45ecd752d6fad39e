package org.fedledger.chaincode.ledger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.record.TaskRecord;
import org.fedledger.protocol.record.RecordJson;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;

/**
 * The public world state as typed records: every value is written and read through the protocol's
 * {@link RecordJson} (canonical JSON out, strict binding in), so every endorsing peer writes the same
 * bytes and a record that does not fit its type is never half-read.
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

    /**
     * @param key the ledger key
     * @param type the record type
     * @param <T> the record type
     * @return the record under {@code key}, if any
     */
    public <T extends Record> Optional<T> get(String key, Class<T> type) {
        byte[] value = stub.getState(key);
        if (value == null || value.length == 0) {
            return Optional.empty();
        }
        return Optional.of(RecordJson.read(new String(value, StandardCharsets.UTF_8), type));
    }

    /**
     * @param key the ledger key
     * @return whether a value exists under {@code key}
     */
    public boolean exists(String key) {
        byte[] value = stub.getState(key);
        return value != null && value.length > 0;
    }

    /**
     * Writes {@code record} as canonical JSON under {@code key}.
     *
     * @param key the ledger key
     * @param record the record
     */
    public void put(String key, Record record) {
        stub.putState(key, RecordJson.toBytes(record));
    }

    /**
     * Deletes a key; its history keeps every value it had.
     *
     * @param key the ledger key
     */
    public void delete(String key) {
        stub.delState(key);
    }

    /**
     * Writes a non-empty raw value (Fabric treats an empty value as a delete).
     *
     * @param key the ledger key
     * @param value the bytes to store, not empty
     */
    public void putRaw(String key, byte[] value) {
        if (value.length == 0) {
            throw new IllegalArgumentException("Fabric deletes a key written with an empty value");
        }
        stub.putState(key, value);
    }

    /**
     * @param objectType the composite-key object type
     * @param type the record type
     * @param attributes the key attributes
     * @param <T> the record type
     * @return every record whose key starts with {@code objectType} and {@code attributes}, in key order
     */
    public <T extends Record> List<T> list(String objectType, Class<T> type, String... attributes) {
        List<T> out = new ArrayList<>();
        try (QueryResultsIterator<KeyValue> it = stub.getStateByPartialCompositeKey(objectType, attributes)) {
            for (KeyValue kv : it) {
                out.add(RecordJson.read(new String(kv.getValue(), StandardCharsets.UTF_8), type));
            }
        } catch (Exception e) {
            throw rethrow(e);
        }
        return out;
    }

    /**
     * @param objectType the composite-key object type
     * @param attributes the key attributes
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

package org.fedledger.embedded.block;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The private values written by a block's transactions, kept beside the block and outside its
 * hash (on Fabric they live in each member peer's private data store, not in the block).
 *
 * <pre>{@code
 * byte[] bytes = PrivateData.of(block).encode();
 * }</pre>
 *
 * @param byTransaction for each transaction index that wrote private data, its writes per collection
 */
public record PrivateData(Map<Integer, SortedMap<String, SortedMap<String, byte[]>>> byTransaction) {
    /** Copies the map. */
    public PrivateData {
        byTransaction = Collections.unmodifiableMap(new TreeMap<>(byTransaction));
    }

    /** @return no private data */
    public static PrivateData none() {
        return new PrivateData(Map.of());
    }

    /** @return the private writes of {@code block}'s valid transactions */
    public static PrivateData of(Block block) {
        Map<Integer, SortedMap<String, SortedMap<String, byte[]>>> m = new TreeMap<>();
        List<Transaction> txs = block.transactions();
        for (int i = 0; i < txs.size(); i++) {
            if (block.validationCodes().get(i) == org.hyperledger.fabric.protos.peer.TxValidationCode.VALID
                    && !txs.get(i).result().readWriteSet().privateWrites().isEmpty()) {
                m.put(i, txs.get(i).privateWrites());
            }
        }
        return new PrivateData(m);
    }

    /** @return the private writes of transaction {@code index}, if it made any */
    public Optional<SortedMap<String, SortedMap<String, byte[]>>> of(int index) {
        return Optional.ofNullable(byTransaction.get(index));
    }

    /** @return the encoding */
    public byte[] encode() {
        Wire.Writer w = new Wire.Writer().int32(byTransaction.size());
        byTransaction.forEach((i, writes) -> {
            w.int32(i).int32(writes.size());
            writes.forEach((c, kv) -> {
                w.text(c);
                Wire.map(w, kv);
            });
        });
        return w.toByteArray();
    }

    /**
     * @param bytes an encoding by {@link #encode()}
     * @return the private data
     * @throws Wire.WireException when the bytes are not one
     */
    public static PrivateData decode(byte[] bytes) {
        Wire.Reader r = new Wire.Reader(bytes);
        Map<Integer, SortedMap<String, SortedMap<String, byte[]>>> m = new TreeMap<>();
        for (int n = r.count(1_000_000); n > 0; n--) {
            int index = r.count(1_000_000);
            SortedMap<String, SortedMap<String, byte[]>> writes = new TreeMap<>(org.fedledger.embedded.state.KeyOrder.COMPARATOR);
            for (int c = r.count(1_000_000); c > 0; c--) {
                String collection = r.text();
                SortedMap<String, byte[]> kv = new TreeMap<>(org.fedledger.embedded.state.KeyOrder.COMPARATOR);
                for (int k = r.count(Wire.MAX_LENGTH); k > 0; k--) {
                    kv.put(r.text(), r.bytes());
                }
                writes.put(collection, kv);
            }
            m.put(index, writes);
        }
        if (r.available() != 0) {
            throw new Wire.WireException(r.available() + " bytes after the private data's end", null);
        }
        return new PrivateData(m);
    }
}

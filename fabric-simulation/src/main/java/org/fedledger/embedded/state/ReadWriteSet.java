package org.fedledger.embedded.state;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one simulation read and wrote, as Fabric's read-write set: public reads with the version
 * read (empty when the key was absent), range reads, public writes (an empty value is a delete),
 * and per collection the private reads and writes. Maps are sorted by key (code-point order), so
 * two simulations that did the same thing have equal sets.
 *
 * <pre>{@code
 * ReadWriteSet rw = stub.readWriteSet();
 * rw.writes().keySet();
 * }</pre>
 *
 * @param reads public keys read and the version seen
 * @param ranges public range reads
 * @param writes public writes
 * @param privateReads per collection, private keys read and the version seen
 * @param privateWrites per collection, private writes
 */
public record ReadWriteSet(SortedMap<String, Optional<Version>> reads, List<RangeRead> ranges,
        SortedMap<String, byte[]> writes, SortedMap<String, SortedMap<String, Optional<Version>>> privateReads,
        SortedMap<String, SortedMap<String, byte[]>> privateWrites) {

    /** Copies every part into unmodifiable sorted maps. */
    public ReadWriteSet {
        reads = frozen(reads);
        ranges = List.copyOf(ranges);
        writes = frozen(writes);
        SortedMap<String, SortedMap<String, Optional<Version>>> pr = new TreeMap<>(KeyOrder.COMPARATOR);
        Objects.requireNonNull(privateReads, "privateReads").forEach((c, m) -> pr.put(c, frozen(m)));
        privateReads = Collections.unmodifiableSortedMap(pr);
        SortedMap<String, SortedMap<String, byte[]>> pw = new TreeMap<>(KeyOrder.COMPARATOR);
        Objects.requireNonNull(privateWrites, "privateWrites").forEach((c, m) -> pw.put(c, frozen(m)));
        privateWrites = Collections.unmodifiableSortedMap(pw);
    }

    /** @return an empty set: a query that read nothing */
    public static ReadWriteSet empty() {
        return new ReadWriteSet(new TreeMap<>(), List.of(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
    }

    /** @return whether it writes nothing, publicly or privately */
    public boolean readOnly() {
        return writes.isEmpty() && privateWrites.values().stream().allMatch(Map::isEmpty);
    }

    private static <V> SortedMap<String, V> frozen(Map<String, V> map) {
        SortedMap<String, V> copy = new TreeMap<>(KeyOrder.COMPARATOR);
        copy.putAll(Objects.requireNonNull(map, "map"));
        return Collections.unmodifiableSortedMap(copy);
    }

    @Override
    public String toString() {
        return "ReadWriteSet[reads=" + reads.size() + ", ranges=" + ranges.size() + ", writes=" + writes.size()
                + ", privateWrites=" + privateWrites.keySet() + "]";
    }
}

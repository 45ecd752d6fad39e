package org.fedledger.embedded.block;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.fedledger.embedded.state.KeyOrder;
import org.fedledger.embedded.state.RangeRead;
import org.fedledger.embedded.state.ReadWriteSet;
import org.fedledger.embedded.state.Version;
import org.fedledger.embedded.state.WorldState;

/**
 * The embedded ledger's binary encoding: big-endian integers, length-prefixed byte strings and
 * UTF-8 text, maps in key order. It is what endorsers sign (over a hash) and what the block log
 * stores, so it must be deterministic: the same values always give the same bytes.
 *
 * <pre>{@code
 * Wire.Writer w = new Wire.Writer();
 * w.text("hello").bytes(new byte[] {1});
 * byte[] encoded = w.toByteArray();
 * }</pre>
 */
public final class Wire {
    /** Longest byte string or text accepted when reading (a guard against corrupt lengths). */
    public static final int MAX_LENGTH = 256 * 1024 * 1024;

    private Wire() {
    }

    /** Encodes values in order. */
    public static final class Writer {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        private final DataOutputStream out = new DataOutputStream(buffer);

        /** Creates an empty writer. */
        public Writer() {
        }

        /** @return this, after writing {@code v} (4 bytes) */
        public Writer int32(int v) {
            try {
                out.writeInt(v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        /** @return this, after writing {@code v} (8 bytes) */
        public Writer int64(long v) {
            try {
                out.writeLong(v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        /** @return this, after writing {@code v} as one byte */
        public Writer bool(boolean v) {
            return raw(new byte[] {(byte) (v ? 1 : 0)});
        }

        /** @return this, after writing the length and the bytes */
        public Writer bytes(byte[] v) {
            int32(v.length);
            return raw(v);
        }

        /** @return this, after writing {@code v} as UTF-8 bytes */
        public Writer text(String v) {
            return bytes(v.getBytes(StandardCharsets.UTF_8));
        }

        /** @return this, after writing seconds and nanoseconds */
        public Writer instant(Instant v) {
            return int64(v.getEpochSecond()).int32(v.getNano());
        }

        /** @return this, after writing the bytes without a length */
        public Writer raw(byte[] v) {
            try {
                out.write(v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        /** @return the bytes written so far */
        public byte[] toByteArray() {
            return buffer.toByteArray();
        }
    }

    /** Decodes values in the order they were written; any inconsistency is a {@link WireException}. */
    public static final class Reader {
        private final DataInputStream in;

        /** @param bytes the encoded bytes */
        public Reader(byte[] bytes) {
            this.in = new DataInputStream(new java.io.ByteArrayInputStream(bytes));
        }

        /** @return the next 4-byte integer */
        public int int32() {
            try {
                return in.readInt();
            } catch (IOException e) {
                throw new WireException("truncated: expected a 4-byte integer", e);
            }
        }

        /** @return the next 8-byte integer */
        public long int64() {
            try {
                return in.readLong();
            } catch (IOException e) {
                throw new WireException("truncated: expected an 8-byte integer", e);
            }
        }

        /** @return the next boolean */
        public boolean bool() {
            try {
                int b = in.readUnsignedByte();
                if (b > 1) {
                    throw new WireException("a boolean byte must be 0 or 1, was " + b, null);
                }
                return b == 1;
            } catch (EOFException e) {
                throw new WireException("truncated: expected a boolean", e);
            } catch (IOException e) {
                throw new WireException("unreadable boolean", e);
            }
        }

        /** @return the next length-prefixed byte string */
        public byte[] bytes() {
            int n = int32();
            if (n < 0 || n > MAX_LENGTH || n > available()) {
                throw new WireException("a byte string claims " + n + " bytes; " + available() + " remain", null);
            }
            byte[] v = new byte[n];
            try {
                in.readFully(v);
            } catch (IOException e) {
                throw new WireException("truncated byte string", e);
            }
            return v;
        }

        /** @return the next UTF-8 text */
        public String text() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }

        /** @return the next instant */
        public Instant instant() {
            long seconds = int64();
            int nanos = int32();
            if (nanos < 0 || nanos > 999_999_999) {
                throw new WireException("nanoseconds out of range: " + nanos, null);
            }
            return Instant.ofEpochSecond(seconds, nanos);
        }

        /** @return the next count, checked to be between 0 and {@code max} */
        public int count(int max) {
            int n = int32();
            if (n < 0 || n > max) {
                throw new WireException("a count must be 0.." + max + ", was " + n, null);
            }
            return n;
        }

        /** @return how many bytes remain */
        public int available() {
            try {
                return in.available();
            } catch (IOException e) {
                throw new WireException("unreadable", e);
            }
        }
    }

    /** A byte sequence that is not a valid encoding. */
    public static final class WireException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /**
         * @param message what is wrong
         * @param cause the underlying failure, or null
         */
        public WireException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Writes a read-write set. With {@code privateValues} false, each private value is replaced by
     * its SHA-256 (what every organisation sees, and what endorsers sign); with true, the values
     * themselves are written (what a member organisation's private store keeps).
     *
     * @param w the writer
     * @param rw the set
     * @param privateValues whether to write private values rather than their hashes
     */
    public static void readWriteSet(Writer w, ReadWriteSet rw, boolean privateValues) {
        w.int32(rw.reads().size());
        rw.reads().forEach((k, v) -> optionalVersion(w.text(k), v));
        w.int32(rw.ranges().size());
        for (RangeRead r : rw.ranges()) {
            w.text(r.start()).text(r.end()).bool(r.exhausted()).int32(r.results().size());
            for (RangeRead.KeyVersion kv : r.results()) {
                version(w.text(kv.key()), kv.version());
            }
        }
        w.int32(rw.writes().size());
        rw.writes().forEach((k, v) -> w.text(k).bytes(v));
        w.int32(rw.privateReads().size());
        rw.privateReads().forEach((c, reads) -> {
            w.text(c).int32(reads.size());
            reads.forEach((k, v) -> optionalVersion(w.text(k), v));
        });
        w.int32(rw.privateWrites().size());
        rw.privateWrites().forEach((c, writes) -> {
            w.text(c).int32(writes.size());
            writes.forEach((k, v) -> w.text(k).bytes(privateValues || v.length == 0 ? v : WorldState.sha256(v)));
        });
    }

    /**
     * Reads a read-write set written by {@link #readWriteSet(Writer, ReadWriteSet, boolean)}.
     *
     * @param r the reader
     * @return the set (private values are whatever was written: values or hashes)
     */
    public static ReadWriteSet readWriteSet(Reader r) {
        int max = MAX_LENGTH;
        SortedMap<String, Optional<Version>> reads = new TreeMap<>(KeyOrder.COMPARATOR);
        for (int i = r.count(max); i > 0; i--) {
            reads.put(r.text(), optionalVersion(r));
        }
        List<RangeRead> ranges = new ArrayList<>();
        for (int i = r.count(max); i > 0; i--) {
            String start = r.text();
            String end = r.text();
            boolean exhausted = r.bool();
            List<RangeRead.KeyVersion> results = new ArrayList<>();
            for (int j = r.count(max); j > 0; j--) {
                results.add(new RangeRead.KeyVersion(r.text(), version(r)));
            }
            ranges.add(new RangeRead(start, end, results, exhausted));
        }
        SortedMap<String, byte[]> writes = new TreeMap<>(KeyOrder.COMPARATOR);
        for (int i = r.count(max); i > 0; i--) {
            writes.put(r.text(), r.bytes());
        }
        SortedMap<String, SortedMap<String, Optional<Version>>> privateReads = new TreeMap<>(KeyOrder.COMPARATOR);
        for (int i = r.count(max); i > 0; i--) {
            String c = r.text();
            SortedMap<String, Optional<Version>> m = new TreeMap<>(KeyOrder.COMPARATOR);
            for (int j = r.count(max); j > 0; j--) {
                m.put(r.text(), optionalVersion(r));
            }
            privateReads.put(c, m);
        }
        SortedMap<String, SortedMap<String, byte[]>> privateWrites = new TreeMap<>(KeyOrder.COMPARATOR);
        for (int i = r.count(max); i > 0; i--) {
            String c = r.text();
            SortedMap<String, byte[]> m = new TreeMap<>(KeyOrder.COMPARATOR);
            for (int j = r.count(max); j > 0; j--) {
                m.put(r.text(), r.bytes());
            }
            privateWrites.put(c, m);
        }
        return new ReadWriteSet(reads, ranges, writes, privateReads, privateWrites);
    }

    /**
     * Writes a map of transient-like or private entries in key order.
     *
     * @param w the writer
     * @param map the entries
     */
    public static void map(Writer w, Map<String, byte[]> map) {
        TreeMap<String, byte[]> sorted = new TreeMap<>(KeyOrder.COMPARATOR);
        sorted.putAll(map);
        w.int32(sorted.size());
        sorted.forEach((k, v) -> w.text(k).bytes(v));
    }

    private static void version(Writer w, Version v) {
        w.int64(v.block()).int32(v.tx());
    }

    private static void optionalVersion(Writer w, Optional<Version> v) {
        w.bool(v.isPresent());
        v.ifPresent(x -> version(w, x));
    }

    private static Version version(Reader r) {
        long block = r.int64();
        int tx = r.int32();
        try {
            return new Version(block, tx);
        } catch (IllegalArgumentException e) {
            throw new WireException(e.getMessage(), e);
        }
    }

    private static Optional<Version> optionalVersion(Reader r) {
        return r.bool() ? Optional.of(version(r)) : Optional.empty();
    }
}

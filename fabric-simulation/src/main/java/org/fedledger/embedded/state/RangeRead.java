package org.fedledger.embedded.state;

import java.util.List;
import java.util.Objects;

/**
 * One range query over public state during simulation, with what it returned: at commit the range
 * is read again and any difference is a phantom read ({@code PHANTOM_READ_CONFLICT}). When the
 * iterator was not read to its end, only the part up to the last key returned is checked.
 *
 * <pre>{@code
 * RangeRead r = new RangeRead("\u0000round\u0000", "\u0000round\u0000\udbff\udfff", results, true);
 * }</pre>
 *
 * @param start first key, inclusive
 * @param end last key, exclusive; empty for no bound
 * @param results the keys returned and their versions, in key order
 * @param exhausted whether the iterator was read to its end
 */
public record RangeRead(String start, String end, List<KeyVersion> results, boolean exhausted) {
    /** Checks the parts and copies the results. */
    public RangeRead {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        results = List.copyOf(results);
    }

    /**
     * A key returned by a range query and its version.
     *
     * @param key the key
     * @param version its version when read
     */
    public record KeyVersion(String key, Version version) {
        /** Checks the parts. */
        public KeyVersion {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(version, "version");
        }
    }
}

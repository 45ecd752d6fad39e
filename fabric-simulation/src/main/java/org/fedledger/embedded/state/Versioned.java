package org.fedledger.embedded.state;

import java.util.Objects;

/**
 * A committed public value and its version.
 *
 * <pre>{@code
 * Optional<Versioned> v = state.get(key);
 * }</pre>
 *
 * @param value the value (never empty: an empty write deletes the key)
 * @param version the version that wrote it
 */
public record Versioned(byte[] value, Version version) {
    /** Checks the parts; the value is shared, callers copy before handing it out. */
    public Versioned {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(version, "version");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Versioned v && java.util.Arrays.equals(v.value, value) && v.version.equals(version);
    }

    @Override
    public int hashCode() {
        return Objects.hash(java.util.Arrays.hashCode(value), version);
    }

    @Override
    public String toString() {
        return "Versioned[" + value.length + " bytes at " + version + "]";
    }
}

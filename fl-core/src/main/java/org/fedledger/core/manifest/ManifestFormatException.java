package org.fedledger.core.manifest;

import java.util.Objects;

/**
 * Thrown when an aggregation manifest, or one of its parts, is invalid: a field is missing or has an
 * out-of-range value, or an update key appears twice. The message names the field (such as
 * {@code inputs} or {@code sampleCount}) so a person can fix it.
 *
 * <pre>{@code
 * try {
 *     AggregationManifest manifest = builder.build();
 * } catch (ManifestFormatException e) {
 *     throw refuse("INVALID_ARGUMENT", "manifest field " + e.field() + ": " + e.getMessage());
 * }
 * }</pre>
 */
public final class ManifestFormatException extends IllegalArgumentException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** The manifest field that is wrong. */
    private final String field;

    /**
     * @param field the offending field as a path ({@code "round"}, {@code "inputs[0].hash"}), or
     *     {@code "$"} for the manifest as a whole
     * @param message what was wrong, for a person
     */
    public ManifestFormatException(String field, String message) {
        super(Objects.requireNonNull(field, "field") + ": " + Objects.requireNonNull(message, "message"));
        this.field = field;
    }

    /**
     * @param field as {@link #ManifestFormatException(String, String)}
     * @param message as {@link #ManifestFormatException(String, String)}
     * @param cause the underlying failure
     */
    public ManifestFormatException(String field, String message, Throwable cause) {
        this(field, message);
        initCause(cause);
    }

    /** @return the offending field as a path, or {@code "$"} for the manifest as a whole */
    public String field() {
        return field;
    }
}

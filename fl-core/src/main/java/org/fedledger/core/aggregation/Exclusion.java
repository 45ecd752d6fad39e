package org.fedledger.core.aggregation;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An input left out of an aggregation, with a stable reason code (see {@link ExclusionReason}).
 * A manifest lists every exclusion, so nothing is dropped silently.
 *
 * <pre>{@code
 * Exclusion e = new Exclusion("update-c", ExclusionReason.KRUM_REJECTED);
 * }</pre>
 *
 * @param id the input's id
 * @param reason lower-case reason code such as {@code krum_rejected}
 */
public record Exclusion(String id, String reason) {
    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    /**
     * Checks every component.
     *
     * @param id the input's id
     * @param reason lower-case reason code
     * @throws NullPointerException when a component is null
     * @throws IllegalArgumentException when {@code reason} is not 1-64 characters of {@code [a-z0-9_]}
     *     starting with a letter
     */
    public Exclusion {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(reason, "reason");
        if (!CODE.matcher(reason).matches()) {
            throw new IllegalArgumentException("exclusion reason '" + reason + "' for input '" + id
                    + "' must be a lower-case code such as " + ExclusionReason.KRUM_REJECTED);
        }
    }
}

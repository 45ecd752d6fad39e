package org.fedledger.core.manifest;

import java.util.Objects;

/** Per-field checks shared by the manifest value types; each failure names its field. */
final class Checks {
    /** Longest update key, contributor id or task id accepted, in characters. */
    static final int MAX_TEXT_LENGTH = 4096;
    /** Longest exclusion reason, in characters. */
    static final int MAX_REASON_LENGTH = 64;

    private Checks() {
    }

    static String text(String field, String value) {
        Objects.requireNonNull(value, field);
        if (value.isEmpty()) {
            throw new ManifestFormatException(field, "must not be empty");
        }
        if (value.length() > MAX_TEXT_LENGTH) {
            throw new ManifestFormatException(field, "has " + value.length() + " characters; at most "
                    + MAX_TEXT_LENGTH + " allowed");
        }
        return value;
    }

    static String reason(String field, String value) {
        Objects.requireNonNull(value, field);
        if (!value.matches("[a-z][a-z0-9_]{0," + (MAX_REASON_LENGTH - 1) + "}")) {
            throw new ManifestFormatException(field, "'" + abbreviate(value) + "' must be a lower-case code of 1-"
                    + MAX_REASON_LENGTH + " characters [a-z0-9_] starting with a letter, such as krum_rejected");
        }
        return value;
    }

    static long atLeast(String field, long value, long min) {
        if (value < min) {
            throw new ManifestFormatException(field, "must be at least " + min + ", was " + value);
        }
        return value;
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }
}

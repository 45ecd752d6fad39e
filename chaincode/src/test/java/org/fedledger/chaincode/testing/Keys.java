package org.fedledger.chaincode.testing;

import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;

/** Key order and key checks of a LevelDB-backed peer. */
final class Keys {
    /** Start of a range with no start key: the shim's {@code UNSPECIFIED_START_KEY}; excludes composite keys. */
    static final String UNSPECIFIED_START = "\u0001";
    /** End of a range with no end key: unbounded. */
    static final String UNBOUNDED = "";
    /** U+10FFFF, the shim's {@code MAX_UNICODE_RUNE}: ends a partial composite key range. */
    static final String MAX_UNICODE_RUNE = new String(Character.toChars(Character.MAX_CODE_POINT));

    /**
     * LevelDB orders keys by their UTF-8 bytes, which is code point order (not Java's UTF-16
     * {@code compareTo}, which puts supplementary characters before U+E000..U+FFFF).
     */
    static final Comparator<String> ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return i < a.length() ? 1 : j < b.length() ? -1 : 0;
    };

    private Keys() {
    }

    /** Checks a key the peer would accept for a read: non-null, valid UTF-8. */
    static void checkReadable(String key) {
        if (key == null) {
            throw new NullPointerException("key cannot be null");
        }
        checkUtf8(key, "key");
    }

    /** Checks a key the shim and peer accept for a write: non-null, non-empty, valid UTF-8. */
    static void checkWritable(String key) {
        checkReadable(key);
        if (key.isEmpty()) {
            throw new IllegalArgumentException("key cannot not be an empty string");
        }
    }

    static void checkCollection(String collection) {
        if (collection == null) {
            throw new NullPointerException("collection cannot be null");
        }
        if (collection.isEmpty()) {
            throw new IllegalArgumentException("collection must not be an empty string");
        }
    }

    static void checkUtf8(String s, String what) {
        try {
            StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(s));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("invalid " + what + ". Key must be a valid UTF8 string: " + s, e);
        }
    }

    /** The smallest key strictly after {@code key}. */
    static String successor(String key) {
        return key + "\u0000";
    }
}

package org.fedledger.embedded.state;

import java.util.Comparator;

/**
 * The order of keys in Fabric's LevelDB state database: bytewise over UTF-8, which is the order of
 * Unicode code points (Java's {@code String.compareTo} orders UTF-16 units and differs above U+D7FF).
 *
 * <pre>{@code
 * new TreeMap<String, byte[]>(KeyOrder.COMPARATOR);
 * }</pre>
 */
public final class KeyOrder {
    /** Compares keys by code point, as LevelDB compares their UTF-8 bytes. */
    public static final Comparator<String> COMPARATOR = KeyOrder::compare;

    private KeyOrder() {
    }

    private static int compare(String a, String b) {
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
        return Integer.compare(a.length() - i, b.length() - j);
    }
}

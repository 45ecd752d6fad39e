package org.fedledger.sdk.ledger;

import java.util.Objects;

/**
 * A connection profile used a key that was renamed: the profile is refused as a whole, whether the key
 * came from a file, a {@code FEDLEDGER_*} variable or code, so that an old profile never half works.
 * The message names the new key and its variable; rename the key and run again.
 *
 * <pre>{@code
 * try {
 *     ConnectionProfile.load(file);
 * } catch (RenamedProfileKeyException e) {
 *     System.err.println(file + ": rename '" + e.key() + "' to '" + e.replacement() + "'");
 * }
 * }</pre>
 */
public final class RenamedProfileKeyException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final String replacement;

    RenamedProfileKeyException(String key, String replacement, String replacementVariable) {
        super("the connection profile key '" + key + "' is now '" + replacement + "' (" + replacementVariable
                + " in the environment): rename it");
        this.key = Objects.requireNonNull(key, "key");
        this.replacement = Objects.requireNonNull(replacement, "replacement");
    }

    /** @return the old key the profile used, such as {@code organisation} */
    public String key() {
        return key;
    }

    /** @return the key to use instead, such as {@code mspId} */
    public String replacement() {
        return replacement;
    }
}

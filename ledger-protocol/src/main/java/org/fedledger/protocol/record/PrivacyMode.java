package org.fedledger.protocol.record;

/**
 * How a task protects its trainers' updates: a closed set, stored in the task's {@link PrivacyRecord}
 * (a task without one is not private: every organisation's peers hold its updates).
 *
 * <pre>{@code
 * if (privacy.mode() == PrivacyMode.SECURE) { maskTheUpdate(); }
 * }</pre>
 */
public enum PrivacyMode {
    /**
     * Secure aggregation (docs/privacy.md section 2): trainers send masked updates, the ledger fixes the
     * survivors and takes the unmasking material after the close, and only the sum is ever unmasked.
     */
    SECURE
}

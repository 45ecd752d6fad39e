package org.fedledger.audit.report;

import java.util.Objects;

/**
 * One thing the audit found wrong.
 *
 * <pre>{@code
 * new Finding(FindingCode.PAYLOAD_MISMATCH, Severity.ERROR, 3, "update round/3/x509::CN=User1...",
 *         "9f2c...", "04ab...", "the stored payload does not hash to the update's on-chain hash");
 * }</pre>
 *
 * @param code the stable code
 * @param severity error or warning
 * @param round the round it concerns; 0 when none (the chain, the task)
 * @param subject what it concerns: a block, a transaction, a record, an input
 * @param expected what the ledger says it should be; empty when not applicable
 * @param actual what the audit found; empty when not applicable
 * @param message a sentence for a person
 */
public record Finding(FindingCode code, Severity severity, int round, String subject, String expected, String actual,
        String message) {
    /** Checks the required parts. */
    public Finding {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(subject, "subject");
        expected = expected == null ? "" : expected;
        actual = actual == null ? "" : actual;
        Objects.requireNonNull(message, "message");
    }

    /** @return an error with no expected/actual values */
    public static Finding error(FindingCode code, int round, String subject, String message) {
        return new Finding(code, Severity.ERROR, round, subject, "", "", message);
    }
}

package org.fedledger.audit.report;

/** How much a finding weighs: an error fails the audit, a warning is shown but does not. */
public enum Severity {
    /** The ledger's history cannot be trusted as recorded. */
    ERROR,
    /** Something went wrong and the protocol caught it (for instance, a disputed wrong proposal). */
    WARNING
}

package org.fedledger.audit.report;

import java.util.List;

/** The audit's overall outcome. */
public enum AuditVerdict {
    /** No finding. */
    PASS,
    /** Warnings only. */
    WARN,
    /** At least one error. */
    FAIL;

    /** @return the verdict the findings call for */
    public static AuditVerdict of(List<Finding> findings) {
        if (findings.stream().anyMatch(f -> f.severity() == Severity.ERROR)) {
            return FAIL;
        }
        return findings.isEmpty() ? PASS : WARN;
    }
}

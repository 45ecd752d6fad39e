/**
 * Audits a FedLedger task with the SDK's read-only role and nothing else: lineage of every global
 * model, bit-exact replay of every aggregation, and a cross-check of every record against the raw,
 * signed blocks. Entry point: {@link org.fedledger.audit.TaskAudit}. Design: {@code docs/audit.md}.
 */
package org.fedledger.audit;

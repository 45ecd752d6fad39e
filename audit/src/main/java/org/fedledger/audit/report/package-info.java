/**
 * The audit report: verdict, findings with stable codes, lineage, contributions and the chain's
 * summary, written as JSON for machines ({@link org.fedledger.audit.report.ReportJson}) and as one
 * self-contained HTML page for people ({@link org.fedledger.audit.report.ReportHtml}).
 */
package org.fedledger.audit.report;

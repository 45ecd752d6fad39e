/**
 * Differential privacy accounting: the deterministic Rényi accountant that a ledger can run to keep a
 * dataset's privacy loss across tasks (docs/privacy.md).
 */
package org.fedledger.core.privacy;

/**
 * Identity, roles and permission checks (invariants 1 and 7 of {@code docs/architecture.md}).
 * Entry point: {@link org.fedledger.chaincode.access.AccessControl}; the creator is a
 * {@link org.fedledger.chaincode.access.Caller} built from its certificate only.
 */
package org.fedledger.chaincode.access;

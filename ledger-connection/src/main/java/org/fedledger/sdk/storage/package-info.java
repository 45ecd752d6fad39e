/**
 * Data at rest: {@link org.fedledger.sdk.storage.OwnerOnlyFiles} creates and writes every file the
 * project keeps with keys, private payloads or ledger state readable by its owner only (files
 * {@code 0600}, folders {@code 0700}).
 */
package org.fedledger.sdk.storage;

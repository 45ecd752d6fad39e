/**
 * The SDK's failures, one type per failure step, each saying whether a retry can help:
 * {@link org.fedledger.sdk.errors.ContractRefusedException},
 * {@link org.fedledger.sdk.errors.CommitInvalidatedException},
 * {@link org.fedledger.sdk.errors.CommitStatusUnknownException},
 * {@link org.fedledger.sdk.errors.LedgerUnavailableException},
 * {@link org.fedledger.sdk.errors.LedgerRejectedException},
 * {@link org.fedledger.sdk.errors.LedgerCorruptException} (the ledger's stored blocks do not open),
 * {@link org.fedledger.sdk.errors.AwaitTimeoutException} (with where the ledger stood),
 * {@link org.fedledger.sdk.errors.RoundFailedException}; and, in client-sdk, for payloads:
 * {@code org.fedledger.sdk.payload.IntegrityException} (bytes that do not match their on-chain hash)
 * and {@code org.fedledger.sdk.payload.PayloadTooLargeException} (refused before sending). All extend
 * {@link org.fedledger.sdk.errors.FedLedgerClientException}.
 */
package org.fedledger.sdk.errors;

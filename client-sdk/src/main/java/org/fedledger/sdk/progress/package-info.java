/**
 * What a ledger call reports while it waits (a retry, a failover to another organisation's peer, a
 * transaction resent after its commit status did not come): {@link org.fedledger.sdk.progress.ProgressListener},
 * given to {@code FedLedger.open(profile, listener)} or {@code GatewayLedger.open(profile, listener)}.
 */
package org.fedledger.sdk.progress;

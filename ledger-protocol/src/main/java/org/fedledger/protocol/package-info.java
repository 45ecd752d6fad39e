/**
 * The vocabulary every side of the FedLedger ledger shares: records
 * ({@link org.fedledger.protocol.record}), error codes ({@link org.fedledger.protocol.error}), events
 * ({@link org.fedledger.protocol.event}), keys and collections ({@link org.fedledger.protocol.key}) and
 * transactions ({@link org.fedledger.protocol.transaction}). Pure Java on top of fl-core: no Fabric,
 * gRPC or protobuf.
 */
package org.fedledger.protocol;

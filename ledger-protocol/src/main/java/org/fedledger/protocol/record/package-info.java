/**
 * The ledger's records (participant, task, round, update, proposal, attestation, model) as values,
 * and their one codec. Entry point: {@link org.fedledger.protocol.record.RecordJson}.
 */
package org.fedledger.protocol.record;

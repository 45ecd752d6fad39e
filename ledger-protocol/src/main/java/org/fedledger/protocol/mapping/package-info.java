/**
 * The one mapping from ledger records to fl-core's inputs: a closed round's accepted updates to the
 * manifest checks and to the aggregation run over them. The chaincode, the SDK's aggregators and
 * verifiers, and the audit all go through {@link org.fedledger.protocol.mapping.RoundInputs}, so a
 * record is read the same way wherever a model is computed or checked.
 */
package org.fedledger.protocol.mapping;

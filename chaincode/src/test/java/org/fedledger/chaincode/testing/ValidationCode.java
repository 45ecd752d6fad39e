package org.fedledger.chaincode.testing;

/** The outcome of validating a transaction at commit, named after Fabric's {@code TxValidationCode}. */
public enum ValidationCode {
    /** Read set still current: the writes were applied. */
    VALID,
    /** A key the transaction read was written (or deleted) by a transaction committed in between. */
    MVCC_READ_CONFLICT,
    /** A range query the transaction ran now returns other keys or versions. */
    PHANTOM_READ_CONFLICT
}

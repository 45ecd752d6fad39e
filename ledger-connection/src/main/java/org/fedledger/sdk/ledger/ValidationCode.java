package org.fedledger.sdk.ledger;

/**
 * Fabric's transaction validation codes, by the names of Fabric's own {@code TxValidationCode}: the
 * code a peer writes for each transaction of a block. Named here so that the SDK's contract needs no
 * protobuf; a connection maps Fabric's enum to this one by name ({@link #named(String)}).
 *
 * <pre>{@code
 * if (e.validationCode() == ValidationCode.MVCC_READ_CONFLICT) { endorseAgain(); }
 * }</pre>
 */
public enum ValidationCode {
    /** Committed: its writes took effect. */
    VALID,
    /** The envelope was empty. */
    NIL_ENVELOPE,
    /** The payload did not parse. */
    BAD_PAYLOAD,
    /** The common header did not parse. */
    BAD_COMMON_HEADER,
    /** The creator's signature did not verify. */
    BAD_CREATOR_SIGNATURE,
    /** The endorser transaction was malformed. */
    INVALID_ENDORSER_TRANSACTION,
    /** The configuration transaction was malformed. */
    INVALID_CONFIG_TRANSACTION,
    /** The payload type is not one the peer handles. */
    UNSUPPORTED_TX_PAYLOAD,
    /** The transaction id does not derive from its nonce and creator. */
    BAD_PROPOSAL_TXID,
    /** An earlier transaction had the same id. */
    DUPLICATE_TXID,
    /** Too few organisations endorsed it. */
    ENDORSEMENT_POLICY_FAILURE,
    /** A key it read was changed by a transaction committed before it. */
    MVCC_READ_CONFLICT,
    /** A range it read was changed by a transaction committed before it. */
    PHANTOM_READ_CONFLICT,
    /** The header type is unknown. */
    UNKNOWN_TX_TYPE,
    /** The channel was not found. */
    TARGET_CHAIN_NOT_FOUND,
    /** The transaction did not unmarshal. */
    MARSHAL_TX_ERROR,
    /** The transaction carried no action. */
    NIL_TXACTION,
    /** The chaincode has expired. */
    EXPIRED_CHAINCODE,
    /** It was endorsed by another version of the chaincode. */
    CHAINCODE_VERSION_CONFLICT,
    /** The header extension was malformed. */
    BAD_HEADER_EXTENSION,
    /** The channel header was malformed. */
    BAD_CHANNEL_HEADER,
    /** The endorsements' responses did not match. */
    BAD_RESPONSE_PAYLOAD,
    /** The read-write set did not parse. */
    BAD_RWSET,
    /** The write set wrote where it may not. */
    ILLEGAL_WRITESET,
    /** The write set was malformed. */
    INVALID_WRITESET,
    /** The chaincode is not the one the channel defines. */
    INVALID_CHAINCODE,
    /** The peer did not validate it. */
    NOT_VALIDATED,
    /** Invalid for a reason the other codes do not name. */
    INVALID_OTHER_REASON,
    /** A code this SDK does not know (a newer Fabric's). */
    UNRECOGNIZED;

    /**
     * @param fabricName the name of Fabric's {@code TxValidationCode}
     * @return the code of that name; {@link #UNRECOGNIZED} for a name this SDK does not know
     */
    public static ValidationCode named(String fabricName) {
        for (ValidationCode code : values()) {
            if (code.name().equals(fabricName)) {
                return code;
            }
        }
        return UNRECOGNIZED;
    }

    /** @return whether endorsing the same call again can succeed: the state it read has changed since */
    public boolean readConflict() {
        return this == MVCC_READ_CONFLICT || this == PHANTOM_READ_CONFLICT;
    }
}

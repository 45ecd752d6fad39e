package org.fedledger.sdk.ledger;

import java.util.Objects;

/**
 * Who a connection acts as: the organisation's MSP id and the X.509 certificate (PEM) its
 * transactions are signed with. The chaincode takes identity from the certificate, never from an
 * argument.
 *
 * <pre>{@code
 * String pem = connection.identity().certificatePem();   // what an admin registers
 * }</pre>
 *
 * @param mspId the organisation's MSP id, such as {@code Org1MSP}
 * @param certificatePem the identity's certificate in PEM
 */
public record LedgerIdentity(String mspId, String certificatePem) {
    /** Checks both parts are present. */
    public LedgerIdentity {
        Objects.requireNonNull(mspId, "mspId");
        Objects.requireNonNull(certificatePem, "certificatePem");
    }

    @Override
    public String toString() {
        return "LedgerIdentity[mspId=" + mspId + "]";
    }
}

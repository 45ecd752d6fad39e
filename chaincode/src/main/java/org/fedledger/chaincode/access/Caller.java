package org.fedledger.chaincode.access;

import java.security.cert.X509Certificate;
import java.util.Objects;
import org.fedledger.core.model.ContentHash;
import org.hyperledger.fabric.contract.ClientIdentity;

/**
 * The transaction creator, taken from its certificate (never from an argument).
 *
 * <pre>{@code
 * Caller me = access.caller();
 * me.id(); me.msp(); me.admin();
 * }</pre>
 *
 * @param id identity id as {@code ClientIdentity.getId()}
 * @param msp the creator's MSP id
 * @param admin whether the certificate's one NodeOU role is {@code admin}
 * @param issuer the certificate's issuer DN (RFC 2253)
 * @param certificateHash SHA-256 of the certificate's DER encoding (which certificate signed)
 */
public record Caller(String id, String msp, boolean admin, String issuer, ContentHash certificateHash) {
    /**
     * Checks every component is present.
     *
     * @param id identity id as {@code ClientIdentity.getId()}
     * @param msp the creator's MSP id
     * @param admin whether the certificate's one NodeOU role is {@code admin}
     * @param issuer the certificate's issuer DN (RFC 2253)
     * @param certificateHash SHA-256 of the certificate's DER encoding
     */
    public Caller {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(msp, "msp");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(certificateHash, "certificateHash");
    }

    /**
     * @param identity the shim's identity of the creator
     * @return the caller the shim's identity describes
     */
    public static Caller of(ClientIdentity identity) {
        X509Certificate cert = identity.getX509Certificate();
        return new Caller(identity.getId(), identity.getMSPID(), Certificates.isAdmin(cert),
                Certificates.issuerOf(cert), Certificates.hashOf(cert));
    }
}

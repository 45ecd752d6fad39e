package org.fedledger.chaincode.access;

import com.google.protobuf.ByteString;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.fedledger.chaincode.errors.FedLedgerException;
import org.fedledger.core.model.ContentHash;
import org.fedledger.protocol.error.ErrorCode;
import org.hyperledger.fabric.contract.ClientIdentity;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * X.509 helpers. Identity ids are the shim's own ({@link ClientIdentity#getId()}), also for a member
 * certificate an admin registers: that certificate is read through a {@code ClientIdentity} exactly
 * as if it had signed the transaction, so the stored id is the one the member's transactions will
 * carry. Org admins are recognised by their one NodeOU role OU being {@code admin}, as Fabric's MSP
 * classifies them. Pure
 * functions of the certificate bytes; no I/O.
 *
 * <pre>{@code
 * X509Certificate cert = Certificates.parsePem(pem);
 * ClientIdentity member = Certificates.identityOf("Org1MSP", pem);   // member.getId(): "x509::CN=alice,...::CN=ca..."
 * boolean admin = Certificates.isAdmin(cert);
 * }</pre>
 */
public final class Certificates {
    private static final int MAX_PEM = 16 * 1024;
    private static final String ADMIN_OU = "admin";
    /** The OU values Fabric's NodeOUs give the four roles. */
    private static final Set<String> NODE_ROLE_OUS = Set.of("client", "peer", ADMIN_OU, "orderer");

    private Certificates() {
    }

    /**
     * @param pem one PEM-encoded X.509 certificate
     * @return the certificate
     * @throws FedLedgerException {@link ErrorCode#INVALID_ARGUMENT} when it is not exactly one
     *     parseable certificate
     */
    public static X509Certificate parsePem(String pem) {
        if (pem == null || pem.isBlank() || pem.length() > MAX_PEM || !pem.strip().startsWith("-----BEGIN CERTIFICATE-----")) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT,
                    "certificatePem must be one PEM-encoded X.509 certificate of at most "
                    + MAX_PEM + " characters");
        }
        java.util.Collection<? extends java.security.cert.Certificate> certs;
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X509");
            certs = factory.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException | RuntimeException e) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT,
                    "certificatePem is not a parseable X.509 certificate");
        }
        if (certs.size() != 1 || !(certs.iterator().next() instanceof X509Certificate cert)) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT,
                    "certificatePem must hold exactly one X.509 certificate, found "
                    + certs.size());
        }
        return cert;
    }

    /**
     * The identity a certificate will have when it signs a transaction in {@code msp}, as the shim
     * builds it.
     *
     * @param msp the organisation
     * @param pem the certificate, already checked by {@link #parsePem(String)}
     * @return the shim's identity for it
     * @throws FedLedgerException {@link ErrorCode#INVALID_ARGUMENT} when the shim cannot read it
     */
    public static ClientIdentity identityOf(String msp, String pem) {
        byte[] creator = SerializedIdentity.newBuilder().setMspid(msp)
                .setIdBytes(ByteString.copyFrom(pem, StandardCharsets.US_ASCII)).build().toByteArray();
        ChaincodeStub creatorOnly = (ChaincodeStub) Proxy.newProxyInstance(ChaincodeStub.class.getClassLoader(),
                new Class<?>[] {ChaincodeStub.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getCreator")) {
                        return creator.clone();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        try {
            return new ClientIdentity(creatorOnly);
        } catch (CertificateException | IOException | RuntimeException e) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT,
                    "certificatePem cannot be read as a Fabric identity: "
                    + e.getClass().getSimpleName());
        }
    }

    /**
     * Whether the certificate's NodeOU role is {@code admin}, as Fabric's MSP classifies it: the
     * subject's OU values must hold exactly one of the NodeOU role names ({@code client}, {@code peer},
     * {@code admin}, {@code orderer}), and it must be {@code admin}. A certificate that adds
     * {@code OU=admin} next to {@code OU=client}, or an {@code OU=admin} anywhere but the subject, is
     * not an admin (Fabric's MSP refuses an identity with two roles).
     *
     * <pre>{@code
     * Certificates.isAdmin(cert); // OU=admin,O=Org1: true; OU=client+OU=admin: false
     * }</pre>
     *
     * @param cert the certificate
     * @return whether its one NodeOU role is admin
     */
    public static boolean isAdmin(X509Certificate cert) {
        return nodeRole(cert).filter(ADMIN_OU::equals).isPresent();
    }

    /**
     * @param cert the certificate
     * @return its one NodeOU role ({@code client}, {@code peer}, {@code admin} or {@code orderer});
     *     empty when the subject holds none of them, or more than one
     */
    public static Optional<String> nodeRole(X509Certificate cert) {
        List<String> roles = new ArrayList<>();
        for (String ou : organisationalUnits(cert)) {
            if (NODE_ROLE_OUS.contains(ou)) {
                roles.add(ou);
            }
        }
        return roles.size() == 1 ? Optional.of(roles.get(0)) : Optional.empty();
    }

    private static List<String> organisationalUnits(X509Certificate cert) {
        List<String> values = new ArrayList<>();
        try {
            LdapName name = new LdapName(cert.getSubjectX500Principal().getName());
            for (Rdn rdn : name.getRdns()) {
                Attribute ou = rdn.toAttributes().get("OU");
                if (ou != null) {
                    NamingEnumeration<?> all = ou.getAll();
                    while (all.hasMore()) {
                        values.add(String.valueOf(all.next()));
                    }
                }
            }
        } catch (NamingException e) {
            return List.of();
        }
        return values;
    }

    /**
     * @param cert the certificate
     * @return SHA-256 of its DER encoding: which certificate, not only which name
     * @throws FedLedgerException {@link ErrorCode#INVALID_ARGUMENT} when it cannot be encoded
     */
    public static ContentHash hashOf(X509Certificate cert) {
        try {
            return ContentHash.of(cert.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "the certificate cannot be DER-encoded");
        }
    }

    /**
     * @param cert the certificate
     * @return the issuer's distinguished name (RFC 2253), to compare issuers
     */
    public static String issuerOf(X509Certificate cert) {
        return cert.getIssuerX500Principal().getName();
    }
}

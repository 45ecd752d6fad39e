package org.fedledger.chaincode.access;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.fedledger.chaincode.errors.FedLedgerException;
import org.fedledger.protocol.error.ErrorCode;

/**
 * X.509 helpers: identity ids exactly as the shim's {@code ClientIdentity.getId()} builds them, and
 * org-admin detection ({@code OU=admin} in the subject, as NodeOUs issue it). Pure functions of the
 * certificate bytes; no I/O.
 *
 * <pre>{@code
 * X509Certificate cert = Certificates.parsePem(pem);
 * String id = Certificates.idOf(cert);      // "x509::CN=alice, OU=client, ...::CN=ca.org1..."
 * boolean admin = Certificates.isAdmin(cert);
 * }</pre>
 */
public final class Certificates {
    private static final int MAX_PEM = 16 * 1024;

    private Certificates() {
    }

    /**
     * @param pem one PEM-encoded X.509 certificate
     * @return the certificate
     * @throws org.fedledger.chaincode.errors.FedLedgerException {@link ErrorCode#INVALID_ARGUMENT}
     *     when it is not exactly one parseable certificate
     */
    public static X509Certificate parsePem(String pem) {
        if (pem == null || pem.isBlank() || pem.length() > MAX_PEM || !pem.strip().startsWith("-----BEGIN CERTIFICATE-----")) {
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "certificatePem must be one PEM-encoded X.509 certificate of at most "
                    + MAX_PEM + " characters");
        }
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X509");
            var certs = factory.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            if (certs.size() != 1 || !(certs.iterator().next() instanceof X509Certificate cert)) {
                throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "certificatePem must hold exactly one X.509 certificate, found "
                        + certs.size());
            }
            return cert;
        } catch (CertificateException | RuntimeException e) {
            if (e instanceof org.fedledger.chaincode.errors.FedLedgerException fe) {
                throw fe;
            }
            throw new FedLedgerException(ErrorCode.INVALID_ARGUMENT, "certificatePem is not a parseable X.509 certificate");
        }
    }

    /**
     * @return {@code x509::<subject>::<issuer>} with the same DN rendering as the shim's
     *     {@code ClientIdentity.getId()}
     */
    @SuppressWarnings("deprecation") // getSubjectDN is what the shim uses; its rendering is the id format.
    public static String idOf(X509Certificate cert) {
        return "x509::" + cert.getSubjectDN().getName() + "::" + cert.getIssuerDN().getName();
    }

    /** @return the issuer DN in the id's rendering */
    @SuppressWarnings("deprecation")
    public static String issuerOf(X509Certificate cert) {
        return cert.getIssuerDN().getName();
    }

    /** @return whether the subject has an {@code OU=admin} attribute */
    public static boolean isAdmin(X509Certificate cert) {
        try {
            LdapName name = new LdapName(cert.getSubjectX500Principal().getName());
            for (Rdn rdn : name.getRdns()) {
                if (rdn.toAttributes().get("OU") != null) {
                    var values = rdn.toAttributes().get("OU").getAll();
                    while (values.hasMore()) {
                        if ("admin".equals(String.valueOf(values.next()))) {
                            return true;
                        }
                    }
                }
            }
            return false;
        } catch (InvalidNameException e) {
            return false;
        } catch (javax.naming.NamingException e) {
            return false;
        }
    }
}

package org.fedledger.audit.chain;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** X.509 helpers of the audit: parsing, the chaincode's identity id, NodeOU roles and ECDSA verification. */
final class Certificates {
    private Certificates() {
    }

    /** @return the certificate in {@code pem} (PEM or DER) */
    static X509Certificate parse(byte[] pem) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
    }

    /**
     * The identity id the chaincode records for a creator: {@code x509::<subject>::<issuer>} with the
     * distinguished names as the JDK's {@code Principal.getName()} writes them, which is what the
     * Fabric shim's {@code ClientIdentity.getId()} returns.
     */
    @SuppressWarnings("deprecation") // getSubjectDN/getIssuerDN: exactly the form the shim uses
    static String identityId(X509Certificate certificate) {
        return "x509::" + certificate.getSubjectDN().getName() + "::" + certificate.getIssuerDN().getName();
    }

    /** @return whether the certificate's subject carries {@code OU=<role>} (Fabric's NodeOU roles) */
    static boolean hasRole(X509Certificate certificate, String role) {
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("OU")
                        && String.valueOf(rdn.getValue()).toLowerCase(Locale.ROOT).equals(role)) {
                    return true;
                }
            }
            return false;
        } catch (InvalidNameException e) {
            return false;
        }
    }

    /** @return whether {@code certificate} was signed by one of {@code authorities} */
    static boolean issuedByOneOf(X509Certificate certificate, List<X509Certificate> authorities) {
        for (X509Certificate ca : authorities) {
            if (!ca.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
                continue;
            }
            try {
                certificate.verify(ca.getPublicKey());
                return true;
            } catch (GeneralSecurityException e) {
                // try the next authority with that name
            }
        }
        return false;
    }

    /** @return whether {@code signature} (DER ECDSA over SHA-256) verifies {@code message} */
    static boolean verifies(X509Certificate certificate, byte[] message, byte[] signature) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initVerify(certificate.getPublicKey());
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}

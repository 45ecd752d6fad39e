package org.fedledger.embedded.identity;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues the X.509 certificates of simulated organisations as a Fabric CA would: EC P-256 keys,
 * {@link Identity#SIGNATURE_ALGORITHM}, CA or end-entity key usage, subject and authority key
 * identifiers, valid from 2020 to 2100. Tests issue forged certificates with it too, by signing
 * with a key other than the one the authority key identifier names.
 *
 * <pre>{@code
 * KeyPair ca = CertificateIssuer.newKeyPair();
 * X509Certificate root = CertificateIssuer.issue(name, ca.getPublic(), ca.getPrivate(), name, ca.getPublic(), true);
 * }</pre>
 */
public final class CertificateIssuer {
    private static final Date NOT_BEFORE = Date.from(Instant.parse("2020-01-01T00:00:00Z"));
    private static final Date NOT_AFTER = Date.from(Instant.parse("2100-01-01T00:00:00Z"));
    private static final SecureRandom SERIALS = new SecureRandom();

    private CertificateIssuer() {
    }

    /** @return a fresh EC P-256 key pair */
    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is not available in this JVM", e);
        }
    }

    /**
     * @param issuer the issuing CA's name
     * @param issuerKey the issuing CA's public key (its authority key identifier)
     * @param signer the key that signs: the CA's private key, or another one for a forgery
     * @param subject the subject's name
     * @param subjectKey the subject's public key
     * @param ca whether the subject is a CA
     * @return the certificate
     */
    public static X509Certificate issue(X500Name issuer, PublicKey issuerKey, PrivateKey signer, X500Name subject,
            PublicKey subjectKey, boolean ca) {
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    new BigInteger(127, SERIALS), NOT_BEFORE, NOT_AFTER, subject, subjectKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(ca))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(ca
                            ? KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature
                            : KeyUsage.digitalSignature))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerKey));
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(Identity.SIGNATURE_ALGORITHM).build(signer)));
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("cannot issue a certificate for " + subject, e);
        }
    }
}

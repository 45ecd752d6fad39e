package org.fedledger.embedded.identity;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * PEM encoding of certificates and PKCS#8 EC keys, as the cryptogen layout stores them.
 *
 * <pre>{@code
 * String pem = Pem.certificate(cert);
 * X509Certificate back = Pem.readCertificate(pem);
 * }</pre>
 */
public final class Pem {
    private static final String CERT = "CERTIFICATE";
    private static final String KEY = "PRIVATE KEY";

    private Pem() {
    }

    /** @return {@code certificate} in PEM */
    public static String certificate(X509Certificate certificate) {
        try {
            return encode(CERT, certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode certificate", e);
        }
    }

    /** @return {@code key} as PKCS#8 PEM */
    public static String privateKey(PrivateKey key) {
        return encode(KEY, key.getEncoded());
    }

    /**
     * @param pem one PEM certificate
     * @return the certificate
     * @throws IllegalArgumentException when it is not one
     */
    public static X509Certificate readCertificate(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(decode(CERT, pem)));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("not a PEM X.509 certificate", e);
        }
    }

    /**
     * @param pem one PKCS#8 PEM EC private key
     * @return the key
     * @throws IllegalArgumentException when it is not one
     */
    public static PrivateKey readPrivateKey(String pem) {
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(decode(KEY, pem)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a PKCS#8 PEM EC private key", e);
        }
    }

    private static String encode(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] decode(String type, String pem) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end, Math.max(from, 0));
        if (from < 0 || to < 0) {
            throw new IllegalArgumentException("no " + type + " block in PEM text");
        }
        return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
    }
}

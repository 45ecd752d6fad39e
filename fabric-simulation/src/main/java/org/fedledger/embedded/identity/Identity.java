package org.fedledger.embedded.identity;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.fedledger.sdk.ledger.LedgerIdentity;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * One X.509 identity of an {@link Organisation}: its certificate (issued by the organisation's CA,
 * with the NodeOU {@code admin}, {@code client} or {@code peer} in the subject) and private key.
 * It signs proposals (a client or admin) or endorsements (a peer).
 *
 * <pre>{@code
 * Identity alice = ledger.organisation("Org1MSP").client("alice");
 * byte[] creator = alice.serialized();   // a fabric-protos SerializedIdentity
 * }</pre>
 *
 * @param mspId the organisation's MSP id
 * @param name the common name
 * @param nodeOu the NodeOU: {@code admin}, {@code client} or {@code peer}
 * @param certificate the certificate
 * @param privateKey the signing key (EC P-256)
 */
public record Identity(String mspId, String name, String nodeOu, X509Certificate certificate, PrivateKey privateKey) {
    /** The signature algorithm of every identity: ECDSA over SHA-256, as Fabric's default BCCSP. */
    public static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

    /**
     * Signatures are made and checked with BouncyCastle's P-256, two to three times faster than the
     * JDK's here (signatures dominate the ledger's cost); they are ordinary DER ECDSA signatures that
     * any provider verifies.
     */
    private static final Provider PROVIDER = new BouncyCastleProvider();
    /** What every proposal, endorsement and commit needs of a certificate, derived once per certificate. */
    private static final Map<X509Certificate, Derived> DERIVED = new ConcurrentHashMap<>();

    /** A certificate's PEM, and its public key as the provider's own object. */
    private record Derived(String pem, PublicKey key) {
    }

    /** Checks every part is present. */
    public Identity {
        Objects.requireNonNull(mspId, "mspId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(nodeOu, "nodeOu");
        Objects.requireNonNull(certificate, "certificate");
        privateKey = providerKey(Objects.requireNonNull(privateKey, "privateKey"));
    }

    /**
     * The key as the provider's own object: handed a foreign key, BouncyCastle converts it on every
     * signature and loses its precomputed tables, which makes signing three to four times slower.
     */
    private static PrivateKey providerKey(PrivateKey key) {
        if (key.getClass().getName().startsWith("org.bouncycastle.")) {
            return key;
        }
        try {
            return KeyFactory.getInstance("EC", PROVIDER).generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an EC private key: " + e.getMessage(), e);
        }
    }

    /** @return the PEM and provider key of {@code certificate}, derived on its first use */
    private static Derived derived(X509Certificate certificate) {
        Derived known = DERIVED.get(certificate);
        if (known != null) {
            return known;
        }
        PublicKey key;
        try {
            key = KeyFactory.getInstance("EC", PROVIDER).generatePublic(
                    new X509EncodedKeySpec(certificate.getPublicKey().getEncoded()));
        } catch (GeneralSecurityException e) {
            key = certificate.getPublicKey();
        }
        Derived d = new Derived(Pem.certificate(certificate), key);
        if (DERIVED.size() >= 100_000) {
            DERIVED.clear();
        }
        DERIVED.put(certificate, d);
        return d;
    }

    /** @return the certificate in PEM */
    public String certificatePem() {
        return derived(certificate).pem();
    }

    /** @return the creator bytes Fabric puts in a signature header: a serialized {@code SerializedIdentity} */
    public byte[] serialized() {
        return SerializedIdentity.newBuilder().setMspid(mspId)
                .setIdBytes(ByteString.copyFrom(certificatePem(), StandardCharsets.US_ASCII)).build().toByteArray();
    }

    /** @return the SDK's view of this identity */
    public LedgerIdentity ledgerIdentity() {
        return new LedgerIdentity(mspId, certificatePem());
    }

    /**
     * Signs {@code message} with this identity's key.
     *
     * @param message the bytes to sign
     * @return a DER-encoded ECDSA signature
     */
    public byte[] sign(byte[] message) {
        try {
            Signature signature = Signature.getInstance(SIGNATURE_ALGORITHM, PROVIDER);
            signature.initSign(privateKey);
            signature.update(message);
            byte[] signed = signature.sign();
            KnownSignatures.made(certificate.getPublicKey(), message, signed);
            return signed;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign as " + this, e);
        }
    }

    /**
     * @param certificate the signer's certificate
     * @param message what was signed
     * @param signatureBytes the signature
     * @return whether the signature is valid for the certificate's key
     */
    public static boolean verify(X509Certificate certificate, byte[] message, byte[] signatureBytes) {
        if (KnownSignatures.known(certificate.getPublicKey(), message, signatureBytes)) {
            return true; // made in this process, by this key, over exactly these bytes
        }
        try {
            Signature signature = Signature.getInstance(SIGNATURE_ALGORITHM, PROVIDER);
            signature.initVerify(derived(certificate).key());
            signature.update(message);
            return signature.verify(signatureBytes);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "Identity[mspId=" + mspId + ", name=" + name + ", ou=" + nodeOu + "]";
    }
}

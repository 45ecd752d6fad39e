package org.fedledger.chaincode.testing;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.fedledger.embedded.identity.CertificateIssuer;

/**
 * A test organisation: one MSP id with its own certificate authority (EC P-256, SHA256withECDSA),
 * issuing real X.509 identities the shim's {@code ClientIdentity} can parse.
 *
 * <p>Organisations and identities are cached for the whole JVM, so the same name always gives the
 * same certificate within a test run:
 *
 * <pre>{@code
 * TestIdentity admin = TestOrg.of("Org1MSP").admin("admin1");
 * TestIdentity alice = TestOrg.of("Org1MSP").member("alice");
 * }</pre>
 */
public final class TestOrg {
    private static final Map<String, TestOrg> ORGS = new ConcurrentHashMap<>();

    private final String mspId;
    private final KeyPair caKeys;
    private final X500Name caName;
    private final X509Certificate caCertificate;
    private final Map<String, TestIdentity> identities = new ConcurrentHashMap<>();

    private TestOrg(String mspId) {
        this.mspId = mspId;
        this.caKeys = newKeyPair();
        this.caName = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "US")
                .addRDN(BCStyle.O, mspId)
                .addRDN(BCStyle.CN, "ca." + mspId.toLowerCase(Locale.ROOT) + ".example.com")
                .build();
        this.caCertificate = issue(caName, caKeys.getPublic(), true);
    }

    /**
     * The organisation for an MSP id, created on first use with a fresh CA.
     *
     * <pre>{@code TestOrg org1 = TestOrg.of("Org1MSP"); }</pre>
     *
     * @throws IllegalArgumentException if {@code mspId} is blank
     */
    public static TestOrg of(String mspId) {
        Objects.requireNonNull(mspId, "mspId");
        if (mspId.isBlank()) {
            throw new IllegalArgumentException("mspId must not be blank");
        }
        return ORGS.computeIfAbsent(mspId, TestOrg::new);
    }

    /** A client identity ({@code OU=client}) of this organisation, e.g. {@code member("alice")}. */
    public TestIdentity member(String commonName) {
        return withOu(commonName, "client");
    }

    /** An organisation admin ({@code OU=admin}), as cryptogen and Fabric CA with NodeOUs issue them. */
    public TestIdentity admin(String commonName) {
        return withOu(commonName, "admin");
    }

    /**
     * An identity with the given common name and organisational unit, issued by this org's CA and
     * cached by (commonName, ou).
     *
     * <pre>{@code TestIdentity peer = TestOrg.of("Org1MSP").withOu("peer0", "peer"); }</pre>
     *
     * @throws IllegalArgumentException if either name is blank
     */
    public TestIdentity withOu(String commonName, String ou) {
        Objects.requireNonNull(commonName, "commonName");
        Objects.requireNonNull(ou, "ou");
        if (commonName.isBlank() || ou.isBlank()) {
            throw new IllegalArgumentException("commonName and ou must not be blank");
        }
        return identities.computeIfAbsent(ou + "\n" + commonName, k -> newIdentity(commonName, ou));
    }

    /**
     * An identity whose subject carries every OU of {@code ous}, in order (each its own RDN), issued by
     * this org's CA: for certificates such as {@code OU=client} plus {@code OU=admin}. Not cached.
     *
     * <pre>{@code TestIdentity both = TestOrg.of("Org1MSP").withOus("mallory", "client", "admin"); }</pre>
     */
    public TestIdentity withOus(String commonName, String... ous) {
        KeyPair keys = newKeyPair();
        X509Certificate certificate = issue(subject(commonName, ous), keys.getPublic(), false, caKeys.getPrivate());
        return new TestIdentity(mspId, commonName, String.join("+", ous), certificate, keys.getPrivate());
    }

    /**
     * A forgery: a certificate naming this org's CA as its issuer, with the subject of
     * {@code member(commonName)}, but signed by a key that is not the CA's. Fabric's MSP refuses it as
     * a signer; it exists to be passed as an argument. Not cached.
     *
     * <pre>{@code TestIdentity fake = TestOrg.of("Org1MSP").forged("trainer1", "client"); }</pre>
     */
    public TestIdentity forged(String commonName, String ou) {
        KeyPair keys = newKeyPair();
        KeyPair forger = newKeyPair();
        X509Certificate certificate = issue(subject(commonName, ou), keys.getPublic(), false, forger.getPrivate());
        return new TestIdentity(mspId, commonName, ou, certificate, keys.getPrivate());
    }

    /** The MSP id, e.g. {@code Org1MSP}. */
    public String mspId() {
        return mspId;
    }

    /** The CA's self-signed certificate. */
    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /** The CA's certificate in PEM form. */
    public String caCertificatePem() {
        return Pem.encode(caCertificate);
    }

    private TestIdentity newIdentity(String commonName, String ou) {
        KeyPair keys = newKeyPair();
        X509Certificate certificate = issue(subject(commonName, ou), keys.getPublic(), false, caKeys.getPrivate());
        return new TestIdentity(mspId, commonName, ou, certificate, keys.getPrivate());
    }

    private X500Name subject(String commonName, String... ous) {
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "US")
                .addRDN(BCStyle.O, mspId);
        for (String ou : ous) {
            subject.addRDN(BCStyle.OU, ou);
        }
        return subject.addRDN(BCStyle.CN, commonName).build();
    }

    private X509Certificate issue(X500Name subject, PublicKey subjectKey, boolean ca) {
        return issue(subject, subjectKey, ca, caKeys.getPrivate());
    }

    private X509Certificate issue(X500Name subject, PublicKey subjectKey, boolean ca, PrivateKey signer) {
        return CertificateIssuer.issue(caName, caKeys.getPublic(), signer, subject, subjectKey, ca);
    }

    private static KeyPair newKeyPair() {
        return CertificateIssuer.newKeyPair();
    }

    @Override
    public String toString() {
        return "TestOrg{mspId=" + mspId + ", ca=" + caCertificate.getSubjectX500Principal().getName() + "}";
    }
}

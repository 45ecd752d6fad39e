package org.fedledger.chaincode.testing;

import com.google.protobuf.ByteString;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.fedledger.embedded.identity.Identity;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * An X.509 identity issued by a {@link TestOrg}: what a transaction creator is to the shim.
 *
 * <pre>{@code
 * TestIdentity alice = TestOrg.of("Org1MSP").member("alice");
 * FakeStub stub = ledger.newStub(alice, Instant.EPOCH, Map.of());
 * assertThat(new ClientIdentity(stub).getId()).isEqualTo(alice.id());
 * }</pre>
 */
public final class TestIdentity {
    private final String mspId;
    private final String commonName;
    private final String ou;
    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final String pem;
    private final byte[] serialized;
    private final String id;
    private final Identity simulated;

    TestIdentity(String mspId, String commonName, String ou, X509Certificate certificate, PrivateKey privateKey) {
        this.mspId = mspId;
        this.commonName = commonName;
        this.ou = ou;
        this.privateKey = privateKey;
        this.pem = Pem.encode(certificate);
        // Parse the PEM back with the JDK factory, exactly as ClientIdentity does, so id() matches it.
        this.certificate = parse(pem);
        this.serialized = SerializedIdentity.newBuilder()
                .setMspid(mspId)
                .setIdBytes(ByteString.copyFrom(pem, StandardCharsets.UTF_8))
                .build()
                .toByteArray();
        this.id = idOf(this.certificate);
        this.simulated = new Identity(mspId, commonName, ou, this.certificate, privateKey);
    }

    /**
     * The shim's {@code ClientIdentity.getId()} string for a certificate:
     * {@code x509::<subject DN>::<issuer DN>}.
     */
    @SuppressWarnings("deprecation") // getSubjectDN/getIssuerDN are what ClientIdentity itself calls
    static String idOf(X509Certificate certificate) {
        return "x509::" + certificate.getSubjectDN().getName() + "::" + certificate.getIssuerDN().getName();
    }

    private static X509Certificate parse(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)));
        } catch (CertificateException e) {
            throw new IllegalStateException("cannot parse generated certificate", e);
        }
    }

    /** The MSP id of the issuing organisation, e.g. {@code Org1MSP}. */
    public String mspId() {
        return mspId;
    }

    /** The subject's common name. */
    public String commonName() {
        return commonName;
    }

    /** The subject's organisational unit ({@code client}, {@code admin}, ...). */
    public String organizationalUnit() {
        return ou;
    }

    /** The certificate in PEM form (what {@code registerParticipant} takes). */
    public String certificatePem() {
        return pem;
    }

    /** The certificate, as parsed by the JDK. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The identity's private key (EC P-256), for signing test proposals. */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The protobuf {@code SerializedIdentity{mspid, id_bytes=PEM}}: what {@code getCreator()} returns. */
    public byte[] serialized() {
        return serialized.clone();
    }

    /** This identity as the simulation's signer of proposals. */
    public Identity simulated() {
        return simulated;
    }

    /** The shim's {@code ClientIdentity.getId()} for this identity: {@code x509::<subject>::<issuer>}. */
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return "TestIdentity{mspId=" + mspId + ", id=" + id + "}";
    }
}

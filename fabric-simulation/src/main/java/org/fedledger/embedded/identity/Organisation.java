package org.fedledger.embedded.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.fedledger.sdk.storage.OwnerOnlyFiles;

/**
 * One member organisation: an MSP id with its own certificate authority (EC P-256), issuing
 * identities in Fabric's NodeOU style: {@code OU=admin} (the organisation's admin),
 * {@code OU=client} (members: coordinators, trainers, verifiers...) and {@code OU=peer} (the peer
 * that endorses for the organisation). Identities are created on first use and kept; in a durable
 * ledger they are saved under the data folder, so the same name gives the same certificate after a
 * restart.
 *
 * <pre>{@code
 * Organisation org1 = ledger.organisation("Org1MSP");
 * Identity admin = org1.admin();
 * Identity trainer = org1.client("trainer1");
 * }</pre>
 */
public final class Organisation {
    /** NodeOU of an organisation admin. */
    public static final String ADMIN_OU = "admin";
    /** NodeOU of a client identity. */
    public static final String CLIENT_OU = "client";
    /** NodeOU of a peer. */
    public static final String PEER_OU = "peer";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final String mspId;
    private final Identity ca;
    private final X500Name caName;
    private final Path folder;
    private final Map<String, Identity> identities = new TreeMap<>();
    /** Certificates already checked against the CA (a signature verification each, so worth keeping). */
    private final Map<X509Certificate, Boolean> checked = new java.util.concurrent.ConcurrentHashMap<>();

    private Organisation(String mspId, Identity ca, Path folder) {
        this.mspId = mspId;
        this.ca = ca;
        this.caName = nameOf(ca.certificate());
        this.folder = folder;
    }

    /**
     * Creates an organisation with a fresh CA, or loads the one saved in {@code folder}.
     *
     * @param mspId the MSP id, such as {@code Org1MSP}
     * @param folder where its crypto material is kept, or null to keep it in memory only
     * @return the organisation
     * @throws IllegalArgumentException when the MSP id is not a plain name
     * @throws UncheckedIOException when the folder cannot be read or written
     */
    public static synchronized Organisation openOrCreate(String mspId, Path folder) {
        checkName("mspId", mspId);
        if (folder != null && Files.isRegularFile(folder.resolve("ca.pem"))) {
            return load(mspId, folder);
        }
        KeyPair keys = newKeyPair();
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "US").addRDN(BCStyle.O, mspId)
                .addRDN(BCStyle.CN, "ca." + mspId.toLowerCase(Locale.ROOT)).build();
        X509Certificate cert = issue(name, keys, name, keys.getPublic(), true);
        Organisation org = new Organisation(mspId, new Identity(mspId, "ca", "ca", cert, keys.getPrivate()), folder);
        org.save(org.ca);
        return org;
    }

    /** @return the MSP id */
    public String mspId() {
        return mspId;
    }

    /** @return the CA's self-signed certificate */
    public X509Certificate caCertificate() {
        return ca.certificate();
    }

    /** @return the organisation's admin ({@code OU=admin}, common name {@code admin}) */
    public Identity admin() {
        return identity("admin", ADMIN_OU);
    }

    /** @return the organisation's peer ({@code OU=peer}, common name {@code peer0}), which endorses */
    public Identity peer() {
        return identity("peer0", PEER_OU);
    }

    /**
     * @param name the member's common name, such as {@code trainer1}
     * @return the client identity ({@code OU=client}) of that name, issued on first use
     * @throws IllegalArgumentException when the name is not 1-64 letters, digits, dots, dashes or underscores
     */
    public Identity client(String name) {
        return identity(name, CLIENT_OU);
    }

    /**
     * @param certificate a certificate
     * @return whether this organisation's CA issued it (its signature verifies with the CA key)
     */
    public boolean issued(X509Certificate certificate) {
        Boolean known = checked.get(certificate);
        if (known != null) {
            return known;
        }
        boolean ok;
        try {
            certificate.verify(ca.certificate().getPublicKey());
            ok = true;
        } catch (GeneralSecurityException | RuntimeException e) {
            ok = false;
        }
        if (checked.size() < 100_000) {
            checked.put(certificate, ok);
        }
        return ok;
    }

    private synchronized Identity identity(String name, String ou) {
        checkName("name", name);
        return identities.computeIfAbsent(ou + "-" + name, k -> {
            KeyPair keys = newKeyPair();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "US").addRDN(BCStyle.O, mspId)
                    .addRDN(BCStyle.OU, ou).addRDN(BCStyle.CN, name).build();
            KeyPair caKeys = new KeyPair(ca.certificate().getPublicKey(), ca.privateKey());
            Identity id = new Identity(mspId, name, ou, issue(caName, caKeys, subject, keys.getPublic(), false),
                    keys.getPrivate());
            save(id);
            return id;
        });
    }

    private void save(Identity id) {
        if (folder == null) {
            return;
        }
        String file = id.nodeOu().equals("ca") ? "ca.pem" : id.nodeOu() + "-" + id.name() + ".pem";
        try {
            // A private key: owner-only from the moment its file exists (data at rest, docs/threat-model.md).
            OwnerOnlyFiles.folder(folder);
            OwnerOnlyFiles.replace(folder.resolve(file),
                    (id.certificatePem() + Pem.privateKey(id.privateKey())).getBytes(StandardCharsets.US_ASCII), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the crypto material of " + id + " in " + folder, e);
        }
    }

    private static Organisation load(String mspId, Path folder) {
        try {
            // Material saved by a version that wrote it world-readable is made owner-only on open.
            OwnerOnlyFiles.folder(folder);
            OwnerOnlyFiles.restrict(folder.resolve("ca.pem"));
            Identity ca = read(mspId, "ca", "ca", folder.resolve("ca.pem"));
            Organisation org = new Organisation(mspId, ca, folder);
            List<Path> files;
            try (Stream<Path> list = Files.list(folder)) {
                files = list.filter(p -> p.getFileName().toString().endsWith(".pem")
                        && !p.getFileName().toString().equals("ca.pem")).sorted().toList();
            }
            for (Path p : files) {
                String base = p.getFileName().toString();
                base = base.substring(0, base.length() - ".pem".length());
                int dash = base.indexOf('-');
                if (dash <= 0) {
                    throw new IllegalArgumentException("unexpected crypto file " + p);
                }
                OwnerOnlyFiles.restrict(p);
                String ou = base.substring(0, dash);
                String name = base.substring(dash + 1);
                org.identities.put(ou + "-" + name, read(mspId, name, ou, p));
            }
            return org;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the crypto material of " + mspId + " in " + folder, e);
        }
    }

    private static Identity read(String mspId, String name, String ou, Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        return new Identity(mspId, name, ou, Pem.readCertificate(text), Pem.readPrivateKey(text));
    }

    private static void checkName(String what, String value) {
        Objects.requireNonNull(value, what);
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be 1-64 letters, digits, '.', '_' or '-' starting with a"
                    + " letter or digit, was '" + value + "'");
        }
    }

    private static X500Name nameOf(X509Certificate cert) {
        return X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
    }

    private static X509Certificate issue(X500Name issuer, KeyPair issuerKeys, X500Name subject, PublicKey subjectKey,
            boolean isCa) {
        return CertificateIssuer.issue(issuer, issuerKeys.getPublic(), issuerKeys.getPrivate(), subject, subjectKey, isCa);
    }

    private static KeyPair newKeyPair() {
        return CertificateIssuer.newKeyPair();
    }

    @Override
    public String toString() {
        return "Organisation[mspId=" + mspId + "]";
    }
}

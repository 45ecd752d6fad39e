package org.fedledger.sdk.gateway;

import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.fedledger.sdk.ledger.ConnectionProfile;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.fedledger.sdk.ledger.LedgerIdentity;
import org.fedledger.sdk.ledger.LedgerProvider;
import org.fedledger.sdk.progress.ProgressListener;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.Hash;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;

/**
 * {@link LedgerConnection}s to a real Fabric network through the Fabric Gateway of one
 * organisation's peer, over TLS, reading from other organisations' peers while it is down. Either from a {@link ConnectionProfile} (the connection creates and
 * owns its gRPC channel and Gateway, and closes them) or over a Gateway the application made (which the
 * connection never closes).
 *
 * <pre>{@code
 * try (LedgerConnection ledger = GatewayLedger.connect(profile)) { ... }
 * LedgerConnection shared = GatewayLedger.over(gateway, "fedledger", "fedledger", identity);
 * }</pre>
 */
public final class GatewayLedger implements LedgerProvider {
    /** The {@code ledger} kind of this provider. */
    public static final String KIND = "fabric";

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public GatewayLedger() {
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public LedgerConnection connect(ConnectionProfile profile) {
        return open(profile);
    }

    /** A member's certificate from the profile's {@code usersDirectory} and {@code domain}, as cryptogen writes them. */
    @Override
    public String memberCertificate(ConnectionProfile profile, String member) {
        return CryptogenUsers.certificate(profile, member);
    }

    /**
     * Connects as the profile's identity to its organisation's peer; reads fail over to the peers
     * named in {@code failoverPeers}, and what a call does while it waits goes to
     * {@link ProgressListener#logger()}.
     *
     * @throws IllegalArgumentException when the profile misses a key or its files are unusable
     */
    public static LedgerConnection open(ConnectionProfile profile) {
        return open(profile, ProgressListener.logger());
    }

    /**
     * Connects as the profile's identity to its organisation's peer, with failover for reads to the
     * other organisations' peers the profile names ({@code failoverPeers} with
     * {@code failoverTlsCaCertificates}), and transactions whose commit status does not come within
     * {@code commitStatusWaitMillis} (3000) sent again, for up to {@code commitTimeoutSeconds} (30).
     *
     * <pre>{@code
     * LedgerConnection c = GatewayLedger.open(profile, p -> System.err.println(p.line()));
     * }</pre>
     *
     * @param profile the connection profile
     * @param progress hears each read failed over, each resend and each event stream opened again
     * @return the connection, owning its gRPC channels and Gateways
     * @throws IllegalArgumentException when the profile misses a key or its files are unusable
     */
    public static LedgerConnection open(ConnectionProfile profile, ProgressListener progress) {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(progress, "progress");
        String mspId = profile.require("mspId");
        GatewaySettings settings = GatewaySettings.from(profile);
        Path[] identityFiles = identityFiles(profile);
        String certificatePem;
        X509Certificate certificate;
        PrivateKey key;
        try {
            certificatePem = Files.readString(identityFiles[0], StandardCharsets.UTF_8);
            certificate = Identities.readX509Certificate(certificatePem);
            key = Identities.readPrivateKey(Files.readString(identityFiles[1], StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the identity files " + List.of(identityFiles), e);
        } catch (CertificateException | InvalidKeyException e) {
            throw new IllegalArgumentException("unusable identity in " + List.of(identityFiles) + ": " + e.getMessage(), e);
        }
        String channel = profile.require("channel");
        String chaincode = profile.require("chaincode");
        List<GatewayPeer> peers = new ArrayList<>();
        try {
            String endpoint = profile.require("peerEndpoint");
            peers.add(peer(mspId + "'s peer " + endpoint, endpoint, Path.of(profile.require("tlsCaCertificate")),
                    profile.get("overrideAuthority"), mspId, certificate, key, channel, chaincode));
            for (GatewaySettings.FailoverPeer other : settings.failoverPeers()) {
                peers.add(peer("peer " + other.endpoint(), other.endpoint(), other.tlsCaCertificate(), Optional.empty(),
                        mspId, certificate, key, channel, chaincode));
            }
            return new GatewayConnection(peers.get(0), peers.subList(1, peers.size()), channel, chaincode,
                    new LedgerIdentity(mspId, certificatePem), settings, progress);
        } catch (RuntimeException e) {
            peers.forEach(GatewayPeer::close);
            throw e;
        }
    }

    /** A Gateway of this identity on one peer, owning its channel. */
    private static GatewayPeer peer(String name, String endpoint, Path tlsCa, Optional<String> authority, String mspId,
            X509Certificate certificate, PrivateKey key, String channelName, String chaincode) {
        ManagedChannel channel = channel(endpoint, tlsCa, authority);
        try {
            Gateway gateway = Gateway.newInstance()
                    .identity(new X509Identity(mspId, certificate))
                    .signer(Signers.newPrivateKeySigner(key))
                    .hash(Hash.SHA256)
                    .connection(channel)
                    .evaluateOptions(options -> options.withDeadlineAfter(30, TimeUnit.SECONDS))
                    .endorseOptions(options -> options.withDeadlineAfter(60, TimeUnit.SECONDS))
                    .submitOptions(options -> options.withDeadlineAfter(30, TimeUnit.SECONDS))
                    .commitStatusOptions(options -> options.withDeadlineAfter(60, TimeUnit.SECONDS))
                    .connect();
            return new GatewayPeer(name, gateway, channel, true, channelName, chaincode);
        } catch (RuntimeException e) {
            channel.shutdownNow();
            throw e;
        }
    }

    /**
     * A connection over a Gateway the application created and will close; the connection closes
     * nothing. Reads have no other peer to fail over to; commits are watched as in
     * {@link #open(ConnectionProfile, ProgressListener)}, reporting to {@link ProgressListener#logger()}.
     *
     * @param gateway a connected Gateway
     * @param channel the channel name
     * @param chaincode the chaincode name
     * @param identity the Gateway's identity, as the SDK reports it
     * @return the connection
     */
    public static LedgerConnection over(Gateway gateway, String channel, String chaincode, LedgerIdentity identity) {
        GatewayPeer own = new GatewayPeer(Objects.requireNonNull(identity, "identity").mspId() + "'s peer",
                Objects.requireNonNull(gateway, "gateway"), null, false, channel, chaincode);
        return new GatewayConnection(own, List.of(), channel, chaincode, identity, GatewaySettings.defaults(),
                ProgressListener.logger());
    }

    /**
     * The chaincode's refusal carried by a Gateway failure, for code that calls fabric-gateway itself:
     * the error code read once from the error details, where the peer puts it.
     *
     * @param e a failed endorsement or evaluation
     * @return the refusal, or empty when the failure is not the chaincode's
     */
    public static Optional<org.fedledger.sdk.errors.ContractRefusedException> refusal(
            org.hyperledger.fabric.client.GatewayException e) {
        for (var detail : e.getDetails()) {
            var refused = GatewayErrors.refusal(detail.getMessage(), null, e);
            if (refused.isPresent()) {
                return refused;
            }
        }
        return Optional.empty();
    }

    private static ManagedChannel channel(String endpoint, Path ca, Optional<String> authority) {
        try {
            var credentials = TlsChannelCredentials.newBuilder().trustManager(ca.toFile()).build();
            var builder = Grpc.newChannelBuilder(endpoint, credentials).maxInboundMessageSize(128 * 1024 * 1024);
            authority.ifPresent(builder::overrideAuthority);
            return builder.build();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the TLS CA certificate " + ca, e);
        }
    }

    /** Certificate and private key files, from whichever identity layout the profile names. */
    static Path[] identityFiles(ConnectionProfile profile) {
        if (profile.get("certificate").isPresent()) {
            return new Path[] {Path.of(profile.require("certificate")), Path.of(profile.require("privateKey"))};
        }
        Path msp;
        if (profile.get("mspDirectory").isPresent()) {
            msp = Path.of(profile.require("mspDirectory"));
        } else if (profile.get("user").isPresent()) {
            msp = Path.of(profile.require("usersDirectory"))
                    .resolve(profile.require("user") + "@" + profile.require("domain")).resolve("msp");
        } else {
            throw new IllegalArgumentException("the connection profile names no identity: set certificate and"
                    + " privateKey, or mspDirectory, or user (with usersDirectory and domain)");
        }
        return new Path[] {onlyFile(msp.resolve("signcerts"), ".pem"), onlyFile(msp.resolve("keystore"), "")};
    }

    private static Path onlyFile(Path dir, String suffix) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList();
            if (all.size() != 1) {
                throw new IllegalArgumentException(dir + " should hold exactly one" + (suffix.isEmpty() ? "" : " " + suffix)
                        + " file, holds " + all.size());
            }
            return all.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}

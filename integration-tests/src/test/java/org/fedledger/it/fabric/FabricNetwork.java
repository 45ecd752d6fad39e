package org.fedledger.it.fabric;

import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.fedledger.sdk.gateway.GatewayLedger;
import org.fedledger.sdk.ledger.ConnectionProfile;
import org.fedledger.sdk.ledger.LedgerConnection;

/**
 * The running local network, as {@code test-network/network.sh up} describes it in
 * {@code $NETWORK_HOME/connection/org<i>.properties}: one TLS gRPC channel per organisation's peer,
 * opened once per test JVM and closed when it exits. Identities are the users cryptogen made.
 *
 * <pre>{@code
 * Member trainer = FabricNetwork.get().member(2, "User1");   // Org2's User1, through Org2's peer
 * }</pre>
 */
public final class FabricNetwork {
    private static FabricNetwork instance;

    private static final Pattern PROFILE_NAME = Pattern.compile("org([0-9]+)\\.properties");

    private final Path home;
    private final Map<Integer, OrgProfile> orgs = new TreeMap<>();
    private final Map<Integer, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final Map<String, Member> members = new ConcurrentHashMap<>();

    private FabricNetwork(Path home) {
        this.home = home;
        readOrganisations();
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "close-fabric-network"));
    }

    /**
     * Reads the connection profiles again, after {@code network.sh add-org} wrote a new organisation's
     * (and updated the others' failover peers): {@link #organisations()}, {@link #member} and
     * {@link #awaitAllPeersAt} include it from then on.
     */
    public synchronized void readOrganisations() {
        try (Stream<Path> files = Files.list(home.resolve("connection"))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Matcher name = PROFILE_NAME.matcher(file.getFileName().toString());
                if (name.matches()) {
                    orgs.put(Integer.parseInt(name.group(1)), OrgProfile.read(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the connection profiles in " + home, e);
        }
    }

    /** @return the numbers of the channel's organisations, as their connection profiles name them */
    public synchronized Set<Integer> organisations() {
        return Set.copyOf(orgs.keySet());
    }

    /**
     * The network under {@code -Dfedledger.networkHome} (Failsafe sets it to the project's
     * {@code test-network/.state}).
     *
     * @throws IllegalStateException when no network's connection profiles are there: the tests of this
     *     module run only against a network that is up and deployed
     */
    public static synchronized FabricNetwork get() {
        if (instance == null) {
            String dir = System.getProperty("fedledger.networkHome", System.getenv("NETWORK_HOME"));
            if (dir == null || !Files.isDirectory(Path.of(dir, "connection"))) {
                throw new IllegalStateException("no running network: " + dir + "/connection is missing; run "
                        + "test-network/network.sh up && test-network/network.sh deploy first");
            }
            instance = new FabricNetwork(Path.of(dir));
        }
        return instance;
    }

    /**
     * Waits until every organisation's peer has committed block {@code blockNumber}. The Gateway's
     * commit status comes from the submitter's own peer; another organisation acting right after
     * must not read its peer's state before that peer has the block too.
     */
    public void awaitAllPeersAt(long blockNumber) {
        long until = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        for (OrgProfile org : profiles()) {
            HeightProbe probe = heightProbes.computeIfAbsent(org.mspId(), msp -> new HeightProbe());
            while (probe.height(() -> height(org), blockNumber) <= blockNumber) {
                if (System.nanoTime() > until) {
                    throw new IllegalStateException(org.mspId() + "'s peer did not commit block " + blockNumber
                            + " within 30 s");
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /**
     * A peer's last read height, shared by every thread waiting on that peer: heights only grow, so a read
     * height above the block waited for answers at once, and threads that wait together share one read of
     * the peer's metrics every {@link #REREAD_NANOS} instead of each reading its own (a hundred trainers'
     * submits otherwise made the peers render their metrics some three hundred times a round).
     */
    private static final class HeightProbe {
        static final long REREAD_NANOS = java.time.Duration.ofMillis(5).toNanos();
        private long height;
        private long readAt = System.nanoTime() - REREAD_NANOS;

        synchronized long height(java.util.function.LongSupplier read, long blockNumber) {
            if (height <= blockNumber && System.nanoTime() - readAt >= REREAD_NANOS) {
                height = Math.max(height, read.getAsLong());
                readAt = System.nanoTime();
            }
            return height;
        }
    }

    private final java.util.concurrent.ConcurrentMap<String, HeightProbe> heightProbes =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** @return organisation {@code org}'s peer's channel height, from its Prometheus metrics (0 when not readable) */
    public long peerHeight(int org) {
        return height(org(org));
    }

    /**
     * @return how many passes organisation {@code org}'s peer's private data reconciler has made on the
     *     channel (Fabric's {@code gossip_privdata_reconciliation_duration} count; 0 before the first)
     */
    public long reconciliations(int org) {
        return channelMetric(org(org), "gossip_privdata_reconciliation_duration_count");
    }

    /** The peer's channel height from its Prometheus metrics (0 when not readable). */
    private long height(OrgProfile org) {
        return channelMetric(org, "ledger_blockchain_height");
    }

    /** A metric of the peer for the channel, from its Prometheus endpoint (0 when not readable). */
    private long channelMetric(OrgProfile org, String metric) {
        try {
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + org.peerOperations() + "/metrics"))
                    .timeout(java.time.Duration.ofSeconds(2)).build();
            String body = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            for (String line : body.split("\n")) {
                if (line.startsWith(metric + "{") && line.contains("channel=\"" + org.channel() + "\"")) {
                    return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return 0;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();

    /** The connection profile of {@code user} of organisation {@code org}, as the SDK reads it. */
    public ConnectionProfile profile(int org, String user) {
        return ConnectionProfile.load(home.resolve("connection").resolve("org" + org + ".properties"))
                .with("user", user);
    }

    /** An SDK connection of {@code user} of organisation {@code org} whose submits wait for every peer. */
    public LedgerConnection sdkConnection(int org, String user) {
        return new EveryPeerCommitted(GatewayLedger.open(profile(org, user)), this);
    }

    /** @return the folder holding the network's state */
    public Path home() {
        return home;
    }

    private synchronized List<OrgProfile> profiles() {
        return List.copyOf(orgs.values());
    }

    /** @return the profile of organisation {@code org} (1..3, and any that joined) */
    public synchronized OrgProfile org(int org) {
        OrgProfile profile = orgs.get(org);
        if (profile == null) {
            throw new IllegalArgumentException("no organisation " + org + "; the network has " + orgs.keySet());
        }
        return profile;
    }

    /**
     * A user of an organisation, connected through that organisation's own peer.
     *
     * @param org 1..3
     * @param user a cryptogen user name: {@code Admin}, {@code User1} .. {@code User4}
     */
    public Member member(int org, String user) {
        return members.computeIfAbsent(org + "/" + user, k -> Member.connect(org(org), user, channel(org),
                this::awaitAllPeersAt));
    }

    private ManagedChannel channel(int org) {
        return channels.computeIfAbsent(org, o -> {
            OrgProfile p = org(o);
            try {
                var credentials = TlsChannelCredentials.newBuilder().trustManager(p.tlsCaCertificate().toFile()).build();
                return Grpc.newChannelBuilder(p.peerEndpoint(), credentials).build();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + p.tlsCaCertificate(), e);
            }
        });
    }

    private void close() {
        members.values().forEach(Member::close);
        for (ManagedChannel channel : channels.values()) {
            channel.shutdownNow();
            try {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * One organisation's connection profile.
     *
     * @param mspId the organisation's MSP id
     * @param peerEndpoint host:port of its peer's gateway
     * @param peerOperations host:port of its peer's operations endpoint (health, metrics)
     * @param tlsCaCertificate the TLS CA certificate its peer's TLS certificate chains to
     * @param usersDirectory cryptogen's {@code users} folder of the organisation
     * @param domain the organisation's domain, part of each user folder's name
     * @param channel the channel name
     * @param chaincode the chaincode name
     */
    public record OrgProfile(String mspId, String peerEndpoint, String peerOperations, Path tlsCaCertificate,
            Path usersDirectory, String domain, String channel, String chaincode) {

        static OrgProfile read(Path file) {
            Properties p = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read connection profile " + file, e);
            }
            return new OrgProfile(required(p, "mspId", file), required(p, "peerEndpoint", file),
                    required(p, "peerOperations", file), Path.of(required(p, "tlsCaCertificate", file)), Path.of(required(p, "usersDirectory", file)),
                    required(p, "domain", file), required(p, "channel", file), required(p, "chaincode", file));
        }

        private static String required(Properties p, String key, Path file) {
            String value = p.getProperty(key);
            if (value == null || value.isBlank()) {
                throw new IllegalStateException(file + " has no " + key);
            }
            return value.strip();
        }

        /** @return the MSP folder of {@code user} in cryptogen's layout */
        public Path mspOf(String user) {
            return usersDirectory.resolve(user + "@" + domain).resolve("msp");
        }
    }
}

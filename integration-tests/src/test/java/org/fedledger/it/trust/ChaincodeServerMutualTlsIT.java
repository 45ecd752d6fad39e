package org.fedledger.it.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.fedledger.it.faults.NetworkProcess;
import org.fedledger.it.fabric.Consortium;
import org.fedledger.it.fabric.FabricNetwork;
import org.fedledger.it.fabric.TrainingTask;
import org.hyperledger.fabric.client.identity.Identities;
import org.junit.jupiter.api.Test;

/**
 * Each organisation's chaincode server on the real network talks only to a client that holds a TLS
 * certificate of the organisation's TLS CA (its peer): a local process that reaches the port without
 * one, or with another organisation's, is refused in the TLS handshake, while the rounds go on. Each
 * probe checks the server's certificate against the organisation's TLS CA and 127.0.0.1 first, then
 * sends HTTP/2's client preface: a server that accepts the client answers with its SETTINGS frame, one
 * that refuses it answers with a TLS alert.
 */
class ChaincodeServerMutualTlsIT {
    private static final byte[] HTTP2_PREFACE_AND_SETTINGS = concat(
            "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
            new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});

    private final FabricNetwork network = FabricNetwork.get();

    /** What a chaincode server did with a probe's connection once the TLS handshake was under way. */
    enum Answer {
        /** It sent HTTP/2 frames: it serves this client. */
        SERVED,
        /** It ended the connection with a TLS alert, or closed it, before it sent a byte of HTTP/2. */
        REFUSED
    }

    @Test
    void a_client_without_a_certificate_is_refused_by_every_organisations_chaincode_server() throws Exception {
        for (int org = 1; org <= 3; org++) {
            assertThat(probe(org, Optional.empty())).as("Org%d's chaincode server, no client certificate", org)
                    .isEqualTo(Answer.REFUSED);
        }
    }

    @Test
    void a_client_with_another_organisations_tls_certificate_is_refused() throws Exception {
        for (int org = 1; org <= 3; org++) {
            int other = org % 3 + 1;
            assertThat(probe(org, Optional.of(userTls(other))))
                    .as("Org%d's chaincode server, Org%d's User1 TLS certificate", org, other)
                    .isEqualTo(Answer.REFUSED);
        }
    }

    @Test
    void the_organisations_own_peer_certificate_is_served() throws Exception {
        for (int org = 1; org <= 3; org++) {
            assertThat(probe(org, Optional.of(peerTls(org)))).as("Org%d's chaincode server, its peer's certificate", org)
                    .isEqualTo(Answer.SERVED);
        }
    }

    @Test
    void a_round_becomes_final_while_strangers_knock_at_every_chaincode_server() throws Exception {
        Consortium net = Consortium.get();
        TrainingTask task = net.newTask("mtls", Map.of());
        task.openRound();
        task.submitUpdate(net.trainer1, 1, TrainingTask.model(1f), 100);
        strangersAreRefused();
        task.submitUpdate(net.trainer2, 1, TrainingTask.model(2f), 300);
        task.submitUpdate(net.trainer3, 1, TrainingTask.model(3f), 600);
        task.closeRound(net.coordinator, 1);
        strangersAreRefused();
        TrainingTask.Proposal proposal = task.aggregate(1);
        task.propose(1, proposal);
        task.attest(net.verifier2, 1, 1, "AGREE", proposal.outputHash());
        task.attest(net.verifier3, 1, 1, "AGREE", proposal.outputHash());
        assertThat(task.resolve(net.verifier3, 1)).containsEntry("state", "FINAL");
    }

    private void strangersAreRefused() throws Exception {
        for (int org = 1; org <= 3; org++) {
            assertThat(probe(org, Optional.empty())).isEqualTo(Answer.REFUSED);
            assertThat(probe(org, Optional.of(userTls(org % 3 + 1)))).isEqualTo(Answer.REFUSED);
        }
    }

    /** A TLS key and certificate a client may present. */
    private record ClientTls(Path certificate, Path key) {}

    private ClientTls peerTls(int org) {
        FabricNetwork.OrgProfile profile = network.org(org);
        Path tls = orgDirectory(org).resolve("peers").resolve("peer0." + profile.domain()).resolve("tls");
        return new ClientTls(tls.resolve("server.crt"), tls.resolve("server.key"));
    }

    private ClientTls userTls(int org) {
        FabricNetwork.OrgProfile profile = network.org(org);
        Path tls = profile.usersDirectory().resolve("User1@" + profile.domain()).resolve("tls");
        return new ClientTls(tls.resolve("client.crt"), tls.resolve("client.key"));
    }

    private Path orgDirectory(int org) {
        return network.org(org).usersDirectory().getParent();
    }

    /**
     * Connects to {@code org}'s chaincode server where the script started it, presenting {@code client}'s
     * certificate if any, and reports what the server answered.
     */
    private Answer probe(int org, Optional<ClientTls> client) throws Exception {
        NetworkProcess server = NetworkProcess.of(network.home(), "chaincode" + org);
        String address = server.environment("CHAINCODE_SERVER_ADDRESS").orElseThrow();
        Path serverCa = Path.of(server.environment("CORE_PEER_TLS_ROOTCERT_FILE").orElseThrow());
        // The server's certificate must chain to the organisation's own TLS CA, the one its peer trusts.
        assertThat(Files.readString(serverCa)).isEqualTo(Files.readString(network.org(org).tlsCaCertificate()));
        int colon = address.lastIndexOf(':');
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(client.isPresent() ? keyManagers(client.get()) : null, trustManagers(serverCa), null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))),
                    10_000);
            socket.setSoTimeout(10_000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            parameters.setApplicationProtocols(new String[] {"h2"});
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            assertThat(socket.getApplicationProtocol()).isEqualTo("h2");
            try {
                OutputStream out = socket.getOutputStream();
                out.write(HTTP2_PREFACE_AND_SETTINGS);
                out.flush();
                InputStream in = socket.getInputStream();
                return in.read() < 0 ? Answer.REFUSED : Answer.SERVED;
            } catch (SSLException | SocketException ended) {
                // A TLS alert, or the connection already closed after one (broken pipe, reset).
                return Answer.REFUSED;
            }
        }
    }

    private static javax.net.ssl.TrustManager[] trustManagers(Path ca) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("ca", Identities.readX509Certificate(Files.readString(ca)));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    private static javax.net.ssl.KeyManager[] keyManagers(ClientTls client) throws IOException, GeneralSecurityException {
        X509Certificate certificate = Identities.readX509Certificate(Files.readString(client.certificate()));
        PrivateKey key = Identities.readPrivateKey(Files.readString(client.key()));
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        char[] password = new char[0];
        store.setKeyEntry("client", key, password, new X509Certificate[] {certificate});
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password);
        return factory.getKeyManagers();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

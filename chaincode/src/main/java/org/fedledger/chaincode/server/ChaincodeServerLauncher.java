package org.fedledger.chaincode.server;

import java.util.Map;
import java.util.Optional;
import org.hyperledger.fabric.contract.ContractRouter;
import org.hyperledger.fabric.shim.ChaincodeServerProperties;
import org.hyperledger.fabric.shim.NettyChaincodeServer;

/**
 * The main class of chaincode.jar: the FedLedger contract as a chaincode-as-a-service server, listening
 * on {@code CHAINCODE_SERVER_ADDRESS}, with mutual TLS whenever TLS is on.
 *
 * <p>The shim's own main class serves TLS with the server's key and certificate
 * ({@code CORE_TLS_CLIENT_KEY_FILE}, {@code CORE_TLS_CLIENT_CERT_FILE}) but accepts any client, so a
 * process that reaches the port can drive the chaincode as if it were the peer. This launcher adds
 * the client's side: with {@code CORE_PEER_TLS_ENABLED=true} the server trusts only the CA
 * certificates in {@code CORE_PEER_TLS_ROOTCERT_FILE} (the organisation's TLS CA) and refuses, during
 * the TLS handshake, a client that presents no certificate or one another CA issued. Without TLS it
 * serves plaintext, as the shim does (local tests only; the network scripts always turn TLS on).
 *
 * <pre>{@code
 * CHAINCODE_SERVER_ADDRESS=127.0.0.1:9990 CORE_CHAINCODE_ID_NAME=fedledger_1.0:<hash> \
 * CORE_PEER_TLS_ENABLED=true CORE_PEER_TLS_ROOTCERT_FILE=tlsca.pem \
 * CORE_TLS_CLIENT_KEY_FILE=server.key CORE_TLS_CLIENT_CERT_FILE=server.crt \
 * CORE_TLS_CLIENT_KEY_PATH=server.key CORE_TLS_CLIENT_CERT_PATH=server.crt \
 *   java -jar chaincode.jar
 * }</pre>
 */
public final class ChaincodeServerLauncher {

    /** The shim's name for the CA certificates a peer's TLS certificate must chain to. */
    static final String TRUSTED_CLIENT_CAS = "CORE_PEER_TLS_ROOTCERT_FILE";

    private ChaincodeServerLauncher() {}

    /**
     * Starts the server and blocks until the JVM shuts down.
     *
     * @param args the shim's command-line options (none are needed)
     * @throws IllegalStateException when {@code CHAINCODE_SERVER_ADDRESS} is not set (chaincode.jar
     *     runs only as a service) or TLS is on without {@code CORE_PEER_TLS_ROOTCERT_FILE}
     * @throws Exception when the shim cannot start the server (an unreadable key or certificate)
     */
    public static void main(String[] args) throws Exception {
        ContractRouter router = new ContractRouter(args);
        if (!router.isServer()) {
            throw new IllegalStateException("CHAINCODE_SERVER_ADDRESS is not set: chaincode.jar runs only as a"
                    + " chaincode-as-a-service server");
        }
        ChaincodeServerProperties properties = requireClientCertificates(router.getChaincodeServerConfig(),
                System.getenv());
        router.startRouterWithChaincodeServer(new NettyChaincodeServer(router, properties));
    }

    /**
     * Makes a TLS server require a client certificate from the CAs that {@code environment} names.
     *
     * <pre>{@code
     * ChaincodeServerProperties p = requireClientCertificates(router.getChaincodeServerConfig(), System.getenv());
     * }</pre>
     *
     * @param properties the shim's server properties, changed in place
     * @param environment the process environment
     * @return {@code properties}, which with TLS on now require a client certificate that chains to
     *     {@code CORE_PEER_TLS_ROOTCERT_FILE}'s CAs; unchanged without TLS
     * @throws IllegalStateException when TLS is on and the environment names no trusted CA file
     */
    static ChaincodeServerProperties requireClientCertificates(ChaincodeServerProperties properties,
            Map<String, String> environment) {
        if (!properties.isTlsEnabled()) {
            return properties;
        }
        String trusted = Optional.ofNullable(environment.get(TRUSTED_CLIENT_CAS)).filter(s -> !s.isBlank())
                .orElseThrow(() -> new IllegalStateException("TLS is on but " + TRUSTED_CLIENT_CAS
                        + " names no CA: the server would accept any client"));
        properties.setTrustCertCollectionFile(trusted);
        return properties;
    }
}

package org.fedledger.chaincode.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.hyperledger.fabric.shim.ChaincodeServerProperties;
import org.junit.jupiter.api.Test;

/**
 * What the launcher asks of the shim's server: with TLS on, a client certificate from the CAs the
 * environment names, and no start at all without them. That the running server then refuses other
 * clients is {@code ChaincodeServerMutualTlsIT}'s, on the real network.
 */
class ChaincodeServerLauncherTest {

    private static ChaincodeServerProperties tls(boolean on) {
        ChaincodeServerProperties properties = new ChaincodeServerProperties();
        properties.setTlsEnabled(on);
        properties.setKeyFile("server.key");
        properties.setKeyCertChainFile("server.crt");
        return properties;
    }

    @Test
    void a_tls_server_trusts_only_the_cas_the_environment_names_for_clients() {
        ChaincodeServerProperties properties = ChaincodeServerLauncher.requireClientCertificates(tls(true),
                Map.of(ChaincodeServerLauncher.TRUSTED_CLIENT_CAS, "/state/org1/chaincode/tls/ca.crt"));
        // The shim's server requires a client certificate exactly when a trust collection is set.
        assertThat(properties.getTrustCertCollectionFile()).isEqualTo("/state/org1/chaincode/tls/ca.crt");
    }

    @Test
    void a_tls_server_without_a_ca_for_clients_does_not_start() {
        assertThatThrownBy(() -> ChaincodeServerLauncher.requireClientCertificates(tls(true), Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("CORE_PEER_TLS_ROOTCERT_FILE");
        assertThatThrownBy(() -> ChaincodeServerLauncher.requireClientCertificates(tls(true),
                Map.of(ChaincodeServerLauncher.TRUSTED_CLIENT_CAS, " ")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_plaintext_server_is_left_as_the_shim_configured_it() {
        ChaincodeServerProperties properties = ChaincodeServerLauncher.requireClientCertificates(tls(false),
                Map.of(ChaincodeServerLauncher.TRUSTED_CLIENT_CAS, "/ca.crt"));
        assertThat(properties.getTrustCertCollectionFile()).isNull();
    }
}

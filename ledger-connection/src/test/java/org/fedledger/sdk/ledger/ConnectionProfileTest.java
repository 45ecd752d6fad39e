package org.fedledger.sdk.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionProfileTest {
    @Test
    void environment_variables_override_the_profile_file_they_name(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("org1.properties");
        Files.writeString(file, "mspId=Org1MSP\npeerEndpoint=127.0.0.1:7151\nchannel=fedledger\n");
        ConnectionProfile p = ConnectionProfile.fromEnvironment(Map.of("FEDLEDGER_PROFILE", file.toString(),
                "FEDLEDGER_PEER_ENDPOINT", "127.0.0.1:9999", "FEDLEDGER_USER", "User2", "PATH", "/bin"));
        assertThat(p.require("mspId")).isEqualTo("Org1MSP");
        assertThat(p.require("peerEndpoint")).isEqualTo("127.0.0.1:9999");
        assertThat(p.require("user")).isEqualTo("User2");
        assertThat(p.properties()).doesNotContainKey("path");
        assertThat(p.ledger()).isEqualTo("fabric");
    }

    @Test
    void a_missing_key_is_named_with_its_environment_variable() {
        assertThatThrownBy(() -> ConnectionProfile.of(Map.of()).require("tlsCaCertificate"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FEDLEDGER_TLS_CA_CERTIFICATE");
    }

    @Test
    void an_unknown_ledger_kind_is_refused_with_what_is_available() {
        assertThatThrownBy(() -> LedgerProvider.open(ConnectionProfile.of(Map.of("ledger", "mainframe"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mainframe");
    }
}

package org.fedledger.sdk.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionProfileTest {
    private static Path profileFile(Path dir, String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    @Nested
    class TheOneRule {
        @Test
        void environment_variables_override_the_profile_file_they_name(@TempDir Path dir) throws Exception {
            Path file = profileFile(dir, "org1.properties", "mspId=Org1MSP\npeerEndpoint=127.0.0.1:7151\nchannel=fedledger\n");
            ConnectionProfile p = ConnectionProfile.fromEnvironment(null, Map.of("FEDLEDGER_PROFILE", file.toString(),
                    "FEDLEDGER_PEER_ENDPOINT", "127.0.0.1:9999", "FEDLEDGER_USER", "User2", "PATH", "/bin"));
            assertThat(p.require("mspId")).isEqualTo("Org1MSP");
            assertThat(p.require("peerEndpoint")).isEqualTo("127.0.0.1:9999");
            assertThat(p.require("user")).isEqualTo("User2");
            assertThat(p.properties()).doesNotContainKey("path");
            assertThat(p.ledger()).isEqualTo("fabric");
        }

        @Test
        void environment_variables_override_a_file_given_explicitly_as_they_do_the_named_one(@TempDir Path dir)
                throws Exception {
            Path file = profileFile(dir, "org1.properties", "mspId=Org1MSP\nuser=User1\n");
            ConnectionProfile p = ConnectionProfile.fromEnvironment(file, Map.of("FEDLEDGER_USER", "Admin"));
            assertThat(p.require("user")).isEqualTo("Admin");
            assertThat(p.require("mspId")).isEqualTo("Org1MSP");
        }

        @Test
        void a_file_given_explicitly_replaces_the_one_FEDLEDGER_PROFILE_names(@TempDir Path dir) throws Exception {
            Path named = profileFile(dir, "org1.properties", "mspId=Org1MSP\nchannel=one\n");
            Path given = profileFile(dir, "org2.properties", "mspId=Org2MSP\n");
            ConnectionProfile p = ConnectionProfile.fromEnvironment(given, Map.of("FEDLEDGER_PROFILE", named.toString()));
            assertThat(p.require("mspId")).isEqualTo("Org2MSP");
            assertThat(p.get("channel")).isEmpty();
        }

        @Test
        void a_value_set_in_code_overrides_the_environment(@TempDir Path dir) throws Exception {
            Path file = profileFile(dir, "org1.properties", "mspId=Org1MSP\nuser=User1\n");
            ConnectionProfile p = ConnectionProfile.fromEnvironment(file, Map.of("FEDLEDGER_USER", "Admin"))
                    .with("user", "User3");
            assertThat(p.require("user")).isEqualTo("User3");
        }
    }

    @Nested
    class RenamedKeys {
        @Test
        void organisation_in_a_file_is_refused_naming_mspId(@TempDir Path dir) throws Exception {
            Path file = profileFile(dir, "old.properties", "ledger=embedded\norganisation=Org2MSP\n");
            assertThatThrownBy(() -> ConnectionProfile.load(file))
                    .isInstanceOfSatisfying(RenamedProfileKeyException.class, e -> {
                        assertThat(e.key()).isEqualTo("organisation");
                        assertThat(e.replacement()).isEqualTo("mspId");
                    })
                    .hasMessageContaining("'mspId'").hasMessageContaining("FEDLEDGER_MSP_ID");
        }

        @Test
        void organisation_as_a_variable_is_refused_naming_mspId() {
            assertThatThrownBy(() -> ConnectionProfile.fromEnvironment(null, Map.of("FEDLEDGER_ORGANISATION", "Org2MSP")))
                    .isInstanceOf(RenamedProfileKeyException.class).hasMessageContaining("'mspId'");
        }

        @Test
        void organisation_set_in_code_is_refused_naming_mspId() {
            ConnectionProfile p = ConnectionProfile.of(Map.of("ledger", "embedded"));
            assertThatThrownBy(() -> p.with("organisation", "Org2MSP"))
                    .isInstanceOf(RenamedProfileKeyException.class).hasMessageContaining("'mspId'");
            assertThatThrownBy(() -> ConnectionProfile.of(Map.of("organisation", "Org2MSP")))
                    .isInstanceOf(RenamedProfileKeyException.class);
        }
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

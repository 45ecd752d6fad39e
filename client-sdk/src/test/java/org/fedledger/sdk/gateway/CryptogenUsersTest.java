package org.fedledger.sdk.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.fedledger.sdk.ledger.ConnectionProfile;
import org.fedledger.sdk.ledger.LedgerProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On Fabric, a member's certificate is found in the profile's users folder, as cryptogen writes it. */
class CryptogenUsersTest {
    @TempDir
    Path dir;

    private ConnectionProfile profile() {
        return ConnectionProfile.of(Map.of("ledger", "fabric", "mspId", "Org1MSP", "usersDirectory", dir.toString(),
                "domain", "org1.example.com"));
    }

    @Test
    void a_members_certificate_is_read_from_its_signcerts_folder() throws Exception {
        Path signcerts = Files.createDirectories(dir.resolve("User3@org1.example.com/msp/signcerts"));
        Files.writeString(signcerts.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\nuser3\n");
        assertThat(LedgerProvider.of("fabric").memberCertificate(profile(), "User3"))
                .isEqualTo("-----BEGIN CERTIFICATE-----\nuser3\n");
    }

    @Test
    void a_member_missing_from_the_users_folder_is_bad_input_naming_the_folder() {
        assertThatThrownBy(() -> LedgerProvider.of("fabric").memberCertificate(profile(), "User4"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no member User4 in");
    }

    @Test
    void a_profile_without_a_users_folder_cannot_name_members() {
        ConnectionProfile bare = ConnectionProfile.of(Map.of("ledger", "fabric", "mspId", "Org1MSP"));
        assertThatThrownBy(() -> LedgerProvider.of("fabric").memberCertificate(bare, "User3"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("usersDirectory and domain");
    }
}

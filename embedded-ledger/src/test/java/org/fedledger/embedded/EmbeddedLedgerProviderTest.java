package org.fedledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.fedledger.sdk.errors.LedgerCorruptException;
import org.fedledger.sdk.errors.LedgerUnavailableException;
import org.fedledger.sdk.ledger.ConnectionProfile;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.fedledger.sdk.ledger.LedgerProvider;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code embedded} provider: its connections to one folder share a ledger that closes with the
 * last of them, with no state outside the provider instance; failures to open are the SDK's.
 */
class EmbeddedLedgerProviderTest {
    @TempDir
    Path dir;

    private ConnectionProfile profile(String msp, String user) {
        return ConnectionProfile.of(Map.of("ledger", "embedded", "dataDirectory", dir.toString(), "mspId", msp,
                "user", user));
    }

    /** Fails with DataFolderInUseException while any ledger in this JVM holds the folder. */
    private void openAndCloseTheFolder() {
        EmbeddedLedger.builder().dataFolder(dir).build().close();
    }

    @Test
    void the_service_loader_finds_it_by_its_kind() {
        assertThat(LedgerProvider.of("embedded")).isInstanceOf(EmbeddedLedgerProvider.class);
    }

    @Nested
    class Lifetime {
        @Test
        void connections_of_one_provider_share_one_ledger_which_closes_with_the_last_of_them() {
            LedgerProvider ledgers = LedgerProvider.of(EmbeddedLedgerProvider.KIND);
            LedgerConnection admin = ledgers.connect(profile("Org1MSP", "Admin"));
            LedgerConnection user = ledgers.connect(profile("Org2MSP", "User1"));
            assertThat(user.blockHeight()).isEqualTo(admin.blockHeight()).isEqualTo(1);

            admin.close();
            assertThat(user.blockHeight()).isEqualTo(1);
            assertThatThrownBy(EmbeddedLedgerProviderTest.this::openAndCloseTheFolder)
                    .isInstanceOf(DataFolderInUseException.class);

            user.close();
            assertThatThrownBy(user::blockHeight).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
            openAndCloseTheFolder();
        }

        @Test
        void a_connection_closed_twice_releases_the_ledger_once() {
            LedgerProvider ledgers = LedgerProvider.of(EmbeddedLedgerProvider.KIND);
            LedgerConnection first = ledgers.connect(profile("Org1MSP", "User1"));
            try (LedgerConnection second = ledgers.connect(profile("Org1MSP", "User2"))) {
                first.close();
                first.close();
                assertThat(second.blockHeight()).isEqualTo(1);
            }
            openAndCloseTheFolder();
        }

        @Test
        void a_connection_opened_on_its_own_owns_its_ledger() {
            try (LedgerConnection c = LedgerProvider.open(profile("Org3MSP", "User1"))) {
                assertThat(c.identity().mspId()).isEqualTo("Org3MSP");
            }
            openAndCloseTheFolder();
        }

        @Test
        void a_profile_naming_an_organisation_the_ledger_lacks_is_refused_and_leaves_the_folder_free() {
            LedgerProvider ledgers = LedgerProvider.of(EmbeddedLedgerProvider.KIND);
            assertThatThrownBy(() -> ledgers.connect(profile("Org9MSP", "User1")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no organisation Org9MSP");
            openAndCloseTheFolder();
        }
    }

    @Nested
    class FailuresToOpen {
        @Test
        void a_folder_another_provider_holds_is_an_unavailable_ledger() {
            try (LedgerConnection holder = LedgerProvider.open(profile("Org1MSP", "User1"))) {
                LedgerUnavailableException e = catchThrowableOfType(LedgerUnavailableException.class,
                        () -> LedgerProvider.open(profile("Org1MSP", "User2")));
                assertThat(e).hasMessageContaining("is in use by another ledger in this process")
                        .hasCauseInstanceOf(DataFolderInUseException.class);
                assertThat(e.retryable()).isTrue();
                assertThat(holder.blockHeight()).isEqualTo(1);
            }
        }

        @Test
        void a_damaged_block_log_is_a_corrupt_ledger_naming_the_block() throws IOException {
            openAndCloseTheFolder();
            Path log = dir.resolve("blocks.log");
            byte[] bytes = Files.readAllBytes(log);
            bytes[bytes.length - 5] ^= 0x5a;
            Files.write(log, bytes);

            LedgerCorruptException e = catchThrowableOfType(LedgerCorruptException.class,
                    () -> LedgerProvider.open(profile("Org1MSP", "User1")));
            assertThat(e.blockNumber()).isZero();
            assertThat(e.retryable()).isFalse();
            assertThat(e).hasMessageContaining("block log is corrupt at block 0: CHECKSUM")
                    .hasCauseInstanceOf(CorruptLedgerException.class);
            assertThat(Files.readAllBytes(log)).isEqualTo(bytes);
        }
    }

    @Nested
    class MemberCertificates {
        @Test
        void a_members_certificate_is_the_one_it_connects_with_and_the_look_up_leaves_the_folder_free() {
            LedgerProvider ledgers = LedgerProvider.of(EmbeddedLedgerProvider.KIND);
            String pem = ledgers.memberCertificate(profile("Org2MSP", "Admin"), "User5");
            openAndCloseTheFolder();
            try (LedgerConnection member = ledgers.connect(profile("Org2MSP", "User5"))) {
                assertThat(member.identity().certificatePem()).isEqualTo(pem);
                // While a connection holds the ledger, a look-up goes through the same ledger.
                assertThat(ledgers.memberCertificate(profile("Org2MSP", "Admin"), "User5")).isEqualTo(pem);
            }
        }

        @Test
        void members_of_different_organisations_have_different_certificates() {
            LedgerProvider ledgers = LedgerProvider.of(EmbeddedLedgerProvider.KIND);
            assertThat(ledgers.memberCertificate(profile("Org1MSP", "Admin"), "User5"))
                    .isNotEqualTo(ledgers.memberCertificate(profile("Org2MSP", "Admin"), "User5"));
        }
    }
}

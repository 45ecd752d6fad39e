package org.fedledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data at rest: another local user of the machine reads none of the embedded ledger's data folder,
 * which holds every organisation's CA and member keys, the block log and the private payloads beside
 * it. Every file is {@code 0600} and every folder {@code 0700}; a folder written world-readable by an
 * earlier version is made owner-only when it is opened again.
 */
class DataAtRestTest {
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");

    @TempDir
    Path parent;

    private Path folder() {
        return parent.resolve("ledger");
    }

    /** A round with two updates (private payloads) in a durable network in {@link #folder()}. */
    private void roundWithTwoUpdates() {
        try (Network net = Network.durable(folder(), true)) {
            Task task = Task.create(net, "mnist");
            task.openRound();
            task.submitUpdate(net.trainer1, 1, Task.model(1f), 100);
            task.submitUpdate(net.trainer2, 1, Task.model(2f), 300);
        }
    }

    /** Every path under (and including) the data folder with its permissions, as {@code rwx} strings. */
    private Map<String, String> permissions() throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(folder())) {
            for (Path p : all.toList()) {
                out.put(folder().relativize(p) + (Files.isDirectory(p) ? "/" : ""),
                        PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
            }
        }
        return out;
    }

    private void assertOwnerOnly() throws IOException {
        Map<String, String> permissions = permissions();
        assertThat(permissions).containsKeys("/", "blocks.log", "LOCK", "crypto/")
                .hasKeySatisfying(new org.assertj.core.api.Condition<>(k -> k.endsWith("ca.pem"), "a CA key"))
                .hasKeySatisfying(new org.assertj.core.api.Condition<>(k -> k.contains("client-"), "a member key"));
        permissions.forEach((path, mode) -> assertThat(mode).as(path)
                .isEqualTo(PosixFilePermissions.toString(path.endsWith("/") ? FOLDER : FILE)));
    }

    @Test
    void a_new_data_folder_holds_keys_blocks_and_private_payloads_readable_by_its_owner_only() throws IOException {
        roundWithTwoUpdates();
        assertOwnerOnly();
    }

    @Test
    void a_data_folder_written_world_readable_is_made_owner_only_when_reopened() throws IOException {
        roundWithTwoUpdates();
        try (Stream<Path> all = Files.walk(folder())) {
            for (Path p : all.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x"
                        : "rw-r--r--"));
            }
        }
        try (Network net = Network.durable(folder(), false)) {
            assertThat(net.ledger.height()).isPositive();
        }
        Map<String, String> permissions = permissions();
        // The crypto folder only names the organisations; what it holds is made owner-only.
        permissions.remove("crypto/");
        permissions.forEach((path, mode) -> assertThat(mode).as(path)
                .isEqualTo(PosixFilePermissions.toString(path.endsWith("/") ? FOLDER : FILE)));
        assertThat(List.copyOf(permissions.keySet())).contains("blocks.log", "LOCK");
    }
}

package org.fedledger.sdk.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyFilesTest {
    @TempDir
    Path dir;

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static void worldReadable(Path p) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x"
                : "rw-r--r--"));
    }

    @Nested
    class Folders {
        @Test
        void a_new_folder_and_every_missing_parent_are_owner_only_and_existing_parents_are_left_alone()
                throws IOException {
            worldReadable(dir);
            Path folder = OwnerOnlyFiles.folder(dir.resolve("a/b/c"));
            assertThat(mode(folder)).isEqualTo("rwx------");
            assertThat(mode(dir.resolve("a"))).isEqualTo("rwx------");
            assertThat(mode(dir.resolve("a/b"))).isEqualTo("rwx------");
            assertThat(mode(dir)).isEqualTo("rwxr-xr-x");
        }

        @Test
        void a_shared_folder_anyone_may_write_to_is_left_as_it_is() throws IOException {
            Path shared = Files.createDirectory(dir.resolve("tmp"));
            Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
            OwnerOnlyFiles.folder(shared);
            assertThat(mode(shared)).isEqualTo("rwxrwxrwx");
        }

        @Test
        void an_existing_world_readable_folder_is_made_owner_only() throws IOException {
            Path folder = Files.createDirectory(dir.resolve("old"));
            worldReadable(folder);
            OwnerOnlyFiles.folder(folder);
            assertThat(mode(folder)).isEqualTo("rwx------");
        }
    }

    @Nested
    class RegularFiles {
        @Test
        void a_file_opened_for_the_first_time_is_created_owner_only() throws IOException {
            Path file = dir.resolve("blocks.log");
            try (FileChannel channel = OwnerOnlyFiles.open(file, StandardOpenOption.WRITE)) {
                assertThat(channel.size()).isZero();
            }
            assertThat(mode(file)).isEqualTo("rw-------");
        }

        @Test
        void an_existing_world_readable_file_is_made_owner_only_when_opened_and_keeps_its_content()
                throws IOException {
            Path file = Files.writeString(dir.resolve("blocks.log"), "blocks");
            worldReadable(file);
            try (FileChannel channel = OwnerOnlyFiles.open(file, StandardOpenOption.READ)) {
                assertThat(channel.size()).isEqualTo(6);
            }
            assertThat(mode(file)).isEqualTo("rw-------");
        }

        @Test
        void a_replaced_file_is_owner_only_even_where_a_world_readable_one_stood_and_leaves_no_temporary_file()
                throws IOException {
            Path file = Files.writeString(dir.resolve("ca.pem"), "old");
            worldReadable(file);
            OwnerOnlyFiles.replace(file, "-----BEGIN PRIVATE KEY-----".getBytes(StandardCharsets.US_ASCII), true);
            assertThat(Files.readString(file)).isEqualTo("-----BEGIN PRIVATE KEY-----");
            assertThat(mode(file)).isEqualTo("rw-------");
            assertThat(dir.resolve("ca.pem.tmp")).doesNotExist();
        }

        @Test
        void a_temporary_file_left_by_a_crash_is_replaced_not_reused() throws IOException {
            Path file = dir.resolve("state");
            Path stale = Files.writeString(dir.resolve("state.tmp"), "stale and world-readable");
            worldReadable(stale);
            OwnerOnlyFiles.replace(file, "new".getBytes(StandardCharsets.UTF_8), false);
            assertThat(Files.readString(file)).isEqualTo("new");
            assertThat(mode(file)).isEqualTo("rw-------");
        }

        @Test
        void restrict_makes_a_file_0600_and_a_folder_0700() throws IOException {
            Path file = Files.writeString(dir.resolve("key.pem"), "k");
            Path folder = Files.createDirectory(dir.resolve("crypto"));
            worldReadable(file);
            worldReadable(folder);
            OwnerOnlyFiles.restrict(file);
            OwnerOnlyFiles.restrict(folder);
            assertThat(mode(file)).isEqualTo("rw-------");
            assertThat(mode(folder)).isEqualTo("rwx------");
        }
    }
}

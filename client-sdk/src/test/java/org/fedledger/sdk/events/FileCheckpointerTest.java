package org.fedledger.sdk.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.fedledger.sdk.ledger.EventPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCheckpointerTest {
    @TempDir
    Path dir;

    @Test
    void a_new_checkpoint_has_no_position_and_a_written_one_is_read_back_after_a_restart() {
        Path file = dir.resolve("sub/verifier.checkpoint");
        FileCheckpointer first = FileCheckpointer.at(file);
        assertThat(first.position()).isEmpty();
        first.checkpoint(12, "tx-a");
        first.checkpoint(13, "tx-b");
        assertThat(first.position()).hasValue(EventPosition.after(13, "tx-b"));
        assertThat(FileCheckpointer.at(file).position()).hasValue(EventPosition.after(13, "tx-b"));
        assertThat(file.resolveSibling("verifier.checkpoint.tmp")).doesNotExist();
    }

    @Test
    void the_checkpoint_and_the_folder_made_for_it_are_readable_by_their_owner_only() throws Exception {
        Path file = dir.resolve("state/verifier.checkpoint");
        FileCheckpointer.at(file).checkpoint(3, "tx-a");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(
                file.getParent()))).isEqualTo("rwx------");
    }

    @Test
    void a_file_that_is_not_a_checkpoint_is_refused_rather_than_guessed() throws Exception {
        Path file = dir.resolve("bad.checkpoint");
        Files.writeString(file, "twelve\ntx\n");
        assertThatThrownBy(() -> FileCheckpointer.at(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a FedLedger event checkpoint");
    }
}

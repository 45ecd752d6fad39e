package org.fedledger.sdk.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verifier service's watched rounds: kept in a file rewritten whenever, and only when, they change. */
class WatchedRoundsTest {
    @TempDir
    Path folder;

    @Test
    void the_file_is_rewritten_when_a_round_or_its_deadline_changes_and_not_when_it_is_added_again_unchanged()
            throws Exception {
        Path file = folder.resolve("watched-rounds");
        VerifierService.WatchedRounds watched = VerifierService.WatchedRounds.at(file);
        watched.add("t", 1, 100);
        assertThat(Files.readString(file)).isEqualTo("t\t1\t100\n");

        Files.delete(file);
        watched.add("t", 1, 100);
        assertThat(file).as("the same round and deadline: nothing to write").doesNotExist();

        watched.add("t", 1, 130);
        assertThat(Files.readString(file)).isEqualTo("t\t1\t130\n");
        watched.add("t", 2, 130);
        assertThat(Files.readString(file)).isEqualTo("t\t1\t130\nt\t2\t130\n");
        assertThat(VerifierService.WatchedRounds.at(file).overdue(131)).hasSize(2);
    }
}

package org.fedledger.it.fabric;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * A byte-for-byte search of a node's files (ledger, private data store, transient store): what a peer
 * holds of a payload, whatever store keeps it.
 *
 * <pre>{@code
 * assertThat(PeerFiles.containing(network.home().resolve("peer3"), marker)).isEmpty();
 * }</pre>
 */
public final class PeerFiles {
    private PeerFiles() {
    }

    /**
     * @param root a node's folder
     * @param marker the bytes to find
     * @return every regular file below {@code root} that holds {@code marker} (files removed meanwhile are skipped)
     */
    public static List<Path> containing(Path root, byte[] marker) {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                try {
                    if (holds(Files.readAllBytes(file), marker)) {
                        found.add(file);
                    }
                } catch (NoSuchFileException compactedAway) {
                    // A store compacted the file while the walk ran; its content is in the files it wrote.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search " + root, e);
        }
        return Collections.unmodifiableList(found);
    }

    /**
     * @param bytes what to search
     * @param marker the bytes to find
     * @return whether {@code bytes} hold {@code marker} (each byte one Latin-1 character, so a text search)
     */
    public static boolean holds(byte[] bytes, byte[] marker) {
        return new String(bytes, StandardCharsets.ISO_8859_1).contains(new String(marker, StandardCharsets.ISO_8859_1));
    }
}

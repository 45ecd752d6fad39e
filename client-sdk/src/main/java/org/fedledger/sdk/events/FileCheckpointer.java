package org.fedledger.sdk.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.fedledger.sdk.ledger.EventPosition;
import org.fedledger.sdk.storage.OwnerOnlyFiles;

/**
 * A {@link Checkpointer} in one small file: the block number and the last handled transaction id,
 * written to a temporary file, forced to disk and moved over the old one, so a crash leaves either
 * the old checkpoint or the new one, never a torn one.
 *
 * <pre>{@code
 * Checkpointer checkpointer = FileCheckpointer.at(Path.of("state/verifier.checkpoint"));
 * }</pre>
 */
public final class FileCheckpointer implements Checkpointer {
    private final Path file;
    private EventPosition position;

    private FileCheckpointer(Path file, EventPosition position) {
        this.file = file;
        this.position = position;
    }

    /**
     * Opens (or starts) the checkpoint file.
     *
     * @throws IllegalArgumentException when the file exists but is not a checkpoint
     * @throws UncheckedIOException when it cannot be read
     */
    public static FileCheckpointer at(Path file) {
        Objects.requireNonNull(file, "file");
        if (!Files.exists(file)) {
            return new FileCheckpointer(file, null);
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.size() != 2 || !lines.get(0).matches("[0-9]{1,19}") || lines.get(1).isBlank()) {
                throw new IllegalArgumentException(file + " is not a FedLedger event checkpoint (expected a block"
                        + " number and a transaction id on two lines)");
            }
            return new FileCheckpointer(file, EventPosition.after(Long.parseLong(lines.get(0)), lines.get(1)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file, e);
        }
    }

    @Override
    public synchronized Optional<EventPosition> position() {
        return Optional.ofNullable(position);
    }

    @Override
    public synchronized void checkpoint(long blockNumber, String transactionId) {
        Objects.requireNonNull(transactionId, "transactionId");
        byte[] content = (blockNumber + "\n" + transactionId + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (file.getParent() != null && !Files.isDirectory(file.getParent())) {
                OwnerOnlyFiles.folder(file.getParent());
            }
            OwnerOnlyFiles.replace(file, content, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file, e);
        }
        position = EventPosition.after(blockNumber, transactionId);
    }

    @Override
    public String toString() {
        return "FileCheckpointer[" + file + "]";
    }
}

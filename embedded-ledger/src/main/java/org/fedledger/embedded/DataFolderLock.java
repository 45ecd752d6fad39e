package org.fedledger.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.fedledger.sdk.storage.OwnerOnlyFiles;

/**
 * The exclusive hold of one ledger on its data folder: an operating-system lock on {@code LOCK} in
 * the folder, with the holder's process id written in it for the message a second opener gets. The
 * operating system releases the lock when the holding process ends, killed or not, so a crash never
 * leaves a folder locked.
 *
 * <p>Within one JVM the folders held are also kept in a set, checked before the lock file is even
 * opened: on Linux, closing any channel to a file drops every lock this process holds on it, so a
 * second opener in the same JVM must not open and close the lock file at all.
 */
final class DataFolderLock implements AutoCloseable {
    static final String FILE = "LOCK";

    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path folder;
    private final FileChannel channel;
    private final FileLock lock;

    private DataFolderLock(Path folder, FileChannel channel, FileLock lock) {
        this.folder = folder;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the folder, creating it if needed.
     *
     * @throws DataFolderInUseException when another ledger, in this process or another, holds it
     * @throws UncheckedIOException when the folder or its lock file cannot be written
     */
    static DataFolderLock acquire(Path folder) {
        Path key;
        try {
            OwnerOnlyFiles.folder(folder);
            key = folder.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder " + folder, e);
        }
        if (!HELD_HERE.add(key)) {
            throw new DataFolderInUseException(folder, ProcessHandle.current().pid());
        }
        FileChannel channel = null;
        try {
            channel = OwnerOnlyFiles.open(key.resolve(FILE), StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                long holder = holderPid(channel);
                channel.close();
                throw new DataFolderInUseException(folder, holder);
            }
            byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(pid), 0);
            channel.force(false);
            return new DataFolderLock(key, channel, lock);
        } catch (IOException e) {
            HELD_HERE.remove(key);
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock the data folder " + folder, e);
        } catch (RuntimeException e) {
            HELD_HERE.remove(key);
            throw e;
        }
    }

    /** The process id the holder wrote, or -1 when the file holds none (yet). */
    private static long holderPid(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
        try {
            return text.isEmpty() ? -1 : Long.parseLong(text);
        } catch (NumberFormatException notAPid) {
            return -1;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Already failing; the first error is the one to report.
            }
        }
    }

    /** Releases the folder. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the data folder's lock", e);
        } finally {
            closeQuietly(channel);
            HELD_HERE.remove(folder);
        }
    }
}

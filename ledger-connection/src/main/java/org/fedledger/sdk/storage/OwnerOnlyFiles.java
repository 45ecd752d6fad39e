package org.fedledger.sdk.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Files and folders only their owner can read: files {@code 0600}, folders {@code 0700}. Every file
 * the project writes with private keys, private payloads or ledger data goes through here (the
 * embedded ledger's crypto material, block log and lock, the verifier's state, event checkpoints,
 * the CLI's kept state). A file is created with these permissions, never created readable and
 * tightened afterwards; a file or folder that already exists with wider ones (written by an earlier
 * version) is tightened when it is opened. On a file system without POSIX permissions (Windows) the
 * calls create and write as usual and set nothing.
 *
 * <pre>{@code
 * Path folder = OwnerOnlyFiles.folder(dataFolder.resolve("crypto"));            // drwx------
 * OwnerOnlyFiles.replace(folder.resolve("ca.pem"), pemBytes, false);            // -rw-------
 * try (FileChannel log = OwnerOnlyFiles.open(dataFolder.resolve("blocks.log"),
 *         StandardOpenOption.READ, StandardOpenOption.WRITE)) { ... }
 * }</pre>
 */
public final class OwnerOnlyFiles {
    /** {@code rw-------}: read and write by the owner only. */
    public static final Set<PosixFilePermission> FILE = Set.copyOf(PosixFilePermissions.fromString("rw-------"));
    /** {@code rwx------}: list, enter and change by the owner only. */
    public static final Set<PosixFilePermission> FOLDER = Set.copyOf(PosixFilePermissions.fromString("rwx------"));

    private OwnerOnlyFiles() {
    }

    /**
     * Creates {@code folder} and any missing parents, each new one owner-only, and makes
     * {@code folder} itself owner-only if it existed already. Parents that existed are left alone, and
     * so is an existing folder that anyone may write to (a shared folder such as {@code /tmp}, given
     * by mistake): tightening it would break every other user of it, and the files written into it are
     * owner-only anyway.
     *
     * <pre>{@code
     * Path state = OwnerOnlyFiles.folder(Path.of("demo-state"));
     * }</pre>
     *
     * @param folder the folder
     * @return {@code folder}
     * @throws IOException when it cannot be created or its permissions set
     */
    public static Path folder(Path folder) throws IOException {
        Objects.requireNonNull(folder, "folder");
        Path absolute = folder.toAbsolutePath();
        if (!posix(absolute)) {
            Files.createDirectories(absolute);
            return folder;
        }
        Path parent = absolute.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            folder(parent);
        }
        try {
            Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(FOLDER));
        } catch (FileAlreadyExistsException exists) {
            if (!Files.isDirectory(absolute)) {
                throw exists;
            }
        }
        // The umask may have taken bits away at creation, never added any; an older folder is tightened.
        if (!Files.getPosixFilePermissions(absolute).contains(PosixFilePermission.OTHERS_WRITE)) {
            Files.setPosixFilePermissions(absolute, FOLDER);
        }
        return folder;
    }

    /**
     * Opens a file, creating it owner-only if it does not exist (its folder must exist); an existing
     * file is made owner-only first.
     *
     * <pre>{@code
     * FileChannel log = OwnerOnlyFiles.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
     * }</pre>
     *
     * @param file the file
     * @param options how to open it, as {@link FileChannel#open(Path, OpenOption...)}; {@code CREATE}
     *     is added
     * @return the open channel
     * @throws IOException when it cannot be opened or its permissions set
     */
    public static FileChannel open(Path file, OpenOption... options) throws IOException {
        Objects.requireNonNull(file, "file");
        Set<OpenOption> all = new HashSet<>(Arrays.asList(options));
        all.add(StandardOpenOption.CREATE);
        if (!posix(file)) {
            return FileChannel.open(file, all);
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            Files.setPosixFilePermissions(file, FILE);
        }
        FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions.asFileAttribute(FILE);
        return FileChannel.open(file, all, ownerOnly);
    }

    /**
     * Replaces a file's content as one step: the bytes go to a new owner-only file beside it, which
     * is then moved over it (atomically where the file system can). A reader sees the old content or
     * the new, never a mix, and never a moment when the file is readable by others. The folder must
     * exist.
     *
     * <pre>{@code
     * OwnerOnlyFiles.replace(stateFile, text.getBytes(StandardCharsets.UTF_8), true);
     * }</pre>
     *
     * @param file the file
     * @param content the new content
     * @param force whether to force the bytes to the device before the move
     * @throws IOException when it cannot be written or moved
     */
    public static void replace(Path file, byte[] content, boolean force) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(content, "content");
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        try (FileChannel channel = open(temp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (force) {
                channel.force(true);
            }
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Makes an existing file owner-only ({@code 0600}), or an existing folder ({@code 0700}).
     *
     * <pre>{@code
     * OwnerOnlyFiles.restrict(dataFolder.resolve("blocks.log"));
     * }</pre>
     *
     * @param path the file or folder
     * @throws IOException when its permissions cannot be set
     */
    public static void restrict(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        if (posix(path)) {
            Files.setPosixFilePermissions(path, Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? FOLDER : FILE);
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}

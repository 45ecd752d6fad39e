package org.fedledger.embedded;

import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Another embedded ledger holds the data folder: another process, or another ledger in this JVM.
 * One ledger at a time writes a folder, because two would append blocks of the same numbers to one
 * log and leave it unreadable. Nothing was read or written; the holder is untouched.
 *
 * <pre>{@code
 * catch (DataFolderInUseException e) { log("in use by pid " + e.holderPid().orElse(-1)); }
 * }</pre>
 */
public final class DataFolderInUseException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final transient Path folder;
    private final long holderPid;

    /**
     * @param folder the data folder
     * @param holderPid the process id the holder wrote into the lock file, or -1 when unknown
     */
    public DataFolderInUseException(Path folder, long holderPid) {
        super("the embedded ledger's data folder " + folder + " is in use by "
                + (holderPid == ProcessHandle.current().pid() ? "another ledger in this process"
                        : holderPid > 0 ? "process " + holderPid : "another process")
                + "; one ledger at a time opens a data folder: stop the other one, or connect through it");
        this.folder = Objects.requireNonNull(folder, "folder");
        this.holderPid = holderPid;
    }

    /** @return the data folder */
    public Path folder() {
        return folder;
    }

    /** @return the process id of the holder, when it wrote one */
    public OptionalLong holderPid() {
        return holderPid > 0 ? OptionalLong.of(holderPid) : OptionalLong.empty();
    }
}

package org.fedledger.embedded;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.fedledger.embedded.identity.Identity;
import org.fedledger.sdk.errors.LedgerCorruptException;
import org.fedledger.sdk.errors.LedgerUnavailableException;
import org.fedledger.sdk.ledger.ConnectionProfile;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.fedledger.sdk.ledger.LedgerProvider;

/**
 * The {@code embedded} kind of {@link LedgerProvider}: a profile with {@code ledger=embedded} opens a
 * connection to the embedded ledger kept in {@code dataDirectory}, as {@code user} ({@code Admin} or a
 * client name such as {@code User1}) of {@code mspId} (an organisation's MSP id such as {@code Org2MSP}),
 * the same identity keys as a Fabric profile's.
 * Application code is the same as on a Fabric network: only the profile differs.
 *
 * <p>The connections of one provider instance to one folder share one ledger, opened by the first of
 * them and closed with the last; nothing outlives them, and no other instance sees it (a second
 * instance opening a folder in use is refused, as another process would be). Failures to open map to
 * the SDK's exceptions here: a folder held by another ledger is a {@link LedgerUnavailableException},
 * a damaged block log a {@link LedgerCorruptException} naming the block.
 *
 * <pre>{@code
 * ledger=embedded
 * dataDirectory=state/ledger
 * mspId=Org2MSP
 * user=User1
 * }</pre>
 */
public final class EmbeddedLedgerProvider implements LedgerProvider {
    /** The {@code ledger} kind of this provider. */
    public static final String KIND = "embedded";

    /** The ledgers this instance holds open, with how many users each has; guarded by {@code this}. */
    private final Map<Path, Shared> open = new HashMap<>();

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public EmbeddedLedgerProvider() {
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public LedgerConnection connect(ConnectionProfile profile) {
        Path folder = folder(profile);
        Ledger ledger = acquire(folder);
        try {
            return ledger.connect(identity(ledger, folder, profile, profile.require("user")), () -> release(folder));
        } catch (RuntimeException e) {
            release(folder);
            throw e;
        }
    }

    /** The member of the profile's organisation, created on first use as every embedded identity is. */
    @Override
    public String memberCertificate(ConnectionProfile profile, String member) {
        Path folder = folder(profile);
        Ledger ledger = acquire(folder);
        try {
            return identity(ledger, folder, profile, member).ledgerIdentity().certificatePem();
        } finally {
            release(folder);
        }
    }

    private static Path folder(ConnectionProfile profile) {
        return Path.of(profile.require("dataDirectory")).toAbsolutePath().normalize();
    }

    private static Identity identity(Ledger ledger, Path folder, ConnectionProfile profile, String user) {
        try {
            return ledger.identity(profile.with("user", user));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("in " + folder + ": " + e.getMessage(), e);
        }
    }

    private synchronized Ledger acquire(Path folder) {
        Shared shared = open.get(folder);
        if (shared == null) {
            shared = new Shared(openLedger(folder));
            open.put(folder, shared);
        }
        shared.users++;
        return shared.ledger;
    }

    private synchronized void release(Path folder) {
        Shared shared = open.get(folder);
        if (--shared.users == 0) {
            open.remove(folder);
            shared.ledger.close();
        }
    }

    /** Opens the folder's ledger, translating its failures to open into the SDK's exceptions. */
    private static Ledger openLedger(Path folder) {
        try {
            return EmbeddedLedger.builder().dataFolder(folder).open();
        } catch (DataFolderInUseException e) {
            throw new LedgerUnavailableException(e.getMessage(), e);
        } catch (CorruptLedgerException e) {
            throw new LedgerCorruptException(e.getMessage(), e.blockNumber(), e);
        }
    }

    /** One open ledger and how many connections (or look-ups) use it. */
    private static final class Shared {
        final Ledger ledger;
        int users;

        Shared(Ledger ledger) {
            this.ledger = ledger;
        }
    }

    @Override
    public String toString() {
        synchronized (this) {
            return "EmbeddedLedgerProvider" + open.keySet();
        }
    }
}

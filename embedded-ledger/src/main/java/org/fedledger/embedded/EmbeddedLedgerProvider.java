package org.fedledger.embedded;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.fedledger.embedded.identity.Identity;
import org.fedledger.embedded.identity.Organisation;
import org.fedledger.sdk.ledger.ConnectionProfile;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.fedledger.sdk.ledger.LedgerProvider;

/**
 * The {@code embedded} kind of {@link LedgerProvider}: a profile with {@code ledger=embedded} opens a
 * connection to the embedded ledger kept in {@code dataDirectory} (one ledger per folder per JVM,
 * shared by every connection to it), as {@code user} ({@code Admin} or a client name such as
 * {@code User1}) of {@code organisation} (an MSP id such as {@code Org2MSP}). Application code is the
 * same as on a Fabric network: only the profile differs.
 *
 * <pre>{@code
 * ledger=embedded
 * dataDirectory=state/ledger
 * organisation=Org2MSP
 * user=User1
 * }</pre>
 */
public final class EmbeddedLedgerProvider implements LedgerProvider {
    /** The {@code ledger} kind of this provider. */
    public static final String KIND = "embedded";

    private static final Map<Path, EmbeddedLedger> OPEN = new ConcurrentHashMap<>();

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public EmbeddedLedgerProvider() {
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public LedgerConnection connect(ConnectionProfile profile) {
        Path folder = Path.of(profile.require("dataDirectory")).toAbsolutePath().normalize();
        EmbeddedLedger ledger = OPEN.computeIfAbsent(folder, f -> EmbeddedLedger.builder().dataFolder(f).build());
        String msp = profile.require("organisation");
        if (!ledger.organisations().contains(msp)) {
            throw new IllegalArgumentException("the embedded ledger in " + folder + " has no organisation " + msp
                    + "; it has " + ledger.organisations());
        }
        Organisation org = ledger.organisation(msp);
        String user = profile.require("user");
        Identity identity = "Admin".equals(user) ? org.admin() : org.client(user);
        return ledger.connect(identity);
    }

    /** Closes every embedded ledger this provider opened in this JVM (their connections stop working). */
    public static void closeAll() {
        OPEN.values().forEach(EmbeddedLedger::close);
        OPEN.clear();
    }
}

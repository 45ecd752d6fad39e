package org.fedledger.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BiFunction;
import org.fedledger.sdk.ledger.ConnectionProfile;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.fedledger.sdk.ledger.LedgerProvider;

/**
 * How the CLI reaches a ledger: the local Fabric network's profiles, or the embedded ledger. The
 * network's is public for the benchmarks that run the demo's consortium on it.
 *
 * <pre>{@code
 * FederatedDemo demo = FederatedDemo.start(Ledgers.localFabric(Path.of("test-network/.state")), System.out, state, 3);
 * }</pre>
 */
public final class Ledgers {
    private Ledgers() {
    }

    /**
     * Connections to the local Fabric network that {@code test-network/network.sh} runs under {@code networkHome}.
     *
     * @param networkHome the network's state folder
     * @return how person {@code user} of organisation {@code org} (1..3) connects
     * @throws SetupException when the network is not up (no connection profiles)
     */
    public static BiFunction<Integer, String, LedgerConnection> localFabric(Path networkHome) {
        Path profiles = networkHome.resolve("connection");
        if (!Files.isDirectory(profiles)) {
            throw new SetupException("the local Fabric network is not up (no " + profiles + "): run "
                    + "'test-network/network.sh up && test-network/network.sh deploy', or "
                    + "'scripts/fedledger.sh demo --network fabric', which brings it up");
        }
        return (org, user) -> LedgerProvider.open(ConnectionProfile.load(profiles.resolve("org" + org + ".properties"))
                .with("user", user));
    }

    /**
     * Connections to a fresh embedded ledger of three organisations in {@code dataDirectory}: they share
     * one ledger, which closes with the last of them.
     */
    static BiFunction<Integer, String, LedgerConnection> embedded(Path dataDirectory) {
        ConnectionProfile base = ConnectionProfile.of(Map.of("ledger", "embedded", "dataDirectory",
                dataDirectory.toString()));
        LedgerProvider ledgers = LedgerProvider.of(base.ledger());
        return (org, user) -> ledgers.connect(base.with("mspId", "Org" + org + "MSP").with("user", user));
    }
}

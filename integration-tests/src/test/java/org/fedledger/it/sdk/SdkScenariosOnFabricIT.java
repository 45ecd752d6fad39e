package org.fedledger.it.sdk;

import java.time.Duration;
import java.time.Instant;
import org.fedledger.it.fabric.FabricNetwork;
import org.fedledger.sdk.ledger.LedgerConnection;

/** The SDK's scenarios on the real local Fabric network, each person through its organisation's peer. */
class SdkScenariosOnFabricIT extends SdkScenarios {
    @Override
    protected LedgerConnection connect(int org, String user) {
        return FabricNetwork.get().sdkConnection(org, user);
    }

    /**
     * The gateway time-stamps proposals with the real clock, which no test holds: the only way past a
     * deadline on a real network is to let it pass.
     */
    @Override
    protected void passDeadline(Instant deadline) throws InterruptedException {
        Duration left = Duration.between(Instant.now(), deadline.plusSeconds(1));
        if (!left.isNegative()) {
            Thread.sleep(left.toMillis() + 1);
        }
    }

    @Override
    protected void awaitEveryPeerBelow(long height) {
        if (height > 0) {
            FabricNetwork.get().awaitAllPeersAt(height - 1);
        }
    }

    /** Scans every file of the organisation's peer data folder (ledger, private data store, transient store). */
    @Override
    protected boolean peerHolds(int org, byte[] bytes) throws java.io.IOException {
        java.nio.file.Path data = FabricNetwork.get().home().resolve("peer" + org).resolve("data");
        try (var files = java.nio.file.Files.walk(data)) {
            for (java.nio.file.Path f : (Iterable<java.nio.file.Path>) files.filter(java.nio.file.Files::isRegularFile)::iterator) {
                if (containsBytes(java.nio.file.Files.readAllBytes(f), bytes)) {
                    return true;
                }
            }
        }
        return false;
    }
}

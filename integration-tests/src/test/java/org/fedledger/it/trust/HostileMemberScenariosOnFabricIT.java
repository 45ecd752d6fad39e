package org.fedledger.it.trust;

import org.fedledger.it.fabric.FabricNetwork;
import org.fedledger.sdk.ledger.LedgerConnection;

/** The hostile member's scenarios on the real local Fabric network, each person through its organisation's peer. */
class HostileMemberScenariosOnFabricIT extends HostileMemberScenarios {
    @Override
    protected LedgerConnection connect(int org, String user) {
        return FabricNetwork.get().sdkConnection(org, user);
    }

    /**
     * The network's first three organisations are in every task of these scenarios; one that joined
     * later ({@code network.sh add-org}, after {@code OnboardingIT}) is outside them.
     */
    @Override
    protected java.util.OptionalInt outsideOrganisation() {
        return FabricNetwork.get().organisations().stream().filter(org -> org > 3).mapToInt(Integer::intValue).min();
    }
}

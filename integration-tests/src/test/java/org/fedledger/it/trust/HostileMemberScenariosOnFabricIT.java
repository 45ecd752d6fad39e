package org.fedledger.it.trust;

import org.fedledger.it.fabric.FabricNetwork;
import org.fedledger.sdk.ledger.LedgerConnection;

/** The hostile member's scenarios on the real local Fabric network, each person through its organisation's peer. */
class HostileMemberScenariosOnFabricIT extends HostileMemberScenarios {
    @Override
    protected LedgerConnection connect(int org, String user) {
        return FabricNetwork.get().sdkConnection(org, user);
    }

    /** The local network's three organisations are all in every task; a fourth joins by issue 22's onboarding. */
    @Override
    protected java.util.OptionalInt outsideOrganisation() {
        return java.util.OptionalInt.empty();
    }
}

package org.fedledger.it.trust;

import org.fedledger.it.fabric.FabricNetwork;
import org.fedledger.sdk.ledger.LedgerConnection;

/** The identity scenarios on the real local Fabric network, each person through its organisation's peer. */
class IdentityScenariosOnFabricIT extends IdentityScenarios {
    @Override
    protected LedgerConnection connect(int org, String user) {
        return FabricNetwork.get().sdkConnection(org, user);
    }
}

package org.fedledger.it.sdk;

import org.fedledger.it.fabric.FabricNetwork;
import org.fedledger.sdk.ledger.LedgerConnection;

/** The resource attacks on the real local Fabric network, each member through its organisation's peer. */
class ResourceAttackScenariosOnFabricIT extends ResourceAttackScenarios {
    @Override
    protected LedgerConnection connect(int org, String user) {
        return FabricNetwork.get().sdkConnection(org, user);
    }
}

package org.fedledger.it.privacy;

import org.fedledger.it.fabric.FabricNetwork;
import org.fedledger.sdk.ledger.LedgerConnection;

/** The central-noise scenarios on the real local Fabric network, each person through its organisation's peer. */
class CentralNoiseOnFabricIT extends CentralNoiseScenarios {
    @Override
    protected LedgerConnection connect(int org, String user) {
        return FabricNetwork.get().sdkConnection(org, user);
    }
}

package org.fedledger.it.sdk;

import org.fedledger.it.fabric.FabricNetwork;
import org.fedledger.sdk.ledger.LedgerConnection;

/** The SDK's scenarios on the real local Fabric network, each person through its organisation's peer. */
class SdkScenariosOnFabricIT extends SdkScenarios {
    @Override
    protected LedgerConnection connect(int org, String user) {
        return FabricNetwork.get().sdkConnection(org, user);
    }
}

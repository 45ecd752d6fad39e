package org.fedledger.it.sdk;

import org.fedledger.it.fabric.FabricNetwork;
import org.fedledger.sdk.ledger.LedgerConnection;

/** The incentive scenarios on the real local Fabric network, each person through its organisation's peer. */
class IncentiveScenariosOnFabricIT extends IncentiveScenarios {
    @Override
    protected LedgerConnection connect(int org, String user) {
        return FabricNetwork.get().sdkConnection(org, user);
    }
}

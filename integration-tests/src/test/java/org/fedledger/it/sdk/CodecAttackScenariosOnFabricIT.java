package org.fedledger.it.sdk;

import org.fedledger.it.fabric.FabricNetwork;
import org.fedledger.sdk.ledger.LedgerConnection;

/** The compressed-update attacks on the real local Fabric network, each member through its organisation's peer. */
class CodecAttackScenariosOnFabricIT extends CodecAttackScenarios {
    @Override
    protected LedgerConnection connect(int org, String user) {
        return FabricNetwork.get().sdkConnection(org, user);
    }
}

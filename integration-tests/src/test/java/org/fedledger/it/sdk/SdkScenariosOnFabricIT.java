package org.fedledger.it.sdk;

import org.fedledger.it.fabric.FabricNetwork;
import org.fedledger.sdk.gateway.GatewayLedger;
import org.fedledger.sdk.ledger.ConnectionProfile;
import org.fedledger.sdk.ledger.LedgerConnection;

/** The SDK's scenarios on the real local Fabric network, each person through its organisation's peer. */
class SdkScenariosOnFabricIT extends SdkScenarios {
    @Override
    protected LedgerConnection connect(int org, String user) {
        var profile = ConnectionProfile.load(FabricNetwork.get().home().resolve("connection").resolve("org" + org + ".properties"))
                .with("user", user);
        return GatewayLedger.open(profile);
    }
}

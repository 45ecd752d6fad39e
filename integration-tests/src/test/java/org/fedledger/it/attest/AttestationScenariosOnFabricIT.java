package org.fedledger.it.attest;

import org.fedledger.it.fabric.FabricNetwork;
import org.fedledger.sdk.ledger.LedgerConnection;

/** The attestation scenarios on the real local Fabric network, each person through its organisation's peer. */
class AttestationScenariosOnFabricIT extends AttestationScenarios {
    @Override
    protected LedgerConnection connect(int org, String user) {
        return FabricNetwork.get().sdkConnection(org, user);
    }
}

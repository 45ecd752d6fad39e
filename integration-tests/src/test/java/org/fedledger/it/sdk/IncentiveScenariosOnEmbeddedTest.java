package org.fedledger.it.sdk;

import org.fedledger.embedded.EmbeddedLedger;
import org.fedledger.sdk.ledger.LedgerConnection;

/** The incentive scenarios on the embedded ledger. */
class IncentiveScenariosOnEmbeddedTest extends IncentiveScenarios {
    private final EmbeddedLedger ledger = EmbeddedLedger.builder().inMemory().build();

    @Override
    protected LedgerConnection connect(int org, String user) {
        var organisation = ledger.organisation("Org" + org + "MSP");
        return ledger.connect("Admin".equals(user) ? organisation.admin() : organisation.client(user));
    }

    @Override
    protected void closeLedger() {
        ledger.close();
    }
}

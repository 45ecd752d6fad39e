package org.fedledger.it.privacy;

import org.fedledger.embedded.EmbeddedLedger;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.junit.jupiter.api.AfterAll;

/** The central-noise scenarios on the embedded ledger, in every build. */
class CentralNoiseOnEmbeddedTest extends CentralNoiseScenarios {
    private final EmbeddedLedger ledger = EmbeddedLedger.builder().inMemory().build();

    @Override
    protected LedgerConnection connect(int org, String user) {
        var organisation = ledger.organisation("Org" + org + "MSP");
        return ledger.connect("Admin".equals(user) ? organisation.admin() : organisation.client(user));
    }

    @AfterAll
    void closeLedger() {
        ledger.close();
    }
}

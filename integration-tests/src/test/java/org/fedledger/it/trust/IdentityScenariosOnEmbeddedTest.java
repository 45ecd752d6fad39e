package org.fedledger.it.trust;

import org.fedledger.embedded.EmbeddedLedger;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.junit.jupiter.api.AfterAll;

/** The identity scenarios on the embedded ledger (three organisations, MAJORITY), in every build. */
class IdentityScenariosOnEmbeddedTest extends IdentityScenarios {
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

package org.fedledger.it.sdk;

import org.fedledger.embedded.EmbeddedLedger;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/** The compressed-update attacks on the embedded ledger (three organisations, MAJORITY), in every build. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CodecAttackScenariosOnEmbeddedTest extends CodecAttackScenarios {
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

package org.fedledger.it.trust;

import org.fedledger.embedded.EmbeddedLedger;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.junit.jupiter.api.AfterAll;

/** The hostile member's scenarios on the embedded ledger (a fourth organisation outside the three-organisation tasks, MAJORITY), in every build. */
class HostileMemberScenariosOnEmbeddedTest extends HostileMemberScenarios {
    private final EmbeddedLedger ledger = EmbeddedLedger.builder().organisations(4).inMemory().build();

    @Override
    protected LedgerConnection connect(int org, String user) {
        var organisation = ledger.organisation("Org" + org + "MSP");
        return ledger.connect("Admin".equals(user) ? organisation.admin() : organisation.client(user));
    }

    @Override
    protected java.util.OptionalInt outsideOrganisation() {
        return java.util.OptionalInt.of(4);
    }

    @AfterAll
    void closeLedger() {
        ledger.close();
    }
}

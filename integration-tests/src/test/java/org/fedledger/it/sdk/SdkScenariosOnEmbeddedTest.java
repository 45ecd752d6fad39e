package org.fedledger.it.sdk;

import java.time.Clock;
import java.time.Instant;
import org.fedledger.embedded.EmbeddedLedger;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The SDK's scenarios on the embedded ledger (three organisations, MAJORITY), in every build; the
 * ledger and the SDK read one {@link SkippingClock}, so a deadline is passed without waiting for it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SdkScenariosOnEmbeddedTest extends SdkScenarios {
    private final SkippingClock clock = new SkippingClock();
    private final EmbeddedLedger ledger = EmbeddedLedger.builder().inMemory().clock(clock).build();

    @Override
    protected Clock clock() {
        return clock;
    }

    /** The ledger and the people's clients share one clock, skipped past the deadline: nobody waits. */
    @Override
    protected void passDeadline(Instant deadline) {
        clock.skipPast(deadline);
    }

    @Override
    protected LedgerConnection connect(int org, String user) {
        var organisation = ledger.organisation("Org" + org + "MSP");
        return ledger.connect("Admin".equals(user) ? organisation.admin() : organisation.client(user));
    }

    @Override
    protected boolean peerHolds(int org, byte[] bytes) {
        return ledger.heldPrivateValues("Org" + org + "MSP").stream().anyMatch(v -> containsBytes(v, bytes));
    }

    @AfterAll
    void closeLedger() {
        ledger.close();
    }
}

package org.fedledger.it.sdk;

import java.time.Clock;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.fedledger.sdk.testing.SdkParticipants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Scenarios written once and run on every ledger: a subclass says how a person of an organisation
 * connects; the consortium is registered on first use and disconnected after the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ConsortiumScenarios {
    private SdkParticipants people;

    /** How the person {@code user} of organisation {@code org} (1..3) connects to the ledger under test. */
    protected abstract LedgerConnection connect(int org, String user);

    /** @return the clock the people's SDK clients read time from: the system's unless a subclass holds the ledger's */
    protected Clock clock() {
        return Clock.systemUTC();
    }

    /** @return the consortium, registered on the ledger under test */
    protected SdkParticipants people() {
        if (people == null) {
            people = SdkParticipants.register(this::connect, clock());
        }
        return people;
    }

    @AfterAll
    void closeConnections() {
        if (people != null) {
            people.close();
        }
    }
}

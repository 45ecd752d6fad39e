package org.fedledger.it.demo;

import java.io.PrintStream;
import java.nio.file.Path;
import org.fedledger.cli.demo.FederatedDemo;
import org.fedledger.embedded.EmbeddedLedger;

/**
 * The demo's consortium on an embedded ledger, as the tests and benchmarks that drive
 * {@link FederatedDemo} directly start it: organisation {@code n} is {@code OrgnMSP}, user
 * {@code Admin} its admin, every other user a client of it.
 *
 * <pre>{@code
 * try (EmbeddedLedger ledger = EmbeddedLedger.builder().inMemory().build();
 *         FederatedDemo demo = EmbeddedDemo.start(ledger, System.out, state, 3)) { ... }
 * }</pre>
 */
public final class EmbeddedDemo {
    private EmbeddedDemo() {
    }

    /**
     * @param ledger the embedded ledger
     * @param out where the demo prints
     * @param state the demo's state folder
     * @param trainersPerOrg trainers in each organisation
     * @return the started demo
     */
    public static FederatedDemo start(EmbeddedLedger ledger, PrintStream out, Path state, int trainersPerOrg) {
        return FederatedDemo.start((org, user) -> {
            var organisation = ledger.organisation("Org" + org + "MSP");
            return ledger.connect("Admin".equals(user) ? organisation.admin() : organisation.client(user));
        }, out, state, trainersPerOrg);
    }
}

package org.fedledger.embedded;

import java.util.List;
import java.util.Map;
import org.fedledger.protocol.transaction.TransactionName;
import org.fedledger.sdk.errors.ContractRefusedException;

/**
 * The process {@link HostLoggingTest} runs: a fresh JVM with the JDK's default logging embeds a
 * ledger, commits a transaction and has one refused, then reports on standard output what the
 * shim could have changed in its logging.
 */
final class QuietHost {
    private QuietHost() {
    }

    public static void main(String[] args) {
        String handlerFormatter = java.util.logging.Logger.getLogger("").getHandlers()[0].getFormatter().getClass().getName();
        try (EmbeddedLedger ledger = EmbeddedLedger.builder().inMemory().build()) {
            ledger.connect(ledger.organisation("Org1MSP").client("u1")).submit(TransactionName.REQUEST_ROLES,
                    List.of("trainer"), Map.of());
            try {
                ledger.connect(ledger.organisation("Org2MSP").client("stranger")).submit(TransactionName.OPEN_ROUND,
                        List.of("none"), Map.of());
                throw new IllegalStateException("an unregistered caller's submit was not refused");
            } catch (ContractRefusedException expected) {
                // The chaincode's refusal, logged by the chaincode below WARNING, is quiet too.
            }
        }
        System.out.println("format=" + System.getProperty("java.util.logging.SimpleFormatter.format"));
        System.out.println("formatter-before=" + handlerFormatter);
        System.out.println("formatter-after="
                + java.util.logging.Logger.getLogger("").getHandlers()[0].getFormatter().getClass().getName());
    }
}

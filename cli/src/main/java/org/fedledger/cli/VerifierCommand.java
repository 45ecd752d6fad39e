package org.fedledger.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.verifier.VerifierService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fedledger verifier}: an organisation's verifier service, until stopped.
 *
 * <pre>{@code
 * FEDLEDGER_PROFILE=org2.properties FEDLEDGER_USER=User2 fedledger verifier --state state/verifier
 * }</pre>
 */
@Command(name = "verifier", mixinStandardHelpOptions = true,
        description = "Recompute and attest every proposal for this organisation; close overdue rounds.")
public final class VerifierCommand implements Callable<Integer> {
    @Mixin
    ProfileOption connection;

    @Option(names = "--state", required = true, description = "folder for the event checkpoint and watched rounds")
    Path state;

    @Option(names = "--from-block", defaultValue = "0", description = "first block when there is no checkpoint yet")
    long fromBlock;

    @Override
    public Integer call() throws Exception {
        try (FedLedger ledger = FedLedger.open(connection.profile());
                VerifierService service = VerifierService.start(ledger, state, fromBlock, o -> System.out.println(o))) {
            Runtime.getRuntime().addShutdownHook(new Thread(service::close));
            while (!service.awaitTermination(Duration.ofSeconds(60))) {
                // keeps serving until closed or failed
            }
            if (service.failure().isPresent()) {
                System.err.println("verifier stopped: " + service.failure().get());
                return FedLedgerCli.LEDGER_UNAVAILABLE;
            }
            return FedLedgerCli.OK;
        }
    }
}

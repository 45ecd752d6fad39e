package org.fedledger.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.events.FileCheckpointer;
import org.fedledger.sdk.events.Subscription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fedledger watch}: prints the protocol's events as they commit, one per line.
 *
 * <pre>{@code
 * FEDLEDGER_PROFILE=org1.properties FEDLEDGER_USER=User3 fedledger watch --from-block 0
 * }</pre>
 */
@Command(name = "watch", mixinStandardHelpOptions = true, description = "Print protocol events as they commit.")
public final class WatchCommand implements Callable<Integer> {
    @Mixin
    ProfileOption connection;

    @Option(names = "--from-block", defaultValue = "0", description = "first block to read")
    long fromBlock;

    @Option(names = "--checkpoint", description = "resume after the last event printed (file)")
    Path checkpoint;

    @Override
    public Integer call() throws Exception {
        try (FedLedger ledger = FedLedger.open(connection.profile())) {
            var checkpointer = checkpoint != null ? FileCheckpointer.at(checkpoint)
                    : FileCheckpointer.at(java.nio.file.Files.createTempFile("fedledger-watch", ".checkpoint").resolveSibling(
                            "fedledger-watch-" + System.nanoTime()));
            Subscription s = ledger.events().subscribe(checkpointer, fromBlock,
                    e -> System.out.printf("block %d tx %s %s%n", e.blockNumber(), e.transactionId(), e.event()));
            Runtime.getRuntime().addShutdownHook(new Thread(s::close));
            while (!s.awaitTermination(Duration.ofSeconds(60))) {
                // prints until interrupted
            }
            return s.failure().isPresent() ? FedLedgerCli.LEDGER_UNAVAILABLE : FedLedgerCli.OK;
        }
    }
}

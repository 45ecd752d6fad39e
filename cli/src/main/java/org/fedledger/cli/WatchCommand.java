package org.fedledger.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.events.Checkpointer;
import org.fedledger.sdk.events.FileCheckpointer;
import org.fedledger.sdk.events.ProtocolEvent;
import org.fedledger.sdk.events.Subscription;
import org.fedledger.sdk.ledger.EventPosition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fedledger watch}: prints the protocol's events as they commit, one per line (with
 * {@code --json}, one JSON object a line, for tools). Without {@code --checkpoint} it keeps no state.
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

    @Option(names = "--json", description = "one JSON object a line: block, transaction, event name and its fields")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (FedLedger ledger = FedLedger.open(connection.profile())) {
            Checkpointer checkpointer = checkpoint != null ? FileCheckpointer.at(checkpoint) : new InMemory();
            Subscription s = ledger.events().subscribe(checkpointer, fromBlock, e -> System.out.println(line(e, json)));
            Runtime.getRuntime().addShutdownHook(new Thread(s::close));
            while (!s.awaitTermination(Duration.ofSeconds(60))) {
                // prints until interrupted
            }
            if (s.failure().isPresent()) {
                Failures.Failure f = Failures.classify(s.failure().get());
                System.err.println("watch stopped: " + f.line());
                return f.exitCode();
            }
            return FedLedgerCli.OK;
        }
    }

    /** One event as a line: readable, or a JSON object whose {@code fields} are the event's record. */
    static String line(ProtocolEvent e, boolean json) {
        if (json) {
            return "{\"block\":" + e.blockNumber() + ",\"transaction\":\"" + e.transactionId() + "\",\"event\":\""
                    + e.event().name() + "\",\"fields\":" + RecordJson.write(e.event()) + "}";
        }
        return "block " + e.blockNumber() + " tx " + e.transactionId() + " " + e.event();
    }

    /** Without {@code --checkpoint} a watch starts at {@code --from-block} every time and keeps no file. */
    private static final class InMemory implements Checkpointer {
        private volatile EventPosition position;

        @Override
        public Optional<EventPosition> position() {
            return Optional.ofNullable(position);
        }

        @Override
        public void checkpoint(long blockNumber, String transactionId) {
            position = EventPosition.after(blockNumber, transactionId);
        }
    }
}

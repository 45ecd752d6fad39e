package org.fedledger.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fedledger network}: the local Fabric network of this repository, through its launcher
 * {@code test-network/network.sh} (up, deploy, stop, start, restart, down, status, logs).
 *
 * <pre>{@code
 * fedledger network up && fedledger network deploy
 * }</pre>
 */
@Command(name = "network", mixinStandardHelpOptions = true,
        description = "Bring the local Fabric network up or down (up, deploy, stop, start, restart, down, status, logs).")
public final class NetworkCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "up, deploy, stop, start, restart, down, status or logs")
    String action;

    @Parameters(index = "1..*", arity = "0..*", description = "the action's own arguments (up --force; deploy --upgrade; stop|start|restart --peer N; logs NAME --lines N)")
    List<String> rest = new ArrayList<>();

    @Option(names = "--project-root", defaultValue = ".", description = "the repository's root (default: the current folder)")
    Path root;

    @Override
    public Integer call() throws Exception {
        List<String> actions = List.of("up", "deploy", "stop", "start", "restart", "down", "status", "logs");
        if (!actions.contains(action)) {
            throw new IllegalArgumentException("unknown network action '" + action + "'; known: " + String.join(", ", actions));
        }
        Path script = root.resolve("test-network").resolve("network.sh");
        if (!Files.isExecutable(script)) {
            throw new SetupException("no " + script + ": run fedledger from the repository's root or pass --project-root");
        }
        List<String> command = new ArrayList<>(List.of(script.toString(), action));
        command.addAll(rest);
        Process p = new ProcessBuilder(command).inheritIO().start();
        int exit = p.waitFor();
        // The launcher exits 1 on failure (its message is already printed) and 3 for 'status' of a network that is not up.
        return exit == 0 ? FedLedgerCli.OK : FedLedgerCli.LEDGER_UNAVAILABLE;
    }
}

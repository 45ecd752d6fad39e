package org.fedledger.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code fedledger} command. Every failure is one line on standard error and one of these exit
 * codes (also in {@code --help} and {@code docs/demo.md}): 0 success, 1 the demo missed its quality bar
 * or an audit failed, 2 wrong usage, 3 the ledger is not reachable or not set up (an outage: never 1),
 * 4 bad data or configuration, 5 a ledger refusal, 6 not reached (a round FAILED, or a round or model did
 * not come in time), 7 a transaction did not commit or its outcome is unknown, 8 an internal error.
 *
 * <pre>{@code
 * java -jar cli/target/fedledger.jar demo --network fabric --rounds 20
 * }</pre>
 */
@Command(name = "fedledger", mixinStandardHelpOptions = true, version = "fedledger 0.1.0",
        description = "Federated learning across organisations, every update and aggregation on a Fabric ledger.",
        subcommands = {DemoCommand.class, NetworkCommand.class, RoleCommands.TaskCommand.class, RoleCommands.RoundCommand.class,
            RoleCommands.TrainCommand.class, RoleCommands.AggregateCommand.class, RoleCommands.AttestCommand.class,
            VerifierCommand.class, WatchCommand.class,
            StatusCommand.class, CreditsCommand.class, AuditCommand.class, ParticipantCommand.class},
        exitCodeListHeading = "%nExit codes (every failure is one line on standard error):%n",
        exitCodeList = {"0:done", "1:the demo missed its quality bar, or an audit failed", "2:wrong usage",
            "3:the ledger is not reachable or not set up (a peer, orderer or chaincode server down; no network)",
            "4:bad data or configuration",
            "5:the ledger refused a call (its error code and what to do are printed)",
            "6:not reached: a round FAILED, or a round or model did not come in time",
            "7:a transaction did not commit (invalidated, or its outcome unknown): run the same command again",
            "8:internal error: the line names the file holding the stack trace"})
public final class FedLedgerCli {
    /** Success. */
    public static final int OK = 0;
    /** The demo ran but missed its quality bar. */
    public static final int QUALITY_BAR_MISSED = 1;
    /** The audit found errors: the task's history cannot be trusted as recorded. */
    public static final int AUDIT_FAILED = 1;
    /** Wrong usage: an unknown option, a missing argument. */
    public static final int USAGE = 2;
    /**
     * The ledger is not reachable or not set up (network not up, a peer, orderer or chaincode server
     * down, no connection profile): an outage, retry once it is back.
     */
    public static final int LEDGER_UNAVAILABLE = 3;
    /** Bad data or configuration. */
    public static final int BAD_INPUT = 4;
    /** The ledger refused a call (error code printed). */
    public static final int REFUSED = 5;
    /**
     * The ledger answered but a wait ended without its outcome: a round FAILED, or a round or model
     * did not come in time (where the round stood is printed).
     */
    public static final int NOT_REACHED = 6;
    /**
     * A transaction was endorsed but did not commit: validation invalidated it (for example
     * MVCC_READ_CONFLICT), or its commit status was lost. Every submit is idempotent: the same command
     * again commits it or finds it on the ledger.
     */
    public static final int NOT_COMMITTED = 7;
    /** A failure nobody foresaw (a bug): the one line names the file holding its stack trace. */
    public static final int INTERNAL_ERROR = 8;

    private FedLedgerCli() {
    }

    /**
     * Runs the command line.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** @return the command line with the project's exit-code mapping */
    public static CommandLine commandLine() {
        Failures failures = new Failures();
        return new CommandLine(new FedLedgerCli()).setExecutionExceptionHandler(failures)
                .setParameterExceptionHandler(failures);
    }
}

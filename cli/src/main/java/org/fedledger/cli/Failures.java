package org.fedledger.cli;

import org.fedledger.sdk.errors.AwaitTimeoutException;
import org.fedledger.sdk.errors.ContractRefusedException;
import org.fedledger.sdk.errors.LedgerCorruptException;
import org.fedledger.sdk.errors.LedgerRejectedException;
import org.fedledger.sdk.errors.LedgerUnavailableException;
import org.fedledger.sdk.errors.RoundFailedException;
import org.fedledger.trainer.data.DatasetFormatException;
import picocli.CommandLine;

/** Turns every failure into one clear line and the command's exit code; no stack trace for expected ones. */
final class Failures implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        var err = cmd.getErr();
        if (e instanceof ContractRefusedException r) {
            err.println("refused by the ledger: " + r.getMessage());
            err.println("what to do: " + r.code().guidance());
            return FedLedgerCli.REFUSED;
        }
        if (e instanceof LedgerUnavailableException || e instanceof LedgerRejectedException) {
            err.println("ledger: " + e.getMessage());
            return FedLedgerCli.LEDGER_UNAVAILABLE;
        }
        if (e instanceof LedgerCorruptException) {
            err.println("ledger: the embedded ledger's " + e.getMessage() + "; nothing in its data folder was changed");
            return FedLedgerCli.BAD_INPUT;
        }
        if (e instanceof RoundFailedException || e instanceof AwaitTimeoutException) {
            err.println("not reached: " + e.getMessage());
            return FedLedgerCli.NOT_REACHED;
        }
        if (e instanceof DatasetFormatException || e instanceof IllegalArgumentException) {
            err.println(e.getMessage());
            return FedLedgerCli.BAD_INPUT;
        }
        if (e instanceof SetupException s) {
            err.println(s.getMessage());
            return FedLedgerCli.LEDGER_UNAVAILABLE;
        }
        err.println("unexpected failure: " + e);
        e.printStackTrace(err);
        return CommandLine.ExitCode.SOFTWARE;
    }
}

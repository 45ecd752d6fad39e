package org.fedledger.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.fedledger.sdk.errors.AwaitTimeoutException;
import org.fedledger.sdk.errors.CommitInvalidatedException;
import org.fedledger.sdk.errors.CommitStatusUnknownException;
import org.fedledger.sdk.errors.ContractRefusedException;
import org.fedledger.sdk.errors.LedgerCorruptException;
import org.fedledger.sdk.errors.LedgerRejectedException;
import org.fedledger.sdk.errors.LedgerUnavailableException;
import org.fedledger.sdk.errors.RoundFailedException;
import org.fedledger.sdk.payload.PayloadTooLargeException;
import org.fedledger.trainer.data.DatasetFormatException;
import picocli.CommandLine;

/**
 * Turns every failure of a command into one line on standard error and the command's documented exit
 * code. Failures from the hospitals' threads (wrapped in {@link ExecutionException} and the like) are
 * unwrapped first, so an outage is exit 3 wherever it happened. A failure nobody foresaw (a bug) is
 * exit 8; its stack trace goes to a file that the line names, never to the terminal.
 */
final class Failures implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    /**
     * What a failure means for the operator.
     *
     * @param exitCode the documented exit code
     * @param line the one line printed
     */
    record Failure(int exitCode, String line) {
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        Failure f = classify(e);
        cmd.getErr().println(f.line());
        cmd.getErr().flush();
        return f.exitCode();
    }

    /** Wrong usage: picocli's message and where help is, in one line, instead of the whole usage text. */
    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        cmd.getErr().println(oneLine(e.getMessage()) + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        cmd.getErr().flush();
        return FedLedgerCli.USAGE;
    }

    /** The exit code and the one line for a failure (unwrapped from the wrappers threads and reflection add). */
    static Failure classify(Throwable thrown) {
        Throwable e = unwrap(thrown);
        if (e instanceof ContractRefusedException r) {
            return new Failure(FedLedgerCli.REFUSED, "refused by the ledger: " + oneLine(r.getMessage()) + "; what to do: "
                    + oneLine(r.code().guidance()));
        }
        if (e instanceof LedgerUnavailableException || e instanceof LedgerRejectedException) {
            return new Failure(FedLedgerCli.LEDGER_UNAVAILABLE, "ledger: " + oneLine(e.getMessage()));
        }
        if (e instanceof SetupException) {
            return new Failure(FedLedgerCli.LEDGER_UNAVAILABLE, oneLine(e.getMessage()));
        }
        if (e instanceof CommitInvalidatedException || e instanceof CommitStatusUnknownException) {
            return new Failure(FedLedgerCli.NOT_COMMITTED, "not committed: " + oneLine(e.getMessage())
                    + "; the same command again either commits it or finds it on the ledger");
        }
        if (e instanceof LedgerCorruptException) {
            return new Failure(FedLedgerCli.BAD_INPUT, "ledger: the embedded ledger's " + oneLine(e.getMessage())
                    + "; nothing in its data folder was changed");
        }
        if (e instanceof RoundFailedException || e instanceof AwaitTimeoutException) {
            return new Failure(FedLedgerCli.NOT_REACHED, "not reached: " + oneLine(e.getMessage()));
        }
        if (e instanceof DatasetFormatException || e instanceof IllegalArgumentException
                || e instanceof PayloadTooLargeException) {
            return new Failure(FedLedgerCli.BAD_INPUT, oneLine(e.getMessage()));
        }
        if (e instanceof IOException || e instanceof UncheckedIOException) {
            return new Failure(FedLedgerCli.BAD_INPUT, "file: " + oneLine(String.valueOf(e.getMessage())));
        }
        return new Failure(FedLedgerCli.INTERNAL_ERROR, "internal error: " + oneLine(e.toString()) + stackTraceFile(thrown));
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t instanceof ExecutionException || t instanceof CompletionException
                || t instanceof InvocationTargetException || t instanceof UndeclaredThrowableException
                || t instanceof CommandLine.ExecutionException)) {
            t = t.getCause();
        }
        return t;
    }

    /** Where the stack trace of an unforeseen failure was written, for a bug report. */
    private static String stackTraceFile(Throwable e) {
        try {
            Path file = Files.createTempFile("fedledger-failure-", ".txt");
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
                e.printStackTrace(w);
            }
            return " (stack trace in " + file + ")";
        } catch (IOException | RuntimeException unwritable) {
            return " (no stack trace: " + unwritable.getMessage() + ")";
        }
    }

    /** A message as one line: line breaks and the indentation after them become single spaces. */
    static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}

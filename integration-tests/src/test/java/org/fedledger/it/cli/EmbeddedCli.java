package org.fedledger.it.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.fedledger.cli.FedLedgerCli;
import org.fedledger.sdk.ledger.ConnectionProfile;
import picocli.CommandLine;

/**
 * The {@code fedledger} command run in-process on one embedded data folder, as a person of an
 * organisation given with {@code --profile}: what the CLI tests on the embedded ledger share.
 *
 * <pre>{@code
 * EmbeddedCli cli = new EmbeddedCli(dir);
 * int exit = cli.run(1, "User3", err, out, "round", "open", "--task", "bc1");
 * }</pre>
 */
final class EmbeddedCli {
    private final Path dir;

    /** @param dir a folder for the profiles; the ledger's data folder is {@code dir/ledger} */
    EmbeddedCli(Path dir) {
        this.dir = dir;
    }

    /** @return the ledger's data folder */
    Path dataFolder() {
        return dir.resolve("ledger");
    }

    /** @return the profile of {@code user} of organisation {@code org} (1..3) */
    ConnectionProfile profile(int org, String user) {
        return ConnectionProfile.of(Map.of("ledger", "embedded", "dataDirectory", dataFolder().toString(),
                "mspId", "Org" + org + "MSP", "user", user));
    }

    /** @return that profile written to a file, for {@code --profile} */
    Path profileFile(int org, String user) {
        StringBuilder text = new StringBuilder();
        profile(org, user).properties().forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        try {
            return Files.writeString(dir.resolve("org" + org + "-" + user + ".properties"), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs one command as that person; what it prints to standard error goes to {@code err}, to
     * standard output to {@code out}.
     *
     * @return the command's exit code
     */
    int run(int org, String user, StringWriter err, StringBuilder out, String... args) {
        String[] full = new String[args.length + 2];
        System.arraycopy(args, 0, full, 0, args.length);
        full[args.length] = "--profile";
        full[args.length + 1] = profileFile(org, user).toString();
        CommandLine cli = FedLedgerCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            return cli.execute(full);
        } finally {
            System.setOut(stdout);
            out.append(captured.toString(StandardCharsets.UTF_8));
        }
    }
}

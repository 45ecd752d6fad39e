package org.fedledger.cli;

import java.nio.file.Path;
import org.fedledger.sdk.ledger.ConnectionProfile;
import picocli.CommandLine.Option;

/**
 * The {@code --profile FILE} option every command that connects to a ledger takes: the connection
 * profile file, or by default the {@code FEDLEDGER_PROFILE} file and {@code FEDLEDGER_*} variables.
 *
 * <pre>{@code
 * @Mixin ProfileOption connection;
 * try (FedLedger ledger = FedLedger.open(connection.profile())) { ... }
 * }</pre>
 */
final class ProfileOption {
    @Option(names = "--profile", description = "a connection profile file (default: FEDLEDGER_PROFILE and the FEDLEDGER_* variables)")
    Path file;

    /** @return the profile from the file given, else from the environment */
    ConnectionProfile profile() {
        return file == null ? ConnectionProfile.fromEnvironment() : ConnectionProfile.load(file);
    }
}

package org.fedledger.cli;

import java.nio.file.Path;
import org.fedledger.sdk.ledger.ConnectionProfile;
import picocli.CommandLine.Option;

/**
 * The {@code --profile FILE} option every command that connects to a ledger takes: the connection
 * profile file in place of {@code FEDLEDGER_PROFILE}'s, with the {@code FEDLEDGER_*} variables over it
 * either way (the SDK's one rule, {@link ConnectionProfile#fromEnvironment(Path)}).
 *
 * <pre>{@code
 * @Mixin ProfileOption connection;
 * try (FedLedger ledger = FedLedger.open(connection.profile())) { ... }
 * }</pre>
 */
final class ProfileOption {
    @Option(names = "--profile", description = "a connection profile file, in place of FEDLEDGER_PROFILE; FEDLEDGER_* variables set keys over it")
    Path file;

    /** @return the file given (else {@code FEDLEDGER_PROFILE}'s) with the {@code FEDLEDGER_*} variables over it */
    ConnectionProfile profile() {
        return file == null ? ConnectionProfile.fromEnvironment() : ConnectionProfile.fromEnvironment(file);
    }
}

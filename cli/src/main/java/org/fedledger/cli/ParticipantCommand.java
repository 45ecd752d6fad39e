package org.fedledger.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.record.ParticipantRecord;
import org.fedledger.protocol.record.RecordJson;
import org.fedledger.protocol.record.Role;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.Receipt;
import org.fedledger.sdk.errors.ContractRefusedException;
import org.fedledger.sdk.ledger.ConnectionProfile;
import org.fedledger.sdk.ledger.LedgerProvider;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fedledger participant register}: an organisation's admin registers one of its members with
 * roles. The member's certificate is a PEM file, or the member's name, looked up by the profile's
 * ledger kind ({@link LedgerProvider#memberCertificate}): on an embedded ledger, that user of the
 * admin's organisation; on Fabric, the profile's {@code usersDirectory} and {@code domain} (as the
 * local network writes them).
 *
 * <pre>{@code
 * FEDLEDGER_PROFILE=org1.properties FEDLEDGER_USER=Admin fedledger participant register --member User3 \
 *     --roles coordinator,aggregator
 * }</pre>
 */
@Command(name = "participant", mixinStandardHelpOptions = true, description = "Register a member (organisation admin).",
        subcommands = ParticipantCommand.Register.class)
final class ParticipantCommand {
    /** Which member: a certificate file, or a name (an embedded ledger's user, or one in the profile's users directory). */
    static final class Member {
        @Option(names = "--member", description = "a user name of the profile's organisation, such as User3")
        String name;

        @Option(names = "--certificate", description = "the member's certificate, PEM")
        Path certificate;
    }

    /** Registers the member; a member already registered is reported, and its roles stay as they are. */
    @Command(name = "register", mixinStandardHelpOptions = true, description = "Register a member with roles.")
    static final class Register implements Callable<Integer> {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Member member;

        @Option(names = "--roles", required = true, split = ",",
                description = "trainer, verifier, aggregator, coordinator, auditor (comma-separated)")
        List<String> roles;

        @Option(names = "--json", description = "print the participant record as JSON")
        boolean json;

        @Mixin
        ProfileOption connection;

        @Override
        public Integer call() {
            ConnectionProfile profile = connection.profile();
            String pem = member.certificate != null ? read(member.certificate)
                    : LedgerProvider.of(profile.ledger()).memberCertificate(profile, member.name);
            List<Role> parsed = new ArrayList<>();
            for (String r : roles) {
                parsed.add(Role.fromWireName(r.trim()).orElseThrow(() -> new IllegalArgumentException("unknown role '"
                        + r + "'; known: trainer, verifier, aggregator, coordinator, auditor")));
            }
            try (FedLedger ledger = FedLedger.open(profile)) {
                Receipt<ParticipantRecord> r = ledger.admin().register(pem, parsed.toArray(Role[]::new));
                System.out.println(json ? RecordJson.write(r.record()) : "registered " + r.record().id() + " of "
                        + r.record().msp() + " as " + r.record().roles() + " (transaction " + r.transactionId() + ")");
            } catch (ContractRefusedException e) {
                if (e.code() != ErrorCode.ALREADY_EXISTS) {
                    throw e;
                }
                // A rerun of a set-up script: the member is there already; registration never changes roles.
                System.out.println("already registered; its roles stay as first registered: " + e.detail());
            }
            return FedLedgerCli.OK;
        }

        private static String read(Path file) {
            try {
                return Files.readString(file, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the certificate " + file + ": " + e.getMessage(), e);
            }
        }
    }
}

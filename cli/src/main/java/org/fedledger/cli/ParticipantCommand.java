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
import org.fedledger.protocol.record.RoleRequest;
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
 * {@code fedledger participant request|register}: a member asks for roles with its own identity, and
 * its organisation's admin approves them. For {@code register} the member's certificate is a PEM file,
 * or the member's name: on an embedded ledger's profile, or on a Fabric profile with
 * {@code usersDirectory} and {@code domain} (as the local network writes them).
 *
 * <pre>{@code
 * FEDLEDGER_PROFILE=org1.properties FEDLEDGER_USER=User3 fedledger participant request --roles coordinator,aggregator
 * FEDLEDGER_PROFILE=org1.properties FEDLEDGER_USER=Admin fedledger participant register --member User3 \
 *     --roles coordinator,aggregator
 * }</pre>
 */
@Command(name = "participant", mixinStandardHelpOptions = true,
        description = "Request roles (a member) and approve them (its organisation's admin).",
        subcommands = {ParticipantCommand.Request.class, ParticipantCommand.Register.class})
final class ParticipantCommand {
    private static Role[] roles(List<String> names) {
        List<Role> parsed = new ArrayList<>();
        for (String r : names) {
            parsed.add(Role.fromWireName(r.trim()).orElseThrow(() -> new IllegalArgumentException("unknown role '"
                    + r + "'; known: trainer, verifier, aggregator, coordinator, auditor")));
        }
        return parsed.toArray(Role[]::new);
    }

    /** The profile's identity asks its organisation's admin for roles. */
    @Command(name = "request", mixinStandardHelpOptions = true,
            description = "Ask your organisation's admin for roles (run as the member).")
    static final class Request implements Callable<Integer> {
        @Option(names = "--roles", required = true, split = ",",
                description = "trainer, verifier, aggregator, coordinator, auditor (comma-separated)")
        List<String> roles;

        @Option(names = "--json", description = "print the request as JSON")
        boolean json;

        @Mixin
        ProfileOption connection;

        @Override
        public Integer call() {
            Role[] asked = roles(roles);
            try (FedLedger ledger = FedLedger.open(connection.profile())) {
                if (ledger.whoAmI().registered()) {
                    // A rerun of a set-up script: asking again would only reopen a request nobody approves.
                    System.out.println("already registered as " + ledger.whoAmI().roles()
                            + "; ask your admin to change roles if you need others");
                    return FedLedgerCli.OK;
                }
                Receipt<RoleRequest> r = ledger.membership().requestRoles(asked);
                System.out.println(json ? RecordJson.write(r.record()) : "requested " + r.record().roles() + " for "
                        + r.record().id() + " of " + r.record().msp() + " (transaction " + r.transactionId()
                        + "); your organisation's admin approves with participant register");
            }
            return FedLedgerCli.OK;
        }
    }

    /** Which member: a certificate file, or a name (an embedded ledger's user, or one in the profile's users directory). */
    static final class Member {
        @Option(names = "--member", description = "a user name of the profile's organisation, such as User3")
        String name;

        @Option(names = "--certificate", description = "the member's certificate, PEM")
        Path certificate;
    }

    /**
     * Approves the member's pending request; a member already registered is reported, and its roles stay
     * as they are.
     */
    @Command(name = "register", mixinStandardHelpOptions = true,
            description = "Approve a member's role request (organisation admin).")
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
            Role[] granted = roles(roles);
            try (FedLedger ledger = FedLedger.open(profile)) {
                Receipt<ParticipantRecord> r = ledger.admin().register(pem, granted);
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

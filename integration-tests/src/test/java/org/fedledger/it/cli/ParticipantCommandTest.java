package org.fedledger.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fedledger.cli.FedLedgerCli;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.ledger.ConnectionProfile;
import org.fedledger.sdk.ledger.LedgerProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code fedledger participant request} as the member and {@code participant register} as its admin, on
 * an embedded ledger's data folder.
 */
class ParticipantCommandTest {
    @TempDir
    Path dir;

    private ConnectionProfile profile(String user) {
        return new EmbeddedCli(dir).profile(1, user);
    }

    private int run(StringWriter err, String... args) {
        return runWith(new EmbeddedCli(dir).profileFile(1, "Admin"), err, args);
    }

    /** The member {@code user} asks for {@code roles} with its own identity. */
    private int request(String user, String roles) {
        StringWriter err = new StringWriter();
        CommandLine cli = FedLedgerCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("participant", "request", "--roles", roles, "--profile",
                new EmbeddedCli(dir).profileFile(1, user).toString());
        assertThat(code).as(err.toString()).isEqualTo(FedLedgerCli.OK);
        return code;
    }

    private int runWith(Path adminProfile, StringWriter err, String... args) {
        CommandLine cli = FedLedgerCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        String[] full = new String[args.length + 4];
        full[0] = "participant";
        full[1] = "register";
        System.arraycopy(args, 0, full, 2, args.length);
        full[args.length + 2] = "--profile";
        full[args.length + 3] = adminProfile.toString();
        return cli.execute(full);
    }

    @Test
    void an_admin_registers_a_member_from_its_certificate_with_roles() throws Exception {
        Path certificate = dir.resolve("user7.pem");
        try (var connection = LedgerProvider.open(profile("User7"))) {
            Files.writeString(certificate, connection.identity().certificatePem());
            assertThat(FedLedger.over(connection).whoAmI().registered()).isFalse();
        }

        request("User7", "trainer,auditor");
        StringWriter err = new StringWriter();
        assertThat(run(err, "--certificate", certificate.toString(), "--roles", "trainer,auditor"))
                .as(err.toString()).isEqualTo(FedLedgerCli.OK);

        // A rerun reports the member as registered and leaves its roles as they were.
        assertThat(run(new StringWriter(), "--certificate", certificate.toString(), "--roles", "coordinator"))
                .isEqualTo(FedLedgerCli.OK);
        try (var connection = LedgerProvider.open(profile("User7"))) {
            assertThat(FedLedger.over(connection).whoAmI().registered()).isTrue();
            assertThat(FedLedger.over(connection).whoAmI().roles()).containsExactly("auditor", "trainer");
        }
    }

    @Test
    void on_an_embedded_ledger_an_admin_registers_a_member_of_its_organisation_by_name() throws Exception {
        request("User9", "trainer");
        StringWriter err = new StringWriter();
        assertThat(run(err, "--member", "User9", "--roles", "trainer")).as(err.toString()).isEqualTo(FedLedgerCli.OK);
        try (var connection = LedgerProvider.open(profile("User9"))) {
            assertThat(FedLedger.over(connection).whoAmI().registered()).isTrue();
            assertThat(FedLedger.over(connection).whoAmI().roles()).containsExactly("trainer");
        }
    }

    /**
     * Issue 26: {@code FEDLEDGER_USER=Admin fedledger participant register ... --profile FILE} acts as the
     * admin, as it does with {@code FEDLEDGER_PROFILE=FILE}: the variables set keys over the file either
     * way. Run as a process of its own, since a JVM cannot change its own environment.
     */
    @Test
    void a_FEDLEDGER_variable_sets_its_key_over_a_profile_given_with_the_profile_option() throws Exception {
        request("User5", "trainer");
        Path withoutUser = Files.writeString(dir.resolve("org1.properties"), "ledger=embedded\ndataDirectory="
                + new EmbeddedCli(dir).dataFolder() + "\nmspId=Org1MSP\n");
        ProcessBuilder command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FedLedgerCli.class.getName(), "participant", "register",
                "--member", "User5", "--roles", "trainer", "--profile", withoutUser.toString())
                .redirectErrorStream(true);
        command.environment().keySet().removeIf(name -> name.startsWith(ConnectionProfile.ENVIRONMENT_PREFIX));
        command.environment().put("FEDLEDGER_USER", "Admin");
        Process admin = command.start();
        String output = new String(admin.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(admin.waitFor()).as(output).isEqualTo(FedLedgerCli.OK);
        try (var connection = LedgerProvider.open(profile("User5"))) {
            assertThat(FedLedger.over(connection).whoAmI().roles()).containsExactly("trainer");
        }
    }

    @Test
    void an_admin_cannot_register_a_member_that_did_not_request_its_roles() {
        StringWriter err = new StringWriter();
        assertThat(run(err, "--member", "User6", "--roles", "trainer")).isNotEqualTo(FedLedgerCli.OK);
        assertThat(err.toString()).contains("NOT_REQUESTED");
        try (var connection = LedgerProvider.open(profile("User6"))) {
            assertThat(FedLedger.over(connection).whoAmI().registered()).isFalse();
        }
    }

    @Test
    void an_unknown_role_or_a_member_name_a_fabric_profile_cannot_resolve_is_bad_input() throws Exception {
        Path certificate = dir.resolve("user8.pem");
        try (var connection = LedgerProvider.open(profile("User8"))) {
            Files.writeString(certificate, connection.identity().certificatePem());
        }
        StringWriter err = new StringWriter();
        assertThat(run(err, "--certificate", certificate.toString(), "--roles", "wizard")).isEqualTo(FedLedgerCli.BAD_INPUT);
        assertThat(err.toString()).contains("unknown role 'wizard'");

        // A Fabric profile without the local network's usersDirectory cannot name members: refused before connecting.
        Path fabricProfile = Files.writeString(dir.resolve("fabric.properties"), "ledger=fabric\nmspId=Org1MSP\n");
        StringWriter err2 = new StringWriter();
        assertThat(runWith(fabricProfile, err2, "--member", "User8", "--roles", "trainer")).isEqualTo(FedLedgerCli.BAD_INPUT);
        assertThat(err2.toString()).contains("--member needs a profile with usersDirectory");
    }
}

package org.fedledger.it.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.fedledger.it.sdk.ConsortiumScenarios;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.record.CallerIdentity;
import org.fedledger.protocol.record.ParticipantRecord;
import org.fedledger.protocol.record.Role;
import org.fedledger.sdk.FedLedger;
import org.fedledger.sdk.TaskDefinition;
import org.fedledger.sdk.errors.ContractRefusedException;
import org.fedledger.sdk.ledger.LedgerConnection;
import org.fedledger.sdk.testing.SdkParticipants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A hostile admin's and a revoked member's moves on membership, through the SDK, written once and run
 * on every ledger ({@code docs/threat-model.md}, "Identity"). Each ends in a stable error code or an
 * unchanged membership for the honest members. Every scenario can run again on a ledger that already
 * holds the previous run's members (the Fabric network outlives a test run, and has six users per
 * organisation): a revocation is final, so the scenario that revokes Org1's User4 checks it on a rerun
 * instead of revoking it again; Org2's User4 ends with the roles it started with; Org3's User4 (the
 * stranger) only ever requests.
 */
public abstract class IdentityScenarios extends ConsortiumScenarios {
    private final List<LedgerConnection> extra = new ArrayList<>();

    private LedgerConnection connection(int org, String user) {
        LedgerConnection c = connect(org, user);
        extra.add(c);
        return c;
    }

    private FedLedger person(int org, String user) {
        return FedLedger.over(connection(org, user));
    }

    private static ErrorCode refusal(Runnable move) {
        ContractRefusedException e = catchThrowableOfType(ContractRefusedException.class, move::run);
        assertThat(e).as("a refusal").isNotNull();
        return e.code();
    }

    @Test
    void an_admin_cannot_register_a_forged_certificate_that_copies_its_cas_name() {
        SdkParticipants p = people();
        FedLedger admin3 = person(3, "Admin");
        String strangerPem = p.connection(p.stranger).identity().certificatePem();

        // A certificate for a name nobody holds, under Org3's CA name, signed by a key no CA holds:
        // nobody can sign a request with it.
        String ghost = Forgery.of(strangerPem, "CN=ghost-" + Long.toHexString(System.nanoTime()));
        assertThat(refusal(() -> admin3.admin().register(ghost, Role.COORDINATOR))).isEqualTo(ErrorCode.NOT_REQUESTED);

        // The name of a member who did ask, with the forger's key: still not the member's certificate.
        p.stranger.membership().requestRoles(Role.TRAINER);
        String twin = Forgery.of(strangerPem, null);
        assertThat(refusal(() -> admin3.admin().register(twin, Role.TRAINER))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(p.stranger.whoAmI().registered()).isFalse();
        assertThat(refusal(() -> p.stranger.auditor().task("none"))).isEqualTo(ErrorCode.UNKNOWN_IDENTITY);
    }

    @Test
    void an_admin_can_neither_change_nor_revoke_a_member_of_another_organisation() {
        SdkParticipants p = people();
        FedLedger admin1 = person(1, "Admin");
        String trainer2 = p.trainer2.whoAmI().id();

        assertThat(refusal(() -> admin1.admin().changeRoles(trainer2, Role.AUDITOR))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(refusal(() -> admin1.admin().revoke(trainer2))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(refusal(() -> p.trainer1.admin().revoke(trainer2))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(p.auditor.auditor().participant("Org2MSP", trainer2).roles()).containsExactly("trainer");
        assertThat(p.trainer2.whoAmI().revoked()).isFalse();
    }

    @Test
    void an_admin_drops_a_role_at_once_and_adds_one_back_only_when_the_member_asks() {
        SdkParticipants p = people();
        FedLedger admin2 = person(2, "Admin");
        LedgerConnection memberConnection = connection(2, "User4");
        FedLedger member = FedLedger.over(memberConnection);
        if (!member.whoAmI().registered()) {
            member.membership().requestRoles(Role.TRAINER, Role.VERIFIER);
            admin2.admin().register(memberConnection.identity().certificatePem(), Role.TRAINER, Role.VERIFIER);
        }
        String id = member.whoAmI().id();
        TaskDefinition task = SdkParticipants.task("roles").build();
        p.coordinator.coordinator().createTask(task);
        p.coordinator.coordinator().openRound(task.taskId());

        ParticipantRecord changed = admin2.admin().changeRoles(id, Role.VERIFIER).record();
        assertThat(changed.roles()).containsExactly("verifier");
        assertThat(changed.changedBy()).isEqualTo(admin2.whoAmI().id());
        assertThat(refusal(() -> member.trainer(task.taskId()).submitUpdate(1, SdkParticipants.model(4f), 10)))
                .isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(refusal(() -> admin2.admin().changeRoles(id, Role.TRAINER, Role.VERIFIER)))
                .isEqualTo(ErrorCode.NOT_REQUESTED);

        member.membership().requestRoles(Role.TRAINER);
        assertThat(admin2.admin().changeRoles(id, Role.TRAINER, Role.VERIFIER).record().roles())
                .containsExactly("trainer", "verifier");
        member.trainer(task.taskId()).submitUpdate(1, SdkParticipants.model(4f), 10);
        assertThat(p.auditor.auditor().updates(task.taskId(), 1)).hasSize(1);
    }

    @Test
    void a_revoked_member_is_refused_with_revoked_in_every_step_and_cannot_ask_again() {
        SdkParticipants p = people();
        FedLedger admin1 = person(1, "Admin");
        LedgerConnection memberConnection = connection(1, "User4");
        FedLedger member = FedLedger.over(memberConnection);
        if (!member.whoAmI().registered()) {
            member.membership().requestRoles(Role.TRAINER, Role.AUDITOR);
            admin1.admin().register(memberConnection.identity().certificatePem(), Role.TRAINER, Role.AUDITOR);
        }
        String id = member.whoAmI().id();
        TaskDefinition task = SdkParticipants.task("revoked").build();
        p.coordinator.coordinator().createTask(task);
        p.coordinator.coordinator().openRound(task.taskId());

        ParticipantRecord revoked = admin1.admin().revoke(id).record();
        assertThat(revoked.isRevoked()).isTrue();

        assertThat(refusal(() -> member.trainer(task.taskId()).submitUpdate(1, SdkParticipants.model(5f), 10)))
                .isEqualTo(ErrorCode.REVOKED);
        assertThat(refusal(() -> member.auditor().task(task.taskId()))).isEqualTo(ErrorCode.REVOKED);
        assertThat(refusal(() -> member.membership().requestRoles(Role.TRAINER))).isEqualTo(ErrorCode.REVOKED);
        assertThat(refusal(() -> admin1.admin().changeRoles(id, Role.TRAINER))).isEqualTo(ErrorCode.REVOKED);
        CallerIdentity me = member.whoAmI();
        assertThat(me.revoked()).isTrue();
        assertThat(me.roles()).isEmpty();
        assertThat(p.auditor.auditor().participant("Org1MSP", id).changedBy()).isEqualTo(admin1.whoAmI().id());
        assertThat(p.auditor.auditor().updates(task.taskId(), 1)).isEmpty();
    }

    @AfterAll
    void closeExtraConnections() {
        extra.forEach(LedgerConnection::close);
    }

    /** Certificates a forger makes from a real one: the same issuer name, a key no CA signed. */
    static final class Forgery {
        private Forgery() {
        }

        /**
         * @param realPem a real member's certificate
         * @param subject the forgery's subject, or null to keep the real one's (the same identity id)
         * @return the forgery, PEM: the real certificate's issuer name, a fresh key, signed by that key
         */
        static String of(String realPem, String subject) {
            try {
                X509Certificate real = (X509Certificate) CertificateFactory.getInstance("X509")
                        .generateCertificate(new ByteArrayInputStream(realPem.getBytes(StandardCharsets.US_ASCII)));
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                KeyPair forger = generator.generateKeyPair();
                var builder = new JcaX509v3CertificateBuilder(real.getIssuerX500Principal(),
                        BigInteger.valueOf(Math.abs(System.nanoTime()) + 1), real.getNotBefore(), real.getNotAfter(),
                        subject == null ? real.getSubjectX500Principal()
                                : new javax.security.auth.x500.X500Principal(subject + ",OU=client,O="
                                        + "forgers"), forger.getPublic());
                X509Certificate forged = new JcaX509CertificateConverter().getCertificate(
                        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(forger.getPrivate())));
                StringWriter out = new StringWriter();
                try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                    writer.writeObject(forged);
                }
                return out.toString();
            } catch (GeneralSecurityException | OperatorCreationException e) {
                throw new IllegalStateException("cannot forge a test certificate", e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

package org.fedledger.chaincode.participants;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.fedledger.chaincode.Consortium;
import org.fedledger.chaincode.testing.TestIdentity;
import org.fedledger.chaincode.testing.TestOrg;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.ModelCodec;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.event.EventNames;
import org.fedledger.protocol.key.Keys;
import org.fedledger.protocol.key.TransientKeys;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ParticipantTransactionsTest {
    private final Consortium net = Consortium.fresh();

    private static String sha256(TestIdentity who) {
        try {
            return ContentHash.of(who.certificate().getEncoded()).hex();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Nested
    class RequestRoles {
        @Test
        void a_member_asks_for_its_roles_with_its_own_identity_and_the_request_names_its_certificate() {
            String json = net.requestRoles(net.trainer1, "verifier,trainer");

            Map<String, Object> request = Consortium.json(json);
            assertThat(request).containsEntry("id", net.trainer1.id()).containsEntry("msp", "Org1MSP")
                    .containsEntry("roles", List.of("trainer", "verifier"))
                    .containsEntry("certificateHash", sha256(net.trainer1));
            assertThat(net.ledger.valueUtf8(Keys.roleRequest("Org1MSP", net.trainer1.id()))).hasValue(json);
            assertThat(net.lastStub().event().map(e -> e.name())).hasValue(EventNames.ROLES_REQUESTED);
        }

        @Test
        void a_request_alone_grants_nothing() {
            net.requestRoles(net.trainer1, "coordinator");
            Consortium.assertCode(net.refused(net.trainer1, t -> t.c().getTask(t.ctx(), Consortium.TASK)),
                    ErrorCode.UNKNOWN_IDENTITY);
            assertThat(Consortium.json(net.evaluate(net.trainer1, t -> t.c().whoAmI(t.ctx()))))
                    .containsEntry("registered", false);
        }

        @Test
        void the_same_request_again_writes_nothing_and_a_different_one_replaces_it() {
            net.requestRoles(net.trainer1, "trainer");
            int commits = net.ledger.commits().size();
            net.requestRoles(net.trainer1, "trainer");
            assertThat(net.lastStub().readWriteSet().writes()).isEmpty();
            assertThat(net.lastStub().event().map(e -> e.name())).isEmpty();

            net.requestRoles(net.trainer1, "auditor");
            assertThat(Consortium.json(net.ledger.valueUtf8(Keys.roleRequest("Org1MSP", net.trainer1.id())).orElseThrow()))
                    .containsEntry("roles", List.of("auditor"));
            assertThat(net.ledger.commits()).hasSize(commits + 2);
        }

        @Test
        void refuses_unknown_duplicate_or_missing_roles() {
            for (String roles : new String[] {"", "trainer,wizard", "trainer,trainer", "Trainer", ","}) {
                var e = net.refused(net.trainer1, t -> t.c().requestRoles(t.ctx(), roles));
                Consortium.assertCode(e, ErrorCode.INVALID_ARGUMENT);
                assertThat(e.getMessage()).contains("rolesCsv");
            }
        }
    }

    @Nested
    class RegisterParticipant {
        @Test
        void admin_approves_a_members_request_with_the_id_the_shim_derives() {
            net.requestRoles(net.trainer1, "trainer,verifier");
            String json = net.approve(net.admin1, net.trainer1, "trainer,verifier");

            Map<String, Object> record = Consortium.json(json);
            assertThat(record).containsEntry("id", net.trainer1.id()).containsEntry("msp", "Org1MSP")
                    .containsEntry("registeredBy", net.admin1.id())
                    .containsEntry("roles", List.of("trainer", "verifier"))
                    .doesNotContainKeys("revoked", "changedBy");
            assertThat(net.ledger.valueUtf8(Keys.participant("Org1MSP", net.trainer1.id()))).hasValue(json);
            assertThat(net.ledger.valueUtf8(Keys.roleRequest("Org1MSP", net.trainer1.id()))).isEmpty();
            assertThat(net.lastStub().event().map(e -> e.name())).hasValue(EventNames.PARTICIPANT_REGISTERED);
        }

        @Test
        void roles_are_sorted_and_stored_once() {
            String json = net.register(net.admin1, net.trainer1, "verifier, trainer");
            assertThat(Consortium.json(json)).containsEntry("roles", List.of("trainer", "verifier"));
        }

        @Test
        void an_admin_may_grant_fewer_roles_than_requested_but_none_that_was_not() {
            net.requestRoles(net.trainer1, "trainer,verifier");
            var e = net.refused(net.admin1, t -> t.c().registerParticipant(t.ctx(), net.trainer1.certificatePem(),
                    "trainer,coordinator"));
            Consortium.assertCode(e, ErrorCode.NOT_REQUESTED);
            assertThat(e.getMessage()).contains("coordinator");

            assertThat(Consortium.json(net.approve(net.admin1, net.trainer1, "trainer")))
                    .containsEntry("roles", List.of("trainer"));
        }

        @Test
        void refuses_a_certificate_whose_holder_never_requested_roles() {
            var e = net.refused(net.admin1, t -> t.c().registerParticipant(t.ctx(),
                    net.trainer1.certificatePem(), "trainer"));
            Consortium.assertCode(e, ErrorCode.NOT_REQUESTED);
        }

        @Test
        void refuses_a_forged_certificate_that_copies_the_cas_issuer_name() {
            // The admin's own CA name, but a signature no CA made: Fabric's MSP would never accept it as
            // a signer, so it can never have requested roles.
            TestIdentity forged = net.org1.forged("ghost", "client");
            assertThat(forged.certificate().getIssuerX500Principal())
                    .isEqualTo(net.admin1.certificate().getIssuerX500Principal());

            var e = net.refused(net.admin1, t -> t.c().registerParticipant(t.ctx(), forged.certificatePem(),
                    "coordinator"));
            Consortium.assertCode(e, ErrorCode.NOT_REQUESTED);
            assertThat(net.ledger.valueUtf8(Keys.participant("Org1MSP", forged.id()))).isEmpty();
        }

        @Test
        void refuses_a_forged_certificate_with_the_name_of_a_member_who_did_request() {
            net.requestRoles(net.trainer1, "trainer");
            TestIdentity forged = net.org1.forged(net.trainer1.commonName(), "client");
            assertThat(forged.id()).isEqualTo(net.trainer1.id());

            var e = net.refused(net.admin1, t -> t.c().registerParticipant(t.ctx(), forged.certificatePem(),
                    "trainer"));
            Consortium.assertCode(e, ErrorCode.FORBIDDEN);
            assertThat(e.getMessage()).contains("not the one that requested");
        }

        @Test
        void refuses_a_member_who_is_not_an_admin() {
            net.requestRoles(net.stranger, "coordinator");
            var e = net.refused(net.trainer1, t -> t.c().registerParticipant(t.ctx(),
                    net.trainer1.certificatePem(), "coordinator"));
            Consortium.assertCode(e, ErrorCode.FORBIDDEN);
        }

        @Test
        void refuses_a_certificate_of_another_organisation() {
            net.requestRoles(net.trainer2, "trainer");
            var e = net.refused(net.admin1, t -> t.c().registerParticipant(t.ctx(),
                    net.trainer2.certificatePem(), "trainer"));
            Consortium.assertCode(e, ErrorCode.FORBIDDEN);
            assertThat(e.getMessage()).contains("Org1MSP only");
        }

        @Test
        void refuses_a_certificate_from_another_ca_claiming_the_admins_msp() {
            // A rogue CA: same MSP name would be claimed by the admin, but the issuer differs.
            var rogue = TestOrg.of("RogueOrg1MSP").member("mallory");
            var e = net.refused(net.admin1, t -> t.c().registerParticipant(t.ctx(), rogue.certificatePem(), "trainer"));
            Consortium.assertCode(e, ErrorCode.FORBIDDEN);
        }

        @Test
        void refuses_unknown_duplicate_or_missing_roles() {
            net.requestRoles(net.trainer1, "trainer");
            for (String roles : new String[] {"", "trainer,wizard", "trainer,trainer", "Trainer", ","}) {
                var e = net.refused(net.admin1, t -> t.c().registerParticipant(t.ctx(),
                        net.trainer1.certificatePem(), roles));
                Consortium.assertCode(e, ErrorCode.INVALID_ARGUMENT);
                assertThat(e.getMessage()).contains("rolesCsv");
            }
        }

        @Test
        void refuses_text_that_is_not_a_certificate() {
            for (String pem : new String[] {"", "hello",
                    "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"}) {
                var e = net.refused(net.admin1, t -> t.c().registerParticipant(t.ctx(), pem, "trainer"));
                Consortium.assertCode(e, ErrorCode.INVALID_ARGUMENT);
            }
        }

        @Test
        void refuses_registering_the_same_identity_twice() {
            net.register(net.admin1, net.trainer1, "trainer");
            net.requestRoles(net.trainer1, "auditor");
            var e = net.refused(net.admin1, t -> t.c().registerParticipant(t.ctx(),
                    net.trainer1.certificatePem(), "auditor"));
            Consortium.assertCode(e, ErrorCode.ALREADY_EXISTS);
        }
    }

    @Nested
    class AdminRole {
        @Test
        void a_certificate_with_a_client_and_an_admin_ou_is_no_admin() {
            TestIdentity both = net.org1.withOus("mallory", "client", "admin");
            net.requestRoles(net.trainer1, "trainer");

            var e = net.refused(both, t -> t.c().registerParticipant(t.ctx(), net.trainer1.certificatePem(),
                    "trainer"));
            Consortium.assertCode(e, ErrorCode.FORBIDDEN);
            assertThat(Consortium.json(net.evaluate(both, t -> t.c().whoAmI(t.ctx())))).containsEntry("admin", false);
        }

        @Test
        void an_admin_ou_beside_a_non_role_ou_still_makes_an_admin() {
            // Fabric CA writes affiliation OUs next to the NodeOU: "OU=admin + OU=org1" is an admin.
            TestIdentity admin = net.org1.withOus("ops", "org1", "admin");
            net.requestRoles(net.trainer1, "trainer");
            assertThat(Consortium.json(net.approve(admin, net.trainer1, "trainer")))
                    .containsEntry("registeredBy", admin.id());
        }

        @Test
        void an_ou_that_only_resembles_the_admin_role_makes_no_admin() {
            for (TestIdentity lookalike : List.of(net.org1.withOus("m1", "Admin"), net.org1.withOus("m2", "admins"),
                    net.org1.withOus("m3", "peer", "admin"))) {
                assertThat(Consortium.json(net.evaluate(lookalike, t -> t.c().whoAmI(t.ctx()))))
                        .as(lookalike.id()).containsEntry("admin", false);
            }
        }
    }

    @Nested
    class ChangeRoles {
        @Test
        void admin_drops_a_role_and_the_member_loses_it_at_once() {
            net.registered().withTask();
            net.register(net.admin1, net.org1.member("both"), "trainer,verifier");
            TestIdentity both = net.org1.member("both");

            String json = net.submit(net.admin1, t -> t.c().changeRoles(t.ctx(), both.id(), "verifier"));

            assertThat(Consortium.json(json)).containsEntry("roles", List.of("verifier"))
                    .containsEntry("changedBy", net.admin1.id()).containsEntry("registeredBy", net.admin1.id());
            assertThat(net.lastStub().event().map(e -> e.name())).hasValue(EventNames.ROLES_CHANGED);
            net.openRound();
            Consortium.assertCode(net.refused(both, Consortium.chunks(TransientKeys.UPDATE_PREFIX,
                    ModelCodec.encode(Consortium.model(1f)), 1), t -> t.c().submitUpdate(t.ctx(), Consortium.TASK, "1",
                    Consortium.hashOf(Consortium.model(1f)), "10", "0")), ErrorCode.FORBIDDEN);
        }

        @Test
        void admin_adds_a_role_only_when_the_member_asked_for_it() {
            net.register(net.admin1, net.trainer1, "trainer");
            Consortium.assertCode(net.refused(net.admin1, t -> t.c().changeRoles(t.ctx(), net.trainer1.id(),
                    "trainer,coordinator")), ErrorCode.NOT_REQUESTED);

            net.requestRoles(net.trainer1, "coordinator");
            assertThat(Consortium.json(net.submit(net.admin1, t -> t.c().changeRoles(t.ctx(), net.trainer1.id(),
                    "trainer,coordinator")))).containsEntry("roles", List.of("coordinator", "trainer"));
            assertThat(net.ledger.valueUtf8(Keys.roleRequest("Org1MSP", net.trainer1.id()))).isEmpty();
        }

        @Test
        void an_admin_cannot_change_a_member_of_another_organisation() {
            net.register(net.admin2, net.trainer2, "trainer");
            Consortium.assertCode(net.refused(net.admin1, t -> t.c().changeRoles(t.ctx(), net.trainer2.id(),
                    "trainer")), ErrorCode.NOT_FOUND);
            Consortium.assertCode(net.refused(net.trainer1, t -> t.c().changeRoles(t.ctx(), net.trainer2.id(),
                    "trainer")), ErrorCode.FORBIDDEN);
        }

        @Test
        void every_change_is_in_the_key_history_of_the_member() {
            net.registered();
            net.requestRoles(net.coordinator, "auditor");
            net.submit(net.admin1, t -> t.c().changeRoles(t.ctx(), net.coordinator.id(), "auditor,coordinator"));
            net.submit(net.admin1, t -> t.c().revokeParticipant(t.ctx(), net.aggregator.id()));

            String history = net.evaluate(net.auditor, t -> t.c().keyHistory(t.ctx(), Keys.PARTICIPANT,
                    new com.google.gson.Gson().toJson(List.of("Org1MSP", net.coordinator.id()))));
            assertThat(history).contains("[\\\"coordinator\\\"]").contains("[\\\"auditor\\\",\\\"coordinator\\\"]");
            String revoked = net.evaluate(net.auditor, t -> t.c().keyHistory(t.ctx(), Keys.PARTICIPANT,
                    new com.google.gson.Gson().toJson(List.of("Org1MSP", net.aggregator.id()))));
            assertThat(revoked).contains("\\\"revoked\\\":true");
        }
    }

    @Nested
    class RevokeParticipant {
        @Test
        void a_revoked_member_is_refused_with_revoked_wherever_a_role_is_checked() {
            net.registered().withTask();
            net.openRound();
            String json = net.submit(net.admin1, t -> t.c().revokeParticipant(t.ctx(), net.trainer1.id()));

            assertThat(Consortium.json(json)).containsEntry("revoked", true).containsEntry("roles", List.of("trainer"))
                    .containsEntry("changedBy", net.admin1.id());
            assertThat(net.lastStub().event().map(e -> e.name())).hasValue(EventNames.PARTICIPANT_REVOKED);
            Consortium.assertCode(net.refused(net.trainer1, Consortium.chunks(TransientKeys.UPDATE_PREFIX,
                    ModelCodec.encode(Consortium.model(1f)), 1), t -> t.c().submitUpdate(t.ctx(), Consortium.TASK, "1",
                    Consortium.hashOf(Consortium.model(1f)), "10", "0")), ErrorCode.REVOKED);
            Consortium.assertCode(net.refused(net.trainer1, t -> t.c().getTask(t.ctx(), Consortium.TASK)),
                    ErrorCode.REVOKED);
            Consortium.assertCode(net.refused(net.trainer1, t -> t.c().requestRoles(t.ctx(), "trainer")),
                    ErrorCode.REVOKED);
            assertThat(Consortium.json(net.evaluate(net.trainer1, t -> t.c().whoAmI(t.ctx()))))
                    .containsEntry("registered", true).containsEntry("revoked", true).containsEntry("roles", List.of());
        }

        @Test
        void a_revocation_is_final_and_revoking_again_writes_nothing() {
            net.register(net.admin1, net.trainer1, "trainer");
            net.submit(net.admin1, t -> t.c().revokeParticipant(t.ctx(), net.trainer1.id()));
            net.submit(net.admin1, t -> t.c().revokeParticipant(t.ctx(), net.trainer1.id()));
            assertThat(net.lastStub().readWriteSet().writes()).isEmpty();

            Consortium.assertCode(net.refused(net.admin1, t -> t.c().changeRoles(t.ctx(), net.trainer1.id(),
                    "trainer")), ErrorCode.REVOKED);
            Consortium.assertCode(net.refused(net.admin1, t -> t.c().registerParticipant(t.ctx(),
                    net.trainer1.certificatePem(), "trainer")), ErrorCode.REVOKED);
        }

        @Test
        void only_the_members_own_organisations_admin_revokes_it() {
            net.register(net.admin1, net.trainer1, "trainer");
            Consortium.assertCode(net.refused(net.admin2, t -> t.c().revokeParticipant(t.ctx(), net.trainer1.id())),
                    ErrorCode.NOT_FOUND);
            Consortium.assertCode(net.refused(net.trainer2, t -> t.c().revokeParticipant(t.ctx(), net.trainer1.id())),
                    ErrorCode.FORBIDDEN);
            Consortium.assertCode(net.refused(net.org1.withOus("mallory", "client", "admin"),
                    t -> t.c().revokeParticipant(t.ctx(), net.trainer1.id())), ErrorCode.FORBIDDEN);
        }
    }

    @Nested
    class WhoAmI {
        @Test
        void tells_an_unregistered_member_its_id_and_no_roles() {
            Map<String, Object> me = Consortium.json(net.evaluate(net.stranger, t -> t.c().whoAmI(t.ctx())));
            assertThat(me).containsEntry("id", net.stranger.id()).containsEntry("msp", "Org3MSP")
                    .containsEntry("admin", false).containsEntry("registered", false).containsEntry("roles", List.of());
        }

        @Test
        void tells_an_admin_it_is_one_and_a_participant_its_roles() {
            assertThat(Consortium.json(net.evaluate(net.admin2, t -> t.c().whoAmI(t.ctx()))))
                    .containsEntry("admin", true).containsEntry("revoked", false);
            net.register(net.admin2, net.auditor, "auditor");
            assertThat(Consortium.json(net.evaluate(net.auditor, t -> t.c().whoAmI(t.ctx()))))
                    .containsEntry("registered", true).containsEntry("roles", List.of("auditor"));
        }
    }

    @Nested
    class GetParticipant {
        @Test
        void returns_the_stored_record_to_any_participant() {
            String stored = net.register(net.admin1, net.trainer1, "trainer");
            net.register(net.admin2, net.auditor, "auditor");
            String read = net.evaluate(net.auditor, t -> t.c().getParticipant(t.ctx(), "Org1MSP", net.trainer1.id()));
            assertThat(read).isEqualTo(stored);
        }

        @Test
        void refuses_an_unregistered_caller_and_reports_missing_participants() {
            net.register(net.admin2, net.auditor, "auditor");
            Consortium.assertCode(net.refused(net.stranger,
                    t -> t.c().getParticipant(t.ctx(), "Org1MSP", "x509::nobody")), ErrorCode.UNKNOWN_IDENTITY);
            Consortium.assertCode(net.refused(net.auditor,
                    t -> t.c().getParticipant(t.ctx(), "Org1MSP", "x509::nobody")), ErrorCode.NOT_FOUND);
            Consortium.assertCode(net.refused(net.auditor,
                    t -> t.c().getParticipant(t.ctx(), "Org 1", "x509::nobody")), ErrorCode.INVALID_ARGUMENT);
        }
    }
}

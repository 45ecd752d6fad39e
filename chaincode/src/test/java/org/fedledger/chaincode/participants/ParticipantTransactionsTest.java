package org.fedledger.chaincode.participants;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.fedledger.chaincode.Consortium;
import org.fedledger.chaincode.testing.TestOrg;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.protocol.event.EventNames;
import org.fedledger.protocol.key.Keys;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ParticipantTransactionsTest {
    private final Consortium net = Consortium.fresh();

    @Nested
    class RegisterParticipant {
        @Test
        void admin_registers_a_member_of_its_own_org_with_the_id_the_shim_derives() {
            String json = net.register(net.admin1, net.trainer1, "trainer,verifier");

            Map<String, Object> record = Consortium.json(json);
            assertThat(record).containsEntry("id", net.trainer1.id()).containsEntry("msp", "Org1MSP")
                    .containsEntry("registeredBy", net.admin1.id())
                    .containsEntry("roles", List.of("trainer", "verifier"));
            assertThat(net.ledger.stateUtf8(Keys.participant("Org1MSP", net.trainer1.id()))).hasValue(json);
            assertThat(net.ledger.lastStub().eventName()).hasValue(EventNames.PARTICIPANT_REGISTERED);
        }

        @Test
        void roles_are_sorted_and_stored_once() {
            String json = net.register(net.admin1, net.trainer1, "verifier, trainer");
            assertThat(Consortium.json(json)).containsEntry("roles", List.of("trainer", "verifier"));
        }

        @Test
        void refuses_a_member_who_is_not_an_admin() {
            var e = net.refused(net.trainer1, t -> t.c().registerParticipant(t.ctx(),
                    net.trainer1.certificatePem(), "coordinator"));
            Consortium.assertCode(e, ErrorCode.FORBIDDEN);
        }

        @Test
        void refuses_a_certificate_of_another_organisation() {
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
            var e = net.refused(net.admin1, t -> t.c().registerParticipant(t.ctx(),
                    net.trainer1.certificatePem(), "auditor"));
            Consortium.assertCode(e, ErrorCode.ALREADY_EXISTS);
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
                    .containsEntry("admin", true);
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

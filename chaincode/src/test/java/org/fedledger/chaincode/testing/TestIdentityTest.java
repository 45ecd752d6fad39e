package org.fedledger.chaincode.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.fedledger.embedded.peer.SimulatedChannel;
import org.hyperledger.fabric.contract.ClientIdentity;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TestIdentityTest {
    private static final Instant TS = Instant.parse("2025-03-01T12:00:00Z");

    private static ClientIdentity clientIdentityOf(TestIdentity identity) throws Exception {
        return new ClientIdentity(new SimulatedChannel("fedledger", Map.of())
                .newStub(identity.simulated(), identity.mspId(), TS, Map.of(), List.of()));
    }

    @Nested
    class ThroughTheShimsClientIdentity {
        @Test
        void id_matches_the_shims_client_identity_id() throws Exception {
            TestIdentity alice = TestOrg.of("Org1MSP").member("alice");

            ClientIdentity ci = clientIdentityOf(alice);

            assertThat(ci.getId()).isEqualTo(alice.id());
            assertThat(alice.id()).isEqualTo(
                    "x509::CN=alice, OU=client, O=Org1MSP, C=US::CN=ca.org1msp.example.com, O=Org1MSP, C=US");
        }

        @Test
        void msp_id_matches_the_shims_client_identity_msp() throws Exception {
            TestIdentity bob = TestOrg.of("Org2MSP").member("bob");

            assertThat(clientIdentityOf(bob).getMSPID()).isEqualTo("Org2MSP").isEqualTo(bob.mspId());
        }

        @Test
        void admin_certificate_has_ou_admin_in_its_subject() throws Exception {
            TestIdentity admin = TestOrg.of("Org1MSP").admin("admin1");

            String subject = clientIdentityOf(admin).getX509Certificate().getSubjectX500Principal().getName();

            assertThat(subject).contains("OU=admin");
        }

        @Test
        void member_certificate_has_ou_client_not_admin() throws Exception {
            String subject = clientIdentityOf(TestOrg.of("Org1MSP").member("carol"))
                    .getX509Certificate().getSubjectX500Principal().getName();

            assertThat(subject).contains("OU=client").doesNotContain("OU=admin");
        }
    }

    @Nested
    class Issuance {
        @Test
        void same_name_gives_the_same_cached_identity() {
            assertThat(TestOrg.of("Org1MSP").member("dave")).isSameAs(TestOrg.of("Org1MSP").member("dave"));
            assertThat(TestOrg.of("Org1MSP")).isSameAs(TestOrg.of("Org1MSP"));
        }

        @Test
        void member_and_admin_with_the_same_name_are_different_identities() {
            assertThat(TestOrg.of("Org1MSP").member("erin").id()).isNotEqualTo(TestOrg.of("Org1MSP").admin("erin").id());
        }

        @Test
        void certificate_is_issued_and_signed_by_the_org_ca() throws Exception {
            TestOrg org = TestOrg.of("Org3MSP");
            TestIdentity frank = org.withOu("frank", "peer");

            frank.certificate().verify(org.caCertificate().getPublicKey());

            assertThat(frank.certificate().getIssuerX500Principal()).isEqualTo(org.caCertificate().getSubjectX500Principal());
            assertThat(frank.certificate().getSigAlgName()).isEqualTo("SHA256withECDSA");
            assertThat(org.caCertificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
        }

        @Test
        void same_common_name_in_two_orgs_gives_different_issuers() {
            String org1 = TestOrg.of("Org1MSP").member("grace").id();
            String org2 = TestOrg.of("Org2MSP").member("grace").id();

            assertThat(org1).isNotEqualTo(org2).contains("ca.org1msp.example.com");
            assertThat(org2).contains("ca.org2msp.example.com");
        }

        @Test
        void serialized_is_the_protobuf_serialized_identity_with_the_pem() throws Exception {
            TestIdentity alice = TestOrg.of("Org1MSP").member("alice");

            SerializedIdentity si = SerializedIdentity.parseFrom(alice.serialized());

            assertThat(si.getMspid()).isEqualTo("Org1MSP");
            assertThat(si.getIdBytes().toStringUtf8()).isEqualTo(alice.certificatePem())
                    .startsWith("-----BEGIN CERTIFICATE-----");
        }
    }
}

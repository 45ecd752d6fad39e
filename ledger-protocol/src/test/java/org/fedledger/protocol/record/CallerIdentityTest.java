package org.fedledger.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How an identity id reads to a person: common name and organisation, else the id unchanged. */
class CallerIdentityTest {
    @Test
    void a_subject_with_a_common_name_and_an_organisation_reads_as_both() {
        assertThat(CallerIdentity.shortName("x509::CN=User1,OU=client,O=Org1MSP,L=San Francisco,C=US"
                + "::CN=ca.org1.example.com,O=org1.example.com,C=US")).isEqualTo("User1 (Org1MSP)");
        assertThat(CallerIdentity.shortName("x509::CN=hospital-7::CN=ca")).isEqualTo("hospital-7");
    }

    @Test
    void an_id_without_a_common_name_or_that_does_not_parse_is_shown_whole() {
        assertThat(CallerIdentity.shortName("x509::OU=client,O=Org1MSP::CN=ca")).isEqualTo("x509::OU=client,O=Org1MSP::CN=ca");
        assertThat(CallerIdentity.shortName("x509::CN=a=b=,,::CN=ca")).isEqualTo("x509::CN=a=b=,,::CN=ca");
        assertThat(CallerIdentity.shortName("alice")).isEqualTo("alice");
    }
}

package org.fedledger.sdk.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EndorsingOrganisationsTest {
    private static final List<String> TASK = List.of("Org1MSP", "Org2MSP", "Org3MSP");

    @Test
    void an_organisation_the_gateway_knows_no_peer_of_is_left_out() {
        assertThat(EndorsingOrganisations.without(TASK,
                "failed to find any endorsing peers for org(s): Org2MSP", List.of()))
                .containsExactly("Org1MSP", "Org3MSP");
        assertThat(EndorsingOrganisations.without(TASK,
                "failed to find any endorsing peers for org(s): Org2MSP, Org3MSP", List.of()))
                .containsExactly("Org1MSP");
    }

    @Test
    void an_organisation_whose_peer_failed_is_left_out() {
        assertThat(EndorsingOrganisations.without(TASK, "failed to endorse transaction", List.of("Org3MSP")))
                .containsExactly("Org1MSP", "Org2MSP");
    }

    @Test
    void a_failure_naming_no_organisation_leaves_every_one() {
        assertThat(EndorsingOrganisations.without(TASK, "deadline exceeded", List.of())).isEqualTo(TASK);
        assertThat(EndorsingOrganisations.without(TASK, null, List.of())).isEqualTo(TASK);
    }

    @Test
    void only_organisations_that_were_asked_remain() {
        assertThat(EndorsingOrganisations.without(List.of("Org1MSP", "Org2MSP"),
                "failed to find any endorsing peers for org(s): Org4MSP", List.of("Org5MSP")))
                .containsExactly("Org1MSP", "Org2MSP");
    }
}

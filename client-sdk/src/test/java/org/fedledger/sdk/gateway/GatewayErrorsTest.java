package org.fedledger.sdk.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.util.List;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.sdk.errors.ContractRefusedException;
import org.fedledger.sdk.errors.FedLedgerClientException;
import org.fedledger.sdk.errors.LedgerRejectedException;
import org.fedledger.sdk.errors.LedgerUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** How Gateway failures become SDK exceptions: the chaincode's code is read once, into a field. */
class GatewayErrorsTest {

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void every_chaincode_error_code_in_an_endorsement_detail_becomes_a_refusal_with_that_code(ErrorCode code) {
        FedLedgerClientException e = GatewayErrors.translate("submitUpdate", Status.ABORTED,
                List.of("chaincode response 500, " + code.name() + ": the reason, with: colons"), "tx1", null);
        assertThat(e).isInstanceOf(ContractRefusedException.class);
        ContractRefusedException refused = (ContractRefusedException) e;
        assertThat(refused.code()).isEqualTo(code);
        assertThat(refused.detail()).isEqualTo("the reason, with: colons");
        assertThat(refused.transactionId()).hasValue("tx1");
        assertThat(refused.retryable()).isEqualTo(code.retryable());
    }

    @Test
    void the_code_is_found_in_any_of_several_details() {
        FedLedgerClientException e = translated(List.of("peer0 unreachable",
                "chaincode response 500, FORBIDDEN: not a trainer"));
        assertThat(((ContractRefusedException) e).code()).isEqualTo(ErrorCode.FORBIDDEN);
    }

    private static FedLedgerClientException translated(List<String> details) {
        return GatewayErrors.translate("openRound", Status.ABORTED, details, null, null);
    }

    @Test
    void an_unknown_code_or_plain_text_is_not_taken_for_a_refusal() {
        assertThat(GatewayErrors.refusal("chaincode response 500, NOT_A_CODE: x", null, null)).isEmpty();
        assertThat(GatewayErrors.refusal("failed to connect", null, null)).isEmpty();
    }

    @Test
    void transport_failures_are_unavailable_and_configuration_failures_rejected() {
        assertThat(GatewayErrors.translate("x", Status.UNAVAILABLE, List.of(), null, null))
                .isInstanceOf(LedgerUnavailableException.class).satisfies(e -> assertThat(e.retryable()).isTrue());
        assertThat(GatewayErrors.translate("x", Status.DEADLINE_EXCEEDED, List.of(), null, null))
                .isInstanceOf(LedgerUnavailableException.class);
        assertThat(GatewayErrors.translate("x", Status.PERMISSION_DENIED.withDescription("access denied"), List.of(), "t",
                null)).isInstanceOf(LedgerRejectedException.class).hasMessageContaining("access denied")
                .satisfies(e -> assertThat(e.retryable()).isFalse());
    }

    @Test
    void a_gateway_that_knows_no_peers_for_the_endorsement_policy_yet_is_unavailable_not_a_rejection() {
        // What a restarted peer's Gateway answers until gossip has found the other organisations' peers.
        assertThat(GatewayErrors.translate("openRound", Status.FAILED_PRECONDITION.withDescription("no combination of"
                + " peers can be derived which satisfy the endorsement policy"), List.of(), "t", null))
                .isInstanceOf(LedgerUnavailableException.class).satisfies(e -> assertThat(e.retryable()).isTrue());
    }
}

package org.fedledger.sdk.gateway;

import io.grpc.Status;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fedledger.protocol.error.ErrorCode;
import org.fedledger.sdk.errors.ContractRefusedException;
import org.fedledger.sdk.errors.FedLedgerClientException;
import org.fedledger.sdk.errors.LedgerRejectedException;
import org.fedledger.sdk.errors.LedgerUnavailableException;
import org.hyperledger.fabric.client.GatewayException;

/**
 * The one place where Fabric Gateway failures become the SDK's exceptions. A chaincode refusal
 * reaches the client only as text in the error details ({@code chaincode response 500, CODE: ...});
 * the code is read there once, into a {@link ContractRefusedException} field.
 */
final class GatewayErrors {
    private static final Pattern CHAINCODE_ERROR = Pattern.compile(
            "chaincode response \\d+, ([A-Z][A-Z_]*): (.*)", Pattern.DOTALL);

    private GatewayErrors() {
    }

    /** The chaincode's error code and message in one error detail's text, if it carries one. */
    static Optional<ContractRefusedException> refusal(String detailMessage, String transactionId, Throwable cause) {
        Matcher m = CHAINCODE_ERROR.matcher(detailMessage);
        if (!m.matches()) {
            return Optional.empty();
        }
        ErrorCode code;
        try {
            code = ErrorCode.valueOf(m.group(1));
        } catch (IllegalArgumentException notOurs) {
            return Optional.empty();
        }
        return Optional.of(new ContractRefusedException(code, m.group(2), transactionId, cause));
    }

    /** Translates a failed endorsement or evaluation. */
    static FedLedgerClientException translate(String what, GatewayException e, String transactionId) {
        return translate(what, e.getStatus(), e.getDetails().stream().map(d -> d.getMessage()).toList(),
                transactionId, e);
    }

    static FedLedgerClientException translate(String what, Status status, List<String> details, String transactionId,
            Throwable cause) {
        for (String detail : details) {
            Optional<ContractRefusedException> refused = refusal(detail, transactionId, cause);
            if (refused.isPresent()) {
                return refused.get();
            }
        }
        String message = what + " failed: " + status.getCode() + (status.getDescription() == null ? ""
                : " (" + status.getDescription() + ")") + (details.isEmpty() ? "" : " " + details);
        return switch (status.getCode()) {
            // FAILED_PRECONDITION: the Gateway knows no peers that satisfy the endorsement policy (or that
            // can evaluate), as for some seconds after a peer's restart until gossip membership converges.
            case UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, CANCELLED, ABORTED, INTERNAL, UNKNOWN,
                    FAILED_PRECONDITION -> new LedgerUnavailableException(message, cause);
            case OK, INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS, PERMISSION_DENIED, OUT_OF_RANGE,
                    UNIMPLEMENTED, DATA_LOSS, UNAUTHENTICATED -> new LedgerRejectedException(message, transactionId, cause);
        };
    }
}
